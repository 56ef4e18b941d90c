"""Shared paths and helpers for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import convert

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
AKN = ROOT / "akn"
GOLDENS = ROOT / "tests" / "goldens"
SHARED = ROOT.parent / "shared"


def seed_sources() -> list[Path]:
    return sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); these tests need the shared corpus")
    return SHARED


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sources: patches or spies on module internals, which compiled modules call "
                                       "directly: runs where the sources run (the UNRES_PURE=1 pass of `make test`)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if convert.RUNNING != "compiled":
        return
    skip = pytest.mark.skip(reason="patches module internals, which compiled code calls directly: runs in the "
                                   "UNRES_PURE=1 pass of `make test`")
    for item in items:
        if "sources" in item.keywords:
            item.add_marker(skip)
