"""Golden files: each small source in tests/goldens/ gives exactly the XML beside it (`make accept` to update)."""

from __future__ import annotations

import pytest
from conftest import GOLDENS

from convert.akn.serialize import parse, to_bytes
from convert.akn.validate import validate_tree
from convert.fidelity import furniture_lines, split_source, split_xml
from convert.readers import format_for, read_path

CASES = sorted(p for p in GOLDENS.iterdir() if p.suffix in (".txt", ".md"))


def test_there_are_goldens():
    assert len(CASES) >= 4


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.name)
def test_golden(source):
    expected = source.with_suffix(".xml")
    assert expected.exists(), f"{expected.name} missing: run `make accept`"
    result = read_path(source)
    data = to_bytes(result.root)
    assert data == expected.read_bytes(), f"{source.name}: output differs from {expected.name} (`make accept`, review)"
    assert [p for p in validate_tree(result.root, source.name) if p.severity == "error"] == []
    root = parse(data)
    src = split_source(source.read_text(encoding="utf-8"), format_for(source), furniture_lines(root))
    out = split_xml(root)
    # every letter of every word, in order (a mended line-end break joins two source words into one)
    assert "".join(src.main) == "".join(out.main)
    assert [n for n in src.notes if n] == [n for n in out.notes if n]
