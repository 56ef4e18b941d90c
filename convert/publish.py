"""Publishes AKN documents as a static site: an index, one page per document, its downloads, checksums and
a validation report, in one folder that can be served from anywhere (every link is relative).

    from convert.publish import publish
    publish(sorted(Path("akn").glob("*.xml")), Path("public"), renditions=Path("build"))

The site (flat, so that a page's links to its files are just `NAME.xml`, `NAME.pdf`):

    index.html          a table of the documents: symbol, title, body, session, date, kind (adopted or
                        draft), links to the page and the files, the validation status
    NAME.html           the HTML rendition (the html writer's template, unres.html) with the masthead laid
                        out by role, `<link rel=alternate>`s and a download box: each file, its size, SHA-256
    NAME.xml            the AKN file, byte for byte
    NAME.md, NAME.pdf, NAME.docx
                        the renditions: reused from `renditions/FMT/NAME.SUFFIX` when that file is newer than
                        the XML and than the writers (code and templates), else rendered here
    validation.html     `convert.akn.validate.validate_file` for each document
    SHA256SUMS          the checksum of every other file (`sha256sum -c SHA256SUMS` checks the site)

The site is built in a temporary folder beside `out` and swapped in at the end: a failure leaves the old
site (or none) in place, never half a site. The output depends only on the inputs (no clock, no absolute
path): the same AKN files give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import shutil
import string
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .akn.ns import local, text_of, xp
from .akn.serialize import parse
from .akn.validate import Problem, validate_file
from .errors import InputError
from .writers import FORMATS, render, to_pandoc
from .writers.render import epoch, pandoc, typst_masthead

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "data" / "templates"
#: what a rendition depends on besides its XML (as the Makefile's WRITERS): newer than all of it, it is reused
WRITER_SOURCES = ("writers/*.py", "akn/*.py", "data/templates/*")

INDEX = "index.html"
VALIDATION = "validation.html"
SUMS = "SHA256SUMS"
RESERVED = {INDEX, VALIDATION, SUMS}


@dataclass(frozen=True)
class Download:
    """One file offered for download beside a page."""

    fmt: str  # "akn" or a key of FORMATS
    suffix: str
    label: str
    short: str  # in the index's narrow column
    mime: str


#: the files of each document, in the order the download box lists them
DOWNLOADS = (
    Download("akn", ".xml", "Akoma Ntoso XML", "XML", "application/akn+xml"),
    Download("pdf", ".pdf", "PDF", "PDF", "application/pdf"),
    Download("docx", ".docx", "Word (DOCX)", "Word",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Download("md", ".md", "Markdown", "Markdown", "text/markdown"),
)

#: statement/@name -> (adopted or draft, how the index says it)
KINDS = {
    "resolution": ("adopted", "Adopted resolution"),
    "decision": ("adopted", "Adopted decision"),
    "resolutionDraft": ("draft", "Draft resolution"),
    "decisionDraft": ("draft", "Draft decision"),
}


# --- what the index shows ----------------------------------------------------------------------

@dataclass
class Document:
    """A document's facts for the index, all read from its AKN."""

    name: str
    symbol: str = ""
    title: str = ""
    body: str = ""
    session: str = ""
    date: str = ""
    date_name: str = ""  # "adoption" or "issuance"
    kind: str = ""  # statement/@name
    status: str = ""  # "adopted" or "draft"
    kind_label: str = ""
    lang: str = ""
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, tuple[int, str]] = field(default_factory=dict)  # file name -> (size, sha256)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _first(root: etree._Element, path: str) -> str:
    found = xp(root, path)
    if not found:
        return ""
    value = found[0]
    return " ".join((value if isinstance(value, str) else text_of(value)).split())


def authority_name(root: etree._Element) -> str:
    """The body that issued the document ("Human Rights Council"): FRBRWork/FRBRauthor's TLCOrganization."""
    ref = _first(root, "//a:FRBRWork/a:FRBRauthor/@href").lstrip("#")
    if not ref:
        return ""
    shown = _first(root, f"//a:references/a:TLCOrganization[@eId='{ref}']/@showAs") if "'" not in ref else ""
    return shown or ref


def document_info(root: etree._Element, name: str) -> Document:
    """The index facts of one AKN document: FRBRalias symbol, the preface's docTitle, FRBRauthor's body,
    the session (coverPage session/@value, else the provenance fact), FRBRWork's date, statement/@name."""
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    doc = Document(name=name)
    doc.symbol = _first(root, "//a:FRBRWork/a:FRBRalias[@name='symbol']/@value")
    doc.title = _first(root, "/a:akomaNtoso/*[1]/a:preface//a:docTitle")
    doc.body = authority_name(root)
    doc.session = (_first(root, "//a:coverPage//a:session/@value")
                   or _first(root, "//a:meta/a:proprietary/u:provenance/u:fact[@name='session']/@value"))
    for wanted in ("adoption", "issuance", ""):
        pick = f"[@name='{wanted}']" if wanted else ""
        date = _first(root, f"//a:FRBRWork/a:FRBRdate{pick}/@date")
        if date:
            doc.date = date
            doc.date_name = wanted or _first(root, "//a:FRBRWork/a:FRBRdate/@name")
            break
    statement = xp(root, "/a:akomaNtoso/*[1]")
    doc.kind = (statement[0].get("name") or local(statement[0])) if statement else ""
    doc.status, doc.kind_label = KINDS.get(doc.kind, ("draft" if doc.kind.lower().endswith("draft") else "adopted",
                                                      doc.kind))
    doc.lang = _first(root, "//a:FRBRExpression/a:FRBRlanguage/@language")
    return doc


# --- the HTML page of a document ----------------------------------------------------------------

def html_masthead(ast: dict[str, Any], root: etree._Element) -> dict[str, Any]:
    """The masthead's lines by role for CSS: render.py's typst_masthead, its Divs `#coverPage__ROLE`
    (an id, repeated for several lines of one role) made Divs of class `m-ROLE`, and the masthead's Div
    given the classes `roles` (and `organ` when a line is the organ), which unres.css lays out."""
    ast = typst_masthead(ast, root)
    blocks = []
    for b in ast["blocks"]:
        if b["t"] == "Div" and b["c"][0][0] == "coverPage":
            (ident, classes, attrs), inner = b["c"]
            roles = [c["c"][0][0].split("__", 1)[1] if c["t"] == "Div" and c["c"][0][0].startswith("coverPage__")
                     else "" for c in inner]
            if inner and all(roles):
                inner = [{"t": "Div", "c": [["", [f"m-{role}"], []], c["c"][1]]}
                         for role, c in zip(roles, inner, strict=True)]
                classes = [*classes, "roles", *(["organ"] if "organ" in roles else [])]
            b = {"t": "Div", "c": [[ident, classes, attrs], inner]}
        blocks.append(b)
    return {**ast, "blocks": blocks}


def _meta_string(value: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": value}


def human_size(size: int) -> str:
    """A file size as people read it (powers of 1000).

    >>> human_size(999), human_size(48_123), human_size(1_234_567)
    ('999 bytes', '48.1 kB', '1.2 MB')
    """
    if size < 1000:
        return f"{size} bytes"
    for unit in ("kB", "MB", "GB"):
        size_f = size / 1000
        if size_f < 1000 or unit == "GB":
            return f"{size_f:.1f} {unit}"
        size = int(size_f)
    raise AssertionError("unreachable")


def page_html(root: etree._Element, name: str, files: dict[str, bytes] | None = None) -> bytes:
    """The page of one document: what the html writer writes, with metadata that unres.html turns into the
    site's frame: `name` (links to NAME.xml …), `index`, `validation`, `checksums`, `downloads` (each file's
    size and SHA-256, from `files`: file name -> bytes), `authorityName`, and the masthead's roles.

    (This is `render(root, "html")` plus metadata; render() takes no extra metadata yet.)
    """
    spec = FORMATS["html"]
    ast = to_pandoc(root)
    for key in spec.drop_meta:
        ast["meta"].pop(key, None)
    ast = html_masthead(ast, root)
    extra = {"name": name, "index": INDEX, "validation": f"{VALIDATION}#{name}", "checksums": SUMS}
    body = authority_name(root)
    if body:
        extra["authorityName"] = body
    meta = {**ast["meta"], **{k: _meta_string(v) for k, v in extra.items()}}
    if files:
        listed = []
        for d in DOWNLOADS:
            file = name + d.suffix
            if file in files:
                data = files[file]
                entry = {"href": file, "label": d.label, "type": d.mime, "size": human_size(len(data)),
                         "bytes": str(len(data)), "sha256": hashlib.sha256(data).hexdigest()}
                listed.append({"t": "MetaMap", "c": {k: _meta_string(v) for k, v in entry.items()}})
        meta["downloads"] = {"t": "MetaList", "c": listed}
    return pandoc({**ast, "meta": meta}, spec.to, spec.args, source_date_epoch=epoch(root))


# --- the index and the validation report -------------------------------------------------------

def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _css() -> str:
    return (TEMPLATES / "unres.css").read_text(encoding="utf-8").rstrip("\n")


def _nav(current: str) -> str:
    links = [(INDEX, "All documents"), (VALIDATION, "Validation report"), (SUMS, "SHA256SUMS")]
    current_page = ' aria-current="page"'
    return "\n".join(f'    <a href="{href}"{current_page if href == current else ""}>{_e(label)}</a>'
                     for href, label in links)


def site_page(file: str, title: str, content: str) -> bytes:
    """A page of the site's own (index, validation report) in convert/data/templates/site.html."""
    frame = string.Template((TEMPLATES / "site.html").read_text(encoding="utf-8"))
    return frame.substitute(title=_e(title), css=_css(), nav=_nav(file), content=content).encode("utf-8")


DATE_NAMES = {"adoption": "adopted", "issuance": "issued"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # not strftime's %B: that follows the locale


def long_date(iso: str) -> str:
    """2021-03-24 -> "24 March 2021" (as UN documents print dates); anything else as it is."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _status(doc: Document) -> str:
    if not doc.problems:
        return '<span class="status-valid">valid</span>'
    parts = [f"{doc.errors} error{'s' * (doc.errors != 1)}"] if doc.errors else []
    parts += [f"{doc.warnings} warning{'s' * (doc.warnings != 1)}"] if doc.warnings else []
    css = "status-invalid" if doc.errors else "status-valid"
    return f'<span class="{css}">{"valid, " if not doc.errors else ""}{", ".join(parts)}</span>'


def index_html(docs: list[Document]) -> bytes:
    adopted = sum(d.status == "adopted" for d in docs)
    rows = []
    for d in docs:
        date = f'<time datetime="{_e(d.date)}">{_e(long_date(d.date))}</time>' if d.date else ""
        if date and d.date_name:
            date += f'<br><span class="intro">{_e(DATE_NAMES.get(d.date_name, d.date_name))}</span>'
        formats = " ".join(f'<a href="{_e(d.name + x.suffix)}" type="{x.mime}">{_e(x.short)}</a>'
                           for x in DOWNLOADS)
        rows.append(
            "      <tr>\n"
            f'        <td class="symbol-cell"><a href="{_e(d.name)}.html">{_e(d.symbol or d.name)}</a></td>\n'
            f'        <td class="title-cell">{_e(d.title)}</td>\n'
            f"        <td>{_e(d.body)}</td>\n"
            f"        <td>{_e(d.session)}</td>\n"
            f'        <td class="date-cell">{date}</td>\n'
            f'        <td><span class="kind kind-{_e(d.status)}">{_e(d.kind_label)}</span></td>\n'
            f'        <td class="formats">{formats}</td>\n'
            f'        <td><a href="{VALIDATION}#{_e(d.name)}">{_status(d)}</a></td>\n'
            "      </tr>")
    drafts = len(docs) - adopted
    content = f"""<h1>United Nations resolutions</h1>
<p class="intro">{len(docs)} document{"s" * (len(docs) != 1)}: {adopted} adopted, {drafts} draft{"s" * (drafts != 1)}.
Each symbol opens the document; its files are Akoma Ntoso XML (the source of every other format), PDF, Word and
Markdown. <a href="{SUMS}">SHA256SUMS</a> holds the checksum of every file; the
<a href="{VALIDATION}">validation report</a> checks each XML file against the OASIS schema and the unres profile.</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="documents-caption">
  <table class="documents">
    <caption id="documents-caption">Documents, newest first</caption>
    <thead>
      <tr>
        <th scope="col">Symbol</th>
        <th scope="col">Title</th>
        <th scope="col">Body</th>
        <th scope="col">Session</th>
        <th scope="col">Date</th>
        <th scope="col">Kind</th>
        <th scope="col">Files</th>
        <th scope="col">Validation</th>
      </tr>
    </thead>
    <tbody>
{chr(10).join(rows)}
    </tbody>
  </table>
</div>"""
    return site_page(INDEX, "United Nations resolutions", content)


def validation_html(docs: list[Document]) -> bytes:
    sections = []
    for d in docs:
        head = (f'<section aria-labelledby="{_e(d.name)}">\n'
                f'<h2 id="{_e(d.name)}"><a href="{_e(d.name)}.html">{_e(d.symbol or d.name)}</a>'
                f" — {_e(d.name)}.xml</h2>\n")
        if not d.problems:
            sections.append(head + '<p><span class="status-valid">Valid</span>: no problems found.</p>\n</section>')
            continue
        rows = "\n".join(
            f"      <tr><td>{_e(p.severity)}</td><td>{_e(p.line or '')}</td><td>{_e(p.eid or '')}</td>"
            f"<td>{_e(p.rule)}</td><td>{_e(p.message)}</td></tr>" for p in d.problems)
        sections.append(
            head + f"<p>{_status(d)}</p>\n"
            '<div class="table-wrap" tabindex="0" role="region" aria-label="Problems in ' + _e(d.name) + '.xml">\n'
            '  <table class="problems">\n'
            "    <thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Line</th><th scope=\"col\">Element</th>"
            "<th scope=\"col\">Rule</th><th scope=\"col\">Message</th></tr></thead>\n"
            f"    <tbody>\n{rows}\n    </tbody>\n  </table>\n</div>\n</section>")
    invalid = sum(bool(d.errors) for d in docs)
    content = ("<h1>Validation report</h1>\n"
               f'<p class="intro">Each XML file checked against the strict OASIS Akoma Ntoso 3.0 schema and the '
               f"unres profile (references resolve, eIds unique and by convention, FRBR consistent, numbering, "
               f"footnotes): {len(docs) - invalid} of {len(docs)} valid.</p>\n" + "\n".join(sections))
    return site_page(VALIDATION, "Validation report", content)


def sha256sums(site: Path) -> bytes:
    """`sha256sum` lines for every file of the site but SHA256SUMS, by name."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(site).as_posix()}\n"
             for p in sorted(site.rglob("*")) if p.is_file() and p.name != SUMS]
    return "".join(lines).encode("utf-8")


# --- the site ----------------------------------------------------------------------------------

def _writers_mtime() -> int:
    return max((p.stat().st_mtime_ns for pattern in WRITER_SOURCES for p in PACKAGE.glob(pattern) if p.is_file()),
               default=0)


def _reusable(renditions: Path | None, fmt: str, name: str, newer_than: int) -> bytes | None:
    """renditions/FMT/NAME.SUFFIX when it is newer than the XML and the writers, else None."""
    if renditions is None:
        return None
    path = renditions / fmt / (name + FORMATS[fmt].suffix)
    try:
        if path.is_file() and path.stat().st_mtime_ns > newer_than:
            return path.read_bytes()
    except OSError:
        return None
    return None


def _check_inputs(akn_files: list[Path], out: Path, renditions: Path | None) -> None:
    if not akn_files:
        raise InputError("nothing to publish: no AKN files given")
    names: dict[str, Path] = {}
    for path in akn_files:
        for taken in (path.stem + ".html", path.stem + ".xml"):
            if taken in RESERVED:
                raise InputError(f"{path.name}: its name would overwrite the site's {taken}", file=str(path))
        if path.stem in names:
            raise InputError(f"two files named {path.stem}: {names[path.stem]} and {path}", file=str(path))
        names[path.stem] = path
    site = out.resolve()
    for inside in [*akn_files, *([renditions] if renditions else [])]:
        where = inside.resolve()
        if where == site or site in where.parents or where in site.parents:
            raise InputError(f"the site folder {out} and {inside} overlap: the site is replaced whole",
                             file=str(inside))
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder", file=str(out))


def build(akn_files: list[Path], site: Path, renditions: Path | None = None) -> list[Document]:
    """Write the site's files into the (empty) folder `site`; the documents as the index lists them."""
    writers = _writers_mtime()
    docs: list[Document] = []
    for path in akn_files:
        data = path.read_bytes()
        root = parse(data)
        name = path.stem
        doc = document_info(root, name)
        files: dict[str, bytes] = {name + ".xml": data}
        newer_than = max(path.stat().st_mtime_ns, writers)
        for d in DOWNLOADS:
            if d.fmt != "akn":
                files[name + d.suffix] = _reusable(renditions, d.fmt, name, newer_than) or render(root, d.fmt)
        files[name + ".html"] = page_html(root, name, files)
        for file, content in files.items():
            (site / file).write_bytes(content)
            doc.files[file] = (len(content), hashlib.sha256(content).hexdigest())
        doc.problems = validate_file(path)
        docs.append(doc)
    docs.sort(key=lambda d: (d.symbol or d.name))
    docs.sort(key=lambda d: d.date, reverse=True)  # newest first; stable, so by symbol within a day
    (site / INDEX).write_bytes(index_html(docs))
    (site / VALIDATION).write_bytes(validation_html(docs))
    (site / SUMS).write_bytes(sha256sums(site))
    return docs


def publish(akn_files: list[Path], out: Path, renditions: Path | None = None) -> Path:
    """Build the site of `akn_files` into the folder `out` (replaced whole; see the module's docstring), reusing
    fresh renditions from `renditions/FMT/NAME.SUFFIX`; returns `out`."""
    akn_files = [Path(p) for p in akn_files]
    out = Path(out)
    renditions = Path(renditions) if renditions is not None else None
    _check_inputs(akn_files, out, renditions)
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        build(akn_files, new, renditions)
        os.chmod(new, 0o755)  # mkdtemp's folder is private; a site is read by a web server
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
            try:
                os.replace(new, out)
            except BaseException:
                os.replace(old / out.name, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(new, out)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return out
