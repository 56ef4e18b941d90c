"""Compiles the reading hot path with mypyc where it can (the list and the rules: convert/_compiled.py).

Everything else about the package is in pyproject.toml. `UNRES_PURE=1 pip install …` builds without compiling;
a compiler error leaves the sources to run (each extension is optional).
"""

import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("_compiled", HERE / "convert" / "_compiled.py")
compiled = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiled)


def extensions() -> list:
    if os.environ.get("UNRES_PURE") == "1":
        (HERE / compiled.MANIFEST).unlink(missing_ok=True)  # (modules compiled before, if any, stay unused)
        return []
    from mypyc.build import mypycify

    (HERE / compiled.MANIFEST).write_text(
        json.dumps({s: compiled.digest(HERE / s) for s in compiled.SOURCES}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    try:
        extensions = mypycify(list(compiled.SOURCES), opt_level="3", group_name="convert._mypyc",
                              target_dir="build/mypyc")  # (its C, beside the other derived outputs)
    except (Exception, SystemExit) as exc:  # (mypy exits on a type error): no extensions, the sources run
        print(f"setup.py: mypyc did not compile the hot path, the sources will run: {exc!r}", file=sys.stderr)
        return []
    for ext in extensions:
        ext.optional = True  # no C compiler: a warning, and the sources run
    return extensions


setup(ext_modules=extensions())
