"""Reads the optional metadata file a user writes beside a source (`NAME.meta.yaml`) for facts the text lacks.

Format (every key optional; unknown keys are an error, so a typo never passes silently)::

    symbol: A/HRC/58/L.8          # the document symbol
    body: Human Rights Council    # or General Assembly: the adopting body
    adopted: 2021-03-24           # adoption date (ISO)
    issued: 2025-03-25            # issuance date (ISO), the date a draft is known by
    session: 58                   # session number
    language: eng                 # ISO 639-2 code of the text's language

A value here must agree with the source where the source states it too; a disagreement is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..errors import MetadataError
from .patterns import BODIES

KEYS = {"symbol", "body", "adopted", "issued", "session", "language"}


def path_for(source: Path) -> Path:
    """seeds/X.md -> seeds/X.meta.yaml"""
    return source.with_name(source.name.rsplit(".", 1)[0] + ".meta.yaml")


def load(path: Path) -> dict[str, str]:
    """The facts of a metadata file, as strings, checked; {} when there is no file."""
    if not path.exists():
        return {}
    name = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise MetadataError(f"not valid YAML: {exc}", file=name, line=line + 1 if line is not None else None) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise MetadataError("expected `key: value` lines", file=name)
    return check(raw, name)


def check(raw: dict, name: str, *, known_only: bool = False) -> dict[str, str]:
    """Validate a mapping of facts; with `known_only`, keys other than KEYS are ignored (front matter)."""
    facts: dict[str, str] = {}
    for key, value in raw.items():
        if key not in KEYS:
            if known_only:
                continue
            raise MetadataError(f"unknown key {key!r}; known keys: {', '.join(sorted(KEYS))}", file=name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        value = str(value).strip()
        if key in ("adopted", "issued") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise MetadataError(f"{key}: expected an ISO date like 2021-03-24, got {value!r}", file=name)
        if key == "body":
            if value not in BODIES and value not in BODIES.values():
                raise MetadataError(f"body: expected one of {', '.join(BODIES)}, got {value!r}", file=name)
            value = BODIES.get(value, value)
        facts[key] = value
    return facts
