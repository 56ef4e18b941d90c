"""What the PDF path does to be faster changes nothing: the kept typst compiler (one per thread) writes the
bytes a fresh `typst.compile()` writes, still reports bad typst as RenderError, and threads do not share it."""

from __future__ import annotations

import importlib
import threading
import warnings

import pytest
import typst
from conftest import AKN, GOLDENS
from lxml import etree

from convert.errors import RenderError
from convert.writers import render_many

R = importlib.import_module("convert.writers.render")  # the package's `render` is a function
DOCUMENTS = sorted(AKN.glob("*.xml")) + sorted(GOLDENS.glob("*.xml"))


def _sources(monkeypatch) -> list[tuple[bytes, int]]:
    """The typst sources (and timestamps) render_many compiles for DOCUMENTS."""
    seen: list[tuple[bytes, int]] = []
    compile_typst = R.compile_typst

    def keep(source: bytes, *, timestamp: int = 0) -> bytes:
        seen.append((source, timestamp))
        return compile_typst(source, timestamp=timestamp)

    monkeypatch.setattr(R, "compile_typst", keep)
    for path in DOCUMENTS:
        render_many(etree.parse(str(path)).getroot(), ["pdf"])
    monkeypatch.setattr(R, "compile_typst", compile_typst)
    return seen


def _fresh(source: bytes, timestamp: int) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typst.compile(source, format="pdf", ignore_system_fonts=True, timestamp=timestamp,
                             pdf_standards=R.PDF_STANDARDS)


def test_the_kept_compiler_writes_what_a_fresh_one_writes(monkeypatch):
    sources = _sources(monkeypatch)
    assert len(sources) == len(DOCUMENTS)
    for source, timestamp in sources * 2:  # each document twice: nothing left over from the one before
        assert R.compile_typst(source, timestamp=timestamp) == _fresh(source, timestamp)


def test_bad_typst_is_a_render_error_and_the_compiler_goes_on(monkeypatch):
    source, timestamp = _sources(monkeypatch)[0]
    for bad in (b"#let x = ", b"#unknown-function()", b'#panic("no")'):
        with pytest.raises(RenderError, match="typst could not compile the PDF"):
            R.compile_typst(bad)
        assert R.compile_typst(source, timestamp=timestamp) == _fresh(source, timestamp)


def test_each_thread_has_its_own_compiler(monkeypatch):
    sources = _sources(monkeypatch)
    expected = [_fresh(s, t) for s, t in sources]
    compilers: dict[int, typst.Compiler] = {}  # kept alive: no two can share an id()
    wrong: list[int] = []

    def work(k: int) -> None:
        compilers[k] = R._compiler()
        for i in range(k, len(sources), 3):
            if R.compile_typst(sources[i][0], timestamp=sources[i][1]) != expected[i]:
                wrong.append(i)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong
    assert len({id(c) for c in compilers.values()}) == 3
    assert all(c is not R._compiler() for c in compilers.values())
