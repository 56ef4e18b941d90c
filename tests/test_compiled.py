"""The compiled reading hot path (mypyc, convert/_compiled.py) is the sources' code: same bytes, same findings."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import convert
from convert import _compiled
from convert.akn.serialize import to_bytes
from convert.akn.validate import validate_tree
from convert.readers import read_path

from conftest import GOLDENS, ROOT, SHARED, seed_sources


def _outcome(name: str) -> list:
    """What converting a file gives: the XML's sha256, the warnings, the validator's findings (or the error)."""
    try:
        r = read_path(Path(name))
    except Exception as exc:  # an input error is an outcome too
        return ["error", type(exc).__name__, str(exc)]
    return [hashlib.sha256(to_bytes(r.root)).hexdigest(), [n.message for n in r.notices],
            [str(p) for p in validate_tree(r.root, name)]]


_CHECK = """
import json, sys
sys.path[:0] = ["tests"]
import convert
from test_compiled import _outcome
print(json.dumps({"running": convert.RUNNING, "out": {name: _outcome(name) for name in sys.argv[1:]}}))
"""


def _inputs() -> list[str]:
    """Seeds, goldens, and as far as present the shared corpus and every fourth of the UN's XML files (the
    UN XML reader is not compiled, but the builder, eIds and validator it ends in are)."""
    paths = seed_sources() + sorted(p for p in GOLDENS.iterdir() if p.suffix in (".txt", ".md"))
    if SHARED.is_dir():
        paths += sorted(p for p in (SHARED / "corpus").iterdir() if p.suffix in (".txt", ".md"))
        paths += sorted((SHARED / "unxml").glob("*/*/*.xml"))[::4]
    return [str(p) for p in paths]


def test_the_build_compiled_the_hot_path_where_it_could() -> None:
    import convert.readers.text as module

    if os.environ.get("UNRES_PURE") == "1":
        assert convert.RUNNING == "sources" and module.__file__.endswith(".py")
        return
    if not any(_compiled._extension(s) for s in _compiled.SOURCES):
        if shutil.which("cc") or shutil.which("gcc"):
            pytest.fail("a C compiler is here but nothing was compiled: see what `pip install -e .` said of mypyc")
        pytest.skip("no C compiler: the sources run (as built)")
    assert convert.RUNNING == "compiled", _compiled.state()
    assert not module.__file__.endswith(".py")


def test_compiled_and_sources_give_the_same_bytes_warnings_and_findings() -> None:
    if convert.RUNNING != "compiled":
        pytest.skip(f"the sources run here ({_compiled.state()[1]}): nothing compiled to compare")
    names = _inputs()
    env = {**os.environ, "UNRES_PURE": "1"}
    done = subprocess.run([sys.executable, "-c", _CHECK, *names], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=True)
    pure = json.loads(done.stdout)
    assert pure["running"] == "sources"
    for name in names:
        assert _outcome(name) == pure["out"][name], name
    assert len(names) >= 3 + 5 and sum(o[0] != "error" for o in pure["out"].values()) >= 3 + 5


def test_an_edited_source_runs_instead_of_what_was_compiled(tmp_path: Path) -> None:
    if not any(_compiled._extension(s) for s in _compiled.SOURCES):
        pytest.skip("nothing compiled in this build")
    # a copy of the package (its compiled modules and their manifest too), imported from where it lies
    shutil.copytree(ROOT / "convert", tmp_path / "convert", ignore=shutil.ignore_patterns("__pycache__"))
    code = "import convert, convert.readers.text as t; print(convert.RUNNING, t.__file__)"
    env = {k: v for k, v in os.environ.items() if k != "UNRES_PURE"}

    def run(**extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, **extra}, capture_output=True,
                              text=True, check=True)

    as_built = run()
    assert as_built.stdout.split()[0] == "compiled" and str(tmp_path) in as_built.stdout, as_built.stdout
    assert as_built.stderr == ""
    asked = run(UNRES_PURE="1")
    assert asked.stdout.split() == ["sources", str(tmp_path / "convert/readers/text.py")] and asked.stderr == ""
    with open(tmp_path / "convert/readers/text.py", "a", encoding="utf-8") as f:
        f.write("\n# edited after the build\n")
    edited = run()
    assert edited.stdout.split() == ["sources", str(tmp_path / "convert/readers/text.py")]
    assert "text.py changed since compiled" in edited.stderr and "make setup" in edited.stderr
    (tmp_path / _compiled.MANIFEST).unlink()  # as a build with UNRES_PURE=1 leaves it
    unknown = run()
    assert unknown.stdout.split()[0] == "sources" and "no record of what was compiled" in unknown.stderr
