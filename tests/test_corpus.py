"""The development corpus (../shared/corpus): every file converts to valid AKN with the expected structure.

Skipped, with the reason, when ../shared is absent. Expected counts were read off the printed documents.
"""

from __future__ import annotations

import pytest
from conftest import SHARED

from convert.akn.ns import xp
from convert.akn.validate import validate_tree
from convert.fidelity import compare
from convert.readers import read_path
from convert.readers.source import load

CORPUS = SHARED / "corpus"

#: file -> (kind, symbol, language, preambular, operative, sub-paragraphs, footnotes)
EXPECTED = {
    "hrc-RES-14-2.txt": ("resolution", "A/HRC/RES/14/2", "eng", 18, 13, 14, 0),
    "hrc-RES-14-10.txt": ("resolution", "A/HRC/RES/14/10", "eng", 13, 14, 0, 0),
    "hrc-RES-14-15.md": ("resolution", "A/HRC/RES/14/15", "eng", 8, 5, 0, 0),
    "hrc-DEC-14-117.txt": ("decision", "A/HRC/DEC/14/117", "eng", 1, 2, 0, 0),
    "hrc-DEC-43-112.md": ("decision", "A/HRC/DEC/43/112", "eng", 2, 1, 0, 2),
    "ga-A-RES-73-7.txt": ("resolution", "A/RES/73/7", "eng", 13, 28, 0, 9),
    "ga-A-RES-73-7.md": ("resolution", "A/RES/73/7", "eng", 13, 28, 0, 9),
    "ga-A-RES-48-246-en.txt": ("resolution", "A/RES/48/246", "eng", 10, 12, 0, 2),
    "ga-A-RES-48-161-fr.txt": ("resolution", "A/RES/48/161", "fra", 22, 26, 0, 5),
    "ga-A-RES-73-6.layout.txt": ("resolution", "A/RES/73/6", "eng", 25, 14, 0, 6),
}


@pytest.fixture(scope="module")
def corpus():
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    return CORPUS


def test_every_corpus_file_is_listed(corpus):
    assert sorted(p.name for p in corpus.iterdir() if p.suffix in (".txt", ".md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(corpus, name):
    path = corpus / name
    root = read_path(path).root
    assert [p for p in validate_tree(root, name) if p.severity == "error"] == []
    kind, symbol, language, pre, ops, points, notes = EXPECTED[name]
    assert xp(root, "string(//a:statement/@name)") == kind
    assert xp(root, "string(//a:FRBRalias[@name='symbol']/@value)") == symbol
    assert xp(root, "string(//a:FRBRlanguage/@language)") == language
    assert len(xp(root, "//a:preamble/a:container")) == pre
    assert len(xp(root, "//a:mainBody/a:paragraph")) == ops
    assert len(xp(root, "//a:mainBody//a:point")) == points
    assert len(xp(root, "//a:authorialNote[normalize-space()]")) == notes
    if ops > 1:
        assert [n.text for n in xp(root, "//a:mainBody/a:paragraph/a:num")] == [f"{i}." for i in range(1, ops + 1)]


def test_text_preservation_over_the_corpus(corpus):
    kept = total = 0
    for name in EXPECTED:
        path = corpus / name
        fmt = "markdown" if name.endswith(".md") else "text"
        report = compare(load(path).text, fmt, read_path(path).root)
        assert report.ratio >= 0.995, (name, report.ratio, report.diff[:5])
        kept, total = kept + report.kept_in_order, total + report.source_words
    assert kept / total >= 0.995
