"""The three seeds: exact structure, schema and profile validity, goldens, and no word lost."""

from __future__ import annotations

import pytest
from conftest import AKN, seed_sources

from convert.akn.ns import text_of, xp
from convert.akn.serialize import parse, to_bytes
from convert.akn.validate import validate_tree
from convert.fidelity import furniture_lines, split_source, split_xml
from convert.readers import format_for, read_path

SEEDS = {s.stem: s for s in seed_sources()}


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request):
    source = SEEDS[request.param]
    result = read_path(source)
    return source, result


def test_there_are_three_seeds():
    assert sorted(SEEDS) == ["A-HRC-58-L.8-draft", "A-HRC-RES-34-39", "A-HRC-RES-46-28"]


def test_output_matches_committed_golden(seed):
    source, result = seed
    golden = AKN / f"{source.stem}.xml"
    assert golden.exists(), f"{golden} missing: run `make accept`"
    assert to_bytes(result.root) == golden.read_bytes(), f"{golden} is stale: run `make accept` and review the diff"


def test_valid_against_xsd_and_profile(seed):
    source, result = seed
    problems = validate_tree(result.root, source.name)
    assert [p for p in problems if p.severity == "error"] == []


def test_every_word_of_the_source_reaches_the_xml_in_order(seed):
    source, result = seed
    root = parse(to_bytes(result.root))
    fmt = format_for(source)
    src = split_source(source.read_text(encoding="utf-8"), fmt, furniture_lines(root))
    out = split_xml(root)
    assert len(src.main) > 1000
    assert src.main == out.main
    assert [n for n in src.notes if n] == [n for n in out.notes if n]


def test_same_input_same_bytes(seed):
    source, result = seed
    assert to_bytes(read_path(source).root) == to_bytes(result.root)


def _counts(root):
    return (
        len(xp(root, "//a:preamble/a:container")),
        len(xp(root, "//a:mainBody/a:paragraph")),
        [n.text for n in xp(root, "//a:mainBody/a:paragraph/a:num")],
    )


def _notes(root):
    return [(n.get("marker"), text_of(n), n.get("status")) for n in xp(root, "//a:authorialNote")]


def test_2017_structure():
    root = read_path(SEEDS["A-HRC-RES-34-39"]).root
    pre, ops, nums = _counts(root)
    assert (pre, ops) == (15, 27)
    assert nums == [f"{i}." for i in range(1, 28)]
    assert xp(root, "//a:statement/@name") == ["resolution"]
    # the marker stays in "Taking note with appreciation …", its text is missing: no text invented
    (note,) = xp(root, "//a:authorialNote")
    container = note.getparent().getparent()
    assert container.get("name") == "Taking note with appreciation"
    assert note.get("marker") == "1" and note.get("status") == "unknown" and text_of(note) == ""
    assert xp(root, "//a:FRBRalias[@name='symbol']/@value") == ["A/HRC/RES/34/39"]
    assert xp(root, "//a:FRBRWork/a:FRBRdate/@date") == ["2017-03-24"]
    assert xp(root, "//a:FRBRWork/a:FRBRthis/@value") == [
        "/akn/un/statement/deliberation/unga-hrc/2017-03-24/34-39/!main"]
    assert text_of(xp(root, "//a:conclusions")[0]) == "59th session 24 March 2017 [Adopted without a vote.]"
    assert "counter-terrorism operations" in text_of(xp(root, "//a:paragraph[@eId='para_12']")[0])


def test_2017_warns_about_the_missing_note():
    result = read_path(SEEDS["A-HRC-RES-34-39"])
    assert any("footnote 1" in n.message and "missing" in n.message for n in result.notices)


def test_2021_structure():
    root = read_path(SEEDS["A-HRC-RES-46-28"]).root
    pre, ops, nums = _counts(root)
    assert (pre, ops) == (24, 36)
    assert nums == [f"{i}." for i in range(1, 37)]
    notes = _notes(root)
    assert notes == [("1", "A/HRC/46/68.", None), ("2", "S/2020/1281.", None),
                     ("3", "S/AC.51/2020/11.", None), ("4", "S/2020/1332, annex.", None)]
    # each note inside the paragraph that cites it
    cited_in = [text_of(n.getparent())[:60] for n in xp(root, "//a:authorialNote")]
    assert cited_in[0].startswith("Taking note with satisfaction")
    assert cited_in[1].startswith("Taking note of the latest report")
    assert cited_in[2].startswith("Taking note with interest")
    assert cited_in[3].startswith("Welcomes the report of the International Commission")
    # the paragraph split by a page break is whole again
    deeply = xp(root, "//a:container[@name='Deeply concerned']")[0]
    assert "announced in the Government's Action Plan, in particular" in text_of(deeply)
    concl = xp(root, "//a:conclusions")[0]
    assert xp(concl, ".//a:location/text()") == ["51st meeting"]
    assert xp(concl, ".//a:docDate/@date") == ["2021-03-24"]
    assert xp(concl, ".//a:outcome/@refersTo") == ["#adoptedWithoutVote"]
    assert text_of(xp(concl, ".//a:outcome")[0]) == "[Adopted without a vote.]"
    assert xp(root, "//a:coverPage//a:session/@value") == ["46"]
    assert xp(root, "//a:FRBRalias[@name='symbol']/@value") == ["A/HRC/RES/46/28"]


def test_2025_draft_structure():
    root = read_path(SEEDS["A-HRC-58-L.8-draft"]).root
    assert xp(root, "//a:statement/@name") == ["resolutionDraft"]
    pre, ops, nums = _counts(root)
    assert (pre, ops) == (23, 31)
    assert nums == [f"{i}." for i in range(1, 32)]
    (proponent,) = xp(root, "//a:preface//a:docProponent")
    assert proponent.text == "Ghana" and proponent.get("as") == "#sponsor"
    assert xp(root, f"//a:references/a:TLCOrganization[@eId='{proponent.get('refersTo')[1:]}']/@showAs") == ["Ghana"]
    star = xp(root, "//a:preface//a:authorialNote")[0]
    assert star.get("marker") == "*"
    assert text_of(star) == ("On behalf of the States Members of the United Nations that are members of the "
                             "Group of African States.")
    assert xp(root, "//a:preface//a:docStage/text()") == ["draft resolution"]
    numbered = [(m, t) for m, t, _ in _notes(root) if m != "*"]
    assert numbered == [("1", "A/HRC/58/79."), ("2", "S/AC.51/2023/3.")]
    # the symbol is not in the text: it comes from the metadata file, and only into meta
    assert xp(root, "//a:FRBRalias[@name='symbol']/@value") == ["A/HRC/58/L.8"]
    assert xp(root, "//a:coverPage//a:docNumber") == []
    assert xp(root, "//u:fact[@name='symbol']/@origin") == ["metadata file"]
    assert xp(root, "//a:FRBRWork/a:FRBRthis/@value") == [
        "/akn/un/statement/deliberation/unga-hrc/2025-03-25/A-HRC-58-L.8/!main"]
    # paragraphs split by page breaks (with and without a page rule) are whole again
    assert "in particular the recruitment and use of children" in text_of(xp(root, "//a:paragraph[@eId='para_1']")[0])
    assert "in violation of international law, to put a stop" in text_of(xp(root, "//a:paragraph[@eId='para_11']")[0])


def test_every_date_comes_from_the_source_or_its_metadata_file(seed):
    """Never invent: no wall-clock date; every @date in the XML is a date the source (or meta file) states."""
    import re

    from convert.readers.language import find_date
    from convert.readers.metadata import load, path_for

    source, result = seed
    text = source.read_text(encoding="utf-8")
    stated = {find_date(m.group(0))[0] for m in re.finditer(r"\d{1,2} [A-Z][a-z]+ \d{4}", text)}
    stated |= {v for k, v in load(path_for(source)).items() if k in ("adopted", "issued")}
    dates = set(xp(result.root, "//@date"))
    assert dates and dates <= stated
