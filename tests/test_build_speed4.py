"""The builder's bookkeeping gives what walking the tree gave: the ids it notes as it writes attributes are
exactly those cited_ids finds in the tree when finish() makes the <references>, and the <num>s it notes are
those assign_eids would find."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import GOLDENS, SHARED, seed_sources

from convert.akn import build
from convert.akn.ns import q
from convert.akn.references import cited_ids
from convert.errors import InputError
from convert.readers import read_path


_NUM = q("num")


def _sources() -> list[Path]:
    paths = seed_sources() + sorted(p for p in GOLDENS.iterdir() if p.suffix in (".txt", ".md"))
    if SHARED.is_dir():  # the UN's XML (votes, sponsors, notes) and the shared corpus, as far as present
        paths += sorted((SHARED / "unxml").rglob("*.xml"))[:60]
        paths += sorted(p for p in (SHARED / "corpus").iterdir() if p.suffix in (".txt", ".md"))
    return paths


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
@pytest.mark.sources
def test_noted_ids_and_nums_are_those_in_the_tree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[set[str], set[str]]] = []
    real = build.references

    def checking(root: etree._Element, *args, cited: set[str] | None = None, **kwargs) -> etree._Element:
        seen.append((set(cited) if cited is not None else set(), cited_ids(root)))
        return real(root, *args, cited=cited, **kwargs)

    numbered: list[tuple[dict, dict]] = []
    real_eids = build.assign_eids

    def checking_nums(root: etree._Element, nums: dict | None = None) -> None:
        walked: dict = {}
        for num in root.iter(_NUM):
            walked.setdefault(num.getparent(), num)
        numbered.append((dict(nums or {}), walked))
        real_eids(root, nums)

    monkeypatch.setattr(build, "references", checking)
    monkeypatch.setattr(build, "assign_eids", checking_nums)
    try:
        read_path(path)
    except InputError:
        pytest.skip("not read (an input error, as the reader says)")
    assert len(seen) == 1
    noted, walked = seen[0]
    assert noted == walked
    assert len(numbered) == 1
    noted_nums, walked_nums = numbered[0]
    assert noted_nums == walked_nums  # (the same elements: the builder's proxies are those lxml gives back)


@pytest.mark.sources
def test_provenance_from_named_templates_is_the_plain_xml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts and furniture copied from templates kept by name (and, past the bound, made each time) give the
    XML of the elements made one by one."""
    from convert import __version__
    from convert.akn.ns import U

    def built() -> bytes:
        b = build.Builder(build.Source("x.md", "ab" * 32, "markdown"))
        for i, name in enumerate(["symbol", "body", "a name", "symbol2", "adopted"]):
            b.fact(name, f"value {i} & <more>", f"line {i}")
        for i, rule in enumerate(["page-number", "running-header", "page-number", "a rule"]):
            b.drop(10 + i, f"text {i}", rule)
        return etree.tostring(b._provenance(etree.Element("proprietary")))

    want = U.provenance(U.source(name="x.md", sha256="ab" * 32, reader="markdown"),
                        U.toolkit(name="unres", version=__version__))
    for i, name in sorted(enumerate(["symbol", "body", "a name", "symbol2", "adopted"]), key=lambda x: x[1]):
        want.append(U.fact(name=name, value=f"value {i} & <more>", origin=f"line {i}"))
    for i, rule in enumerate(["page-number", "running-header", "page-number", "a rule"]):
        want.append(U.furniture(f"text {i}", line=str(10 + i), rule=rule))
    assert built() == built() == etree.tostring(want)
    monkeypatch.setattr(build._TEMPLATES, "facts", {str(i): None for i in range(256)})  # (full: made each time)
    monkeypatch.setattr(build._TEMPLATES, "furnitures", {str(i): None for i in range(256)})
    assert built() == etree.tostring(want)
