"""The modules of the reading hot path that a build compiles with mypyc, and which copy of them is imported.

`pip install` compiles these modules (setup.py) where it can: the same code as C extensions, about a quarter
faster (bench/RESULTS.md). The sources stay beside them and are imported instead when
- `UNRES_PURE=1` is set (to run or test the code as written, or to debug it), or
- a source no longer is what was compiled (edited since: `make setup` compiles it again), with a warning.
A build with no C compiler (or with `UNRES_PURE=1` set) has no extensions: then the sources are all there is.
The modules call each other directly once compiled, so the choice is all of them or none.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

#: source paths relative to the project root (setup.py compiles these)
SOURCES = (
    "convert/readers/text.py", "convert/readers/patterns.py", "convert/readers/language.py",
    "convert/readers/assemble.py", "convert/readers/markdown.py",
    "convert/akn/build.py", "convert/akn/eids.py", "convert/akn/validate.py",
)
#: where a build records the sha256 of each source it compiled
MANIFEST = "convert/_compiled.json"
_PACKAGE = Path(__file__).resolve().parent


def module_name(source: str) -> str:
    return source[: -len(".py")].replace("/", ".")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extension(source: str) -> Path | None:
    """The compiled module beside a source, if any."""
    stem = _PACKAGE.parent / source[: -len(".py")]
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if (candidate := stem.with_name(stem.name + suffix)).exists():
            return candidate
    return None


#: state()'s reason when the build compiled nothing
NOTHING_COMPILED = "no compiled modules (built with UNRES_PURE=1 or without a C compiler)"


def state() -> tuple[str, str]:
    """("compiled" | "sources", why)."""
    extensions = {s: _extension(s) for s in SOURCES}
    if not any(extensions.values()):
        return "sources", NOTHING_COMPILED
    if os.environ.get("UNRES_PURE") == "1":
        return "sources", "UNRES_PURE=1"
    try:
        built = json.loads((_PACKAGE.parent / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "sources", f"no record of what was compiled ({MANIFEST}; `make setup` compiles again)"
    stale = [s for s in SOURCES if extensions[s] is None or built.get(s) != digest(_PACKAGE.parent / s)]
    if stale:
        names = ", ".join(Path(s).name for s in stale)
        return "sources", f"{names} changed since compiled (`make setup` compiles again)"
    return "compiled", "every source is what was compiled"


class _Sources:
    """A finder that gives the compiled modules' names their `.py` files."""

    names = {module_name(s): _PACKAGE.parent / s for s in SOURCES}

    def find_spec(self, name: str, path=None, target=None):
        file = self.names.get(name)
        return importlib.util.spec_from_file_location(name, file) if file is not None else None


def choose() -> str:
    """Import the sources instead of the compiled modules where `state()` says so; returns the state."""
    kind, why = state()
    if kind == "sources" and why != NOTHING_COMPILED:  # (nothing to steer past)
        if not any(isinstance(f, _Sources) for f in sys.meta_path):
            sys.meta_path.insert(0, _Sources())
        if why != "UNRES_PURE=1":
            print(f"unres: running the sources, not the compiled modules: {why}", file=sys.stderr)
    return kind
