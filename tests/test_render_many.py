"""One pandoc process for several formats (`render_many`, `pandoc lua data/render.lua`) gives, byte for
byte, what one pandoc process per format (`render_separately`, pandoc's command line) gives."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import pytest
from conftest import AKN, GOLDENS
from lxml import etree

from convert.akn.ns import xp
from convert.batch import Job, bundles, run_jobs
from convert.errors import RenderError
from convert.writers import FORMATS, render, render_many
from convert.writers.render import (LUA_WRITER, ONE_PROCESS, Format, Writer, embed_resources, render_separately,
                                    typst_literal, typst_literal_json, writer)

DOCUMENTS = sorted(AKN.glob("*.xml")) + sorted(GOLDENS.glob("*.xml"))
ALL = list(FORMATS)
#: what pandoc itself must get right and the re-writing of --embed-resources must not miss
TRICKY = ("Quotes \"double\" and 'single' & <angle> 5 > 3, &amp; as text, &#39; too, no-break\u00a0space, "
          "zero\u200bwidth, dashes -- ... -? and – —, \\ backslash, $dollar$ #hash *star* _under_ `tick`")


@cache
def tree(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


@cache
def separately(path: Path, fmt: str) -> bytes:
    return render_separately(tree(path), fmt)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_render_many_is_render_separately(path):
    many = render_many(tree(path), ALL)
    assert list(many) == ALL
    for fmt in ALL:
        assert many[fmt] == separately(path, fmt), fmt


@pytest.mark.parametrize("path", DOCUMENTS[:2], ids=[p.stem for p in DOCUMENTS[:2]])
def test_render_is_render_separately(path):
    for fmt in ALL:
        assert render(tree(path), fmt) == separately(path, fmt), fmt


def tricky_document() -> etree._Element:
    root = copy.deepcopy(tree(GOLDENS / "md-draft-sponsors.xml"))
    xp(root, "//a:docTitle")[0].text = "A \"quoted\" title & <b> 'apostrophe'"  # breaks an HTML attribute
    for p in xp(root, "//a:mainBody//a:p")[:2]:
        p.text = TRICKY + " " + (p.text or "")
    return root


def test_tricky_text_is_the_same_both_ways():
    root = tricky_document()
    many = render_many(root, ALL)
    for fmt in ALL:
        assert many[fmt] == render_separately(root, fmt), fmt


def test_embed_resources_gives_up_when_unsure():
    assert embed_resources('<p a="1">x</p>') == '<p a="1">x</p>'
    assert embed_resources("<p>it's</p><br /><br><hr/>") == "<p>it&#39;s</p><br /><br><hr />"
    for unsure in ('<img src="a.png">', "<script>x</script>", "<p>&nbsp;</p>", '<p title="a "b" c">x</p>',
                   '<link rel="stylesheet" href="x.css">', "<style>a { background: url(x.png) }</style>",
                   "<p>a < b</p>", "<!-- open"):
        assert embed_resources(unsure) is None, unsure
    assert embed_resources("<style>\n  a  { b: c; } /* note */\n\n</style>") == "<style>\na { b: c; } \n</style>"


def test_typst_literal_json_is_typst_literal():
    import json

    root = tricky_document()
    from convert.writers.pandoc_ast import to_pandoc

    ast = to_pandoc(root)
    compact = json.dumps(ast, separators=(",", ":"))
    assert typst_literal_json(compact) == json.dumps(typst_literal(ast), separators=(",", ":"))


def test_render_many_unknown_format():
    with pytest.raises(RenderError, match="unknown format"):
        render_many(tree(DOCUMENTS[0]), ["html", "nope"])


def test_writer_reports_pandoc_errors_and_keeps_going():
    w = Writer()
    try:
        bad = Format("bad", "no-such-writer", ("-s",), ".x")
        with pytest.raises(RenderError, match="no-such-writer"):
            w.write([{"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": []}], [(0, bad, (), False)])
        ok = w.write([{"pandoc-api-version": [1, 23, 1, 1], "meta": {},
                       "blocks": [{"t": "Para", "c": [{"t": "Str", "c": "x"}]}]}],
                     [(0, FORMATS["txt"], (), False)])
        assert ok == [b"x\n"]
        with pytest.raises(RenderError, match="could not write"):  # not JSON pandoc can read
            w.write(["{not json"], [(0, FORMATS["txt"], (), False)])
    finally:
        w.close()


def test_a_pandoc_that_dies_is_reported_with_what_it_said(tmp_path, monkeypatch):
    """When the writer's pandoc dies, the error carries its exit code and the end of its stderr."""
    import importlib

    render_module = importlib.import_module("convert.writers.render")  # the package's `render` is a function
    script = tmp_path / "dies.lua"
    script.write_text('io.stdin:read(8)\nio.stderr:write("render.lua: something broke here\\n")\nos.exit(3)\n')
    monkeypatch.setattr(render_module, "LUA_WRITER", script)
    w = Writer()
    try:
        with pytest.raises(RenderError, match=r"ended \(exit 3\) writing plain\S*: render.lua: something broke here"):
            w.write([{"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": []}], [(0, FORMATS["txt"], (), False)])
    finally:
        w.close()


def test_writer_restarts_after_its_pandoc_dies():
    path = DOCUMENTS[0]
    first = render_many(tree(path), ["md", "txt"])
    proc = writer().proc
    assert proc is not None and proc.poll() is None
    proc.kill()
    proc.wait()
    assert render_many(tree(path), ["md", "txt"]) == first  # the next request starts a new pandoc
    assert writer().proc is not proc


def test_one_process_formats_and_script_is_package_data():
    assert LUA_WRITER.is_file()
    assert ONE_PROCESS <= set(FORMATS) and "docx" not in ONE_PROCESS
    import tomllib

    data = tomllib.loads((AKN.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert any(Path("data/render.lua").match(p) or p in ("data/*.lua", "data/**/*") for p in data["convert"])


def test_batch_renders_each_file_in_one_go(tmp_path):
    paths = DOCUMENTS[:2]
    jobs = [Job("render", str(p), str(tmp_path / f"{p.stem}{FORMATS[f].suffix}"), f) for p in paths
            for f in ("html", "md", "pdf")]
    work = bundles(jobs)
    assert [len(b) for b in work] == [3, 3]
    for group in work:
        outcomes = run_jobs(group)
        assert [o.status for o in outcomes] == ["converted"] * 3
        for o in outcomes:
            assert o.data == separately(Path(o.job.source), o.job.fmt)


def test_batch_bundle_with_a_failing_format_fails_alone(tmp_path, monkeypatch):
    """One format that pandoc cannot write fails alone; the bundle's other formats are still written."""
    monkeypatch.setitem(FORMATS, "md", Format("md", "no-such-writer", ("-s",), ".md"))
    path = str(DOCUMENTS[0])
    outcomes = run_jobs((Job("render", path, str(tmp_path / "a.html"), "html"),
                         Job("render", path, str(tmp_path / "a.md"), "md")))
    assert [o.status for o in outcomes] == ["converted", "failed"]
    assert outcomes[0].data == separately(DOCUMENTS[0], "html")
    assert "no-such-writer" in outcomes[1].error


def test_batch_bundle_of_unreadable_xml_fails_each(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<not akn")
    outcomes = run_jobs((Job("render", str(bad), str(tmp_path / "a.html"), "html"),
                         Job("render", str(bad), str(tmp_path / "a.md"), "md")))
    assert [o.status for o in outcomes] == ["failed", "failed"]


def test_an_interrupted_request_never_answers_the_next_one(monkeypatch):
    """Interrupted between sending a request and reading its replies, the writer's pandoc is dropped:
    the next request gets its own output, not the interrupted one's."""
    doc = {"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": [{"t": "Para", "c": [{"t": "Str", "c": "one"}]}]}
    two = {**doc, "blocks": [{"t": "Para", "c": [{"t": "Str", "c": "two"}]}]}
    w = Writer()
    try:
        real = Writer._frame

        def interrupted(self, fd, deadline):
            monkeypatch.setattr(Writer, "_frame", real)
            raise KeyboardInterrupt

        monkeypatch.setattr(Writer, "_frame", interrupted)
        with pytest.raises(KeyboardInterrupt):
            w.write([doc], [(0, FORMATS["txt"], (), False)])
        assert w.write([two], [(0, FORMATS["txt"], (), False)]) == [b"two\n"]
    finally:
        w.close()


def test_a_document_without_a_title_is_the_same_both_ways():
    root = copy.deepcopy(tree(DOCUMENTS[0]))
    for title in xp(root, "//a:preface//a:docTitle"):
        title.getparent().remove(title)
    assert not xp(root, "//a:preface//a:docTitle")
    for fmt in ("html", "md", "txt"):
        assert render_many(root, [fmt])[fmt] == render_separately(root, fmt), fmt


def test_each_thread_has_its_own_pandoc_and_the_same_output():
    """Threads of one process (a Dask worker's) render at once, each through its own pandoc writer."""
    import threading

    root = tree(DOCUMENTS[0])
    expected = render_many(root, ["html", "md"])
    barrier = threading.Barrier(2)
    seen: dict[int, tuple] = {}

    def work(k: int) -> None:
        barrier.wait()  # both threads render at the same time
        out = render_many(tree(DOCUMENTS[0]), ["html", "md"])
        w = writer()
        seen[k] = (w, w.proc.pid, out)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (w0, pid0, out0), (w1, pid1, out1) = seen[0], seen[1]
    assert w0 is not w1 and pid0 != pid1 and writer() not in (w0, w1)
    assert out0 == out1 == expected
    for w in (w0, w1):
        w.close()
