"""Shared paths and helpers for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

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
