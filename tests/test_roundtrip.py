"""Round trip: for every file in akn/, AKN -> Markdown -> Markdown reader -> the same canonical XML.

The only part allowed to differ is the provenance (`<proprietary>`): it names the file read and its
checksum, which are the Markdown's now, not the original source's.
"""

from __future__ import annotations

import pytest
from conftest import AKN

from convert.akn.ns import xp
from convert.akn.serialize import parse, to_bytes
from convert.readers import read_bytes
from convert.writers import render

FILES = sorted(AKN.glob("*.xml"))


def without_provenance(data: bytes) -> bytes:
    root = parse(data)
    for prop in xp(root, "//a:proprietary"):
        prop.getparent().remove(prop)
    return to_bytes(root)


def test_there_are_files():
    assert len(FILES) >= 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_akn_markdown_akn_is_identical(path):
    original = path.read_bytes()
    markdown = render(parse(original), "md")
    again = to_bytes(read_bytes(markdown, path.stem + ".md", "markdown").root)
    assert without_provenance(again) == without_provenance(original)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_markdown_is_a_fixed_point(path):
    markdown = render(parse(path.read_bytes()), "md")
    again = render(read_bytes(markdown, path.stem + ".md", "markdown").root, "md")
    assert again == markdown


def test_the_comparison_can_fail():
    original = (AKN / "A-HRC-RES-46-28.xml").read_bytes()
    markdown = render(parse(original), "md").replace(b"*Reaffirming also*", b"*Reaffirming*", 1)
    again = to_bytes(read_bytes(markdown, "x.md", "markdown").root)
    assert without_provenance(again) != without_provenance(original)
