"""Benchmark corpus generator: N realistic Human Rights Council resolutions, deterministic.

    .venv/bin/python bench/generate.py N OUT_DIR [--seed S] [--check]

Real paragraphs are harvested from seeds/ (and ../shared/corpus/ when present) by reading each
English source with unres itself (the AKN gives clean paragraph texts, italic opening phrases,
sub-paragraphs and note texts). Each generated document recombines them into a valid resolution:
heading "Resolution adopted by the Human Rights Council on D Month YYYY", title "NN/MM. Title",
formula, preambular and numbered operative paragraphs (some with (a), (b) sub-paragraphs),
footnotes, closing lines (meeting, date, vote). About half are written as

- `.txt` in pdftotext style: hard wraps at 78-92 columns, "compact" (no blank lines, like
  `pdftotext` default) or "spaced" (a blank line after every line, leading spaces), pages of ~46
  lines, each page ending with its footnote area (a rule of underscores, then `1 A/HRC/..`),
  the lone page number, the job number `GE.yy-nnnnn`, a form feed and the running symbol;
- `.md` in converter style (pymupdf4llm-like, the seeds' Markdown): masthead, headings,
  `*italic*` opening phrases, `---` page rules that cut a paragraph mid-sentence, `<sup>n</sup>`
  markers with the page's notes after the rule.

Beside the sources, OUT_DIR/_bench/ holds what the benchmark needs and `unres convert OUT_DIR`
does not read (it takes only the files directly in OUT_DIR):
- `manifest.json`: per document its style, size and the structure it must convert to;
- `bluebell/NAME.txt`: the same document in bluebell's plain-text markup (PREFACE / PREAMBLE /
  BODY / PARA / CONCLUSIONS, `//italics//`, `{{FOOTNOTE n}}`), no page furniture, no wraps.

The same N, seed and harvested sources give the same bytes. `--check` converts every document
in-process and fails on any reader warning or structure other than the manifest's. Markdown
documents hold no "(a)" sub-paragraphs: the Markdown reader keeps them as unnumbered paragraphs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
        "twelve": "twelfth"}
#: characters that would mean something to Markdown or to bluebell's markup: paragraphs holding them are skipped
_UNSAFE = re.compile(r"[*_<>\[\]{}\\#|`]|//|^\d+\.|^\(|\d{4},? \d{1,2}(?= [a-z]|[,;.]?$)")  # last: a marker left as text
AGENDA = [(3, "Promotion and protection of all human rights, civil, political, economic, social and cultural "
              "rights, including the right to development"),
          (2, "Annual report of the United Nations High Commissioner for Human Rights and reports of the Office "
              "of the High Commissioner and the Secretary-General"),
          (4, "Human rights situations that require the Council’s attention"),
          (10, "Technical assistance and capacity-building")]
RULE = "__________________"
#: words after which a number is a reference, not a note marker (the text reader's list, and a few more)
NOT_BEFORE_MARKER = {"paragraph", "paragraphs", "article", "articles", "resolution", "resolutions", "decision",
                     "decisions", "section", "annex", "item", "items", "of", "and", "no", "vol", "page", "para",
                     "chapter", "rule", "session", "meeting", "protocol"}


def ordinal_words(n: int) -> str:
    """21 -> "Twenty-first" (1..99)."""
    tens, unit = divmod(n, 10)
    if n < 20:
        word = _UNITS[n]
        return (_ORD.get(word) or (word[:-1] + "th" if word.endswith("y") else word + "th")).capitalize()
    if unit == 0:
        return _TENS[tens][:-1].capitalize() + "ieth"
    last = _UNITS[unit]
    return f"{_TENS[tens].capitalize()}-{_ORD.get(last, last + 'th')}"


def ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def day(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------------------------------- model


@dataclass
class Para:
    lead: str  # the italic opening phrase ("Recalling also"), "" when none
    rest: str  # the words after it, with the closing punctuation
    note: str | None = None  # footnote text, cited after word `note_at` of `rest` (-1: at the end)
    note_at: int = -1
    points: list[str] = field(default_factory=list)  # (a), (b), ... texts of an operative paragraph


@dataclass
class Doc:
    name: str
    style: str  # "txt" or "md"
    date: dt.date
    session: int
    number: int
    title: str
    agenda: tuple[int, str]
    preamble: list[Para]
    operative: list[Para]
    meeting: int
    vote: str
    job: str
    width: int = 86  # txt: wrap column
    spaced: bool = False  # txt: blank line after every line (the seed's pdftotext output)
    num_alone: bool = False  # txt: "12." on its own line
    page_lines: int = 46  # txt: lines of text per page; md: ~ characters per page / 80
    symbol: str = ""

    def notes(self) -> list[str]:
        return [p.note for p in self.preamble + self.operative if p.note]

    def scaled(self, k: int, name: str | None = None) -> Doc:
        """The same document with its preambular and operative paragraphs repeated k times (linearity)."""
        body = self.operative[:-1] * k + self.operative[-1:]
        return replace(self, name=name or f"{self.name}-x{k}", preamble=self.preamble * k, operative=body)


@dataclass
class Pool:
    titles: list[str]
    preamble: list[Para]
    operative: list[Para]
    notes: list[str]
    sources: list[str]


def _text(el, skip=("authorialNote", "num")) -> str:
    """Text of an element without its notes and numbers, whitespace normalised."""
    from lxml import etree

    parts: list[str] = []

    def walk(node):
        if isinstance(node.tag, str) and etree.QName(node).localname in skip:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _split_lead(p) -> tuple[str, str]:
    """<p><i>Recalling also</i> its resolution…</p> -> ("Recalling also", "its resolution…")."""
    from lxml import etree

    first = next((c for c in p if isinstance(c.tag, str)), None)
    if first is not None and etree.QName(first).localname == "i" and not (p.text or "").strip():
        lead = " ".join("".join(first.itertext()).split())
        whole = _text(p)
        if whole.startswith(lead):
            return lead.rstrip(","), whole[len(lead):].strip()
    return "", _text(p)


def harvest(sources: list[Path] | None = None) -> Pool:
    """Paragraphs, titles and note texts of every English seed and corpus document, read by unres."""
    from lxml import etree

    from convert.cli import convert_one

    if sources is None:
        sources = sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md"))
        if CORPUS.is_dir():
            sources += sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    titles: list[str] = []
    pre: dict[tuple[str, str], Para] = {}
    ops: dict[tuple[str, str], Para] = {}
    notes: dict[str, None] = {}
    used = []
    for path in sources:
        try:
            data, _ = convert_one(path, None)
        except Exception:  # a corpus document the reader refuses is simply not harvested
            continue
        root = etree.fromstring(data)
        if root.xpath("string(//a:FRBRExpression/a:FRBRlanguage/@language)", namespaces=ns) != "eng":
            continue
        used.append(path.name)
        for t in root.xpath("//a:preface//a:docTitle", namespaces=ns):
            title = _text(t)
            if 20 < len(title) < 160 and not _UNSAFE.search(title):
                titles.append(title)
        for note in root.xpath("//a:authorialNote", namespaces=ns):
            text = _text(note, skip=())
            if 3 < len(text) < 200 and not _UNSAFE.search(text) and not re.match(r"^\d", text):
                notes[text if text.endswith(".") else text + "."] = None
        for c in root.xpath("//a:preamble/a:container[a:p]", namespaces=ns):
            lead, rest = _split_lead(c.xpath("a:p", namespaces=ns)[0])
            if lead and 20 < len(rest) and not _UNSAFE.search(lead + " " + rest):
                pre.setdefault((lead, rest), Para(lead, rest.rstrip(",;.: ") + ","))
        for par in root.xpath("//a:mainBody/a:paragraph", namespaces=ns):
            ps = par.xpath("a:content/a:p | a:list/a:intro/a:p", namespaces=ns)
            if len(ps) != 1:
                continue
            lead, rest = _split_lead(ps[0])
            points = [_text(pt.xpath("a:content", namespaces=ns)[0])
                      for pt in par.xpath("a:list/a:point[a:content/a:p]", namespaces=ns)]
            if par.xpath("a:list", namespaces=ns) and not points:
                continue
            if not lead or len(rest) < 15 or _UNSAFE.search(" ".join([lead, rest, *points])):
                continue
            if "remain seized" in rest:
                continue
            if points:
                rest = rest.rstrip(",;.: ") + ":"
                points = [p.rstrip(",;.: ") + ";" for p in points]
            else:
                rest = rest.rstrip(",;.: ") + ";"
            ops.setdefault((lead, rest), Para(lead, rest, points=points))
    if not pre or not ops:
        raise SystemExit("generate: no paragraphs harvested (are seeds/ and the corpus readable?)")
    return Pool(sorted(set(titles)), list(pre.values()), list(ops.values()), list(notes), used)


def document(pool: Pool, index: int, seed: int = 1) -> Doc:
    """Document number `index` of the corpus made with `seed`: every choice drawn from one Random."""
    rng = random.Random(seed * 1_000_003 + index)
    style = "txt" if rng.random() < 0.5 else "md"
    year = rng.randint(2008, 2024)
    date = dt.date(year, rng.choice([3, 4, 6, 7, 9, 10]), rng.randint(1, 28))
    session = max(7, min(58, 3 * (year - 2006) + rng.randint(0, 2)))
    number = rng.randint(1, 45)
    n_pre = rng.randint(6, 22)
    n_ops = rng.randint(8, 34)
    # keep the harvested order (Recalling before Recalling also), as real resolutions do
    pre = [replace(p) for p in sorted(rng.sample(pool.preamble, min(n_pre, len(pool.preamble))),
                                      key=pool.preamble.index)]
    # the Markdown reader does not recognise "(a) ..." sub-paragraphs yet (it keeps them as unnumbered
    # paragraphs, with a warning): Markdown documents draw operative paragraphs without them
    choices = pool.operative if style == "txt" else [p for p in pool.operative if not p.points]
    ops = [replace(p, points=list(p.points)) for p in
           sorted(rng.sample(choices, min(n_ops, len(choices))), key=pool.operative.index)]
    ops.append(Para("Decides", "to remain seized of the matter."))
    for p in pre + ops[:-1]:
        if rng.random() < 0.16:
            p.note = rng.choice(pool.notes) if pool.notes and rng.random() < 0.6 else \
                f"A/HRC/{rng.randint(7, 58)}/{rng.randint(2, 80)}."
            words = p.rest.split()
            # the marker follows a word (not a number, nor a word like "resolution") followed by a lower-case word
            spots = [i for i in range(len(words) - 1) if words[i][-1].isalpha() and words[i + 1][:1].islower()
                     and words[i].lower() not in NOT_BEFORE_MARKER]
            p.note_at = rng.choice(spots) if spots and rng.random() < 0.4 else -1
    jobyear = max(8, min(24, year - 2000 + rng.choice([0, 0, 1])))
    doc = Doc(name=f"gen-{index + 1:05d}-{session}-{number}", style=style, date=date, session=session, number=number,
              title=rng.choice(pool.titles) if pool.titles else "Human rights",
              agenda=rng.choice(AGENDA), preamble=pre, operative=ops, meeting=rng.randint(30, 62),
              vote=rng.choice(["[Adopted without a vote.]"] * 3 + [
                  f"[Adopted by a recorded vote of {a} to {b}, with {47 - a - b} abstentions.]"
                  for a, b in [(rng.randint(24, 40), rng.randint(1, 7))]]),
              job=f"GE.{jobyear:02d}-{rng.randint(1000, 19999):05d}", width=rng.randint(78, 92),
              spaced=rng.random() < 0.3, num_alone=rng.random() < 0.35, page_lines=rng.randint(40, 50))
    doc.symbol = f"A/HRC/RES/{session}/{number}"
    return doc


# ---------------------------------------------------------------------------------------------- writers


def _words(p: Para, marker: str | None, fmt: str) -> list[str]:
    """The paragraph's words (lead italic per format, marker glued per format) as wrap units."""
    words = p.rest.split()
    if marker:
        at = p.note_at if 0 <= p.note_at < len(words) else len(words) - 1
        glue = {"txt": "\u00a0" + marker, "md": f"<sup>{marker}</sup>", "bb": f"{{{{FOOTNOTE {marker}}}}}"}[fmt]
        words[at] += glue
    lead = p.lead.split()
    if fmt == "md" and lead:
        lead = ["*" + " ".join(lead) + "*"]
    elif fmt == "bb" and lead:
        lead = ["//" + " ".join(lead) + "//"]
    return lead + words


def _wrap(units: list[str], width: int, first: str = "") -> list[str]:
    """Greedy wrap; a line never starts a sentence-like or number-like token (the reader would see a new
    paragraph there) and never holds a lone word."""
    lines: list[list[str]] = [[]]
    size = len(first)
    for u in units:
        if lines[-1] and size + 1 + len(u) > width:
            prev = lines[-1][-1]
            risky = (u[:1].isupper() and prev[-1:] in ",;:.") or re.match(r"^\(?\d|^\(|^[A-Z]{1,2}/|^GE\.", u)
            if not risky:
                lines.append([])
                size = 0
        lines[-1].append(u)
        size += len(u) + (1 if size else 0)
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
        lines[-1].insert(0, lines[-2].pop())
    out = [" ".join(ws) for ws in lines]
    out[0] = first + out[0]
    return out


def to_text(doc: Doc) -> str:
    """pdftotext-style text: hard wraps, pages with footnote areas and furniture, form feeds."""
    lines: list[tuple[str, int | None]] = []  # (line, note number cited on it)
    notes: list[str] = []
    lead = " " if doc.spaced else ""

    def para(p: Para, number: str | None = None) -> None:
        marker = None
        if p.note:
            notes.append(p.note)
            marker = str(len(notes))
        units = _words(p, marker, "txt")
        if number and doc.num_alone:
            lines.append((lead + number, None))
            body = _wrap(units, doc.width, lead)
        else:
            body = _wrap(units, doc.width, lead + (number + " " if number else ""))
        for ln in body:
            cited = int(marker) if marker and "\u00a0" + marker in ln else None
            lines.append((ln.replace("\u00a0", " "), cited))
        for j, point in enumerate(p.points):
            label = f"({chr(97 + j)})"
            if doc.num_alone:
                lines.append((lead + label, None))
                lines.extend((ln, None) for ln in _wrap(point.split(), doc.width, lead))
            else:
                lines.extend((ln, None) for ln in _wrap(point.split(), doc.width, lead + label + " "))

    head = f"Resolution adopted by the Human Rights Council on {day(doc.date)}"
    lines += [(ln, None) for ln in _wrap(head.split(), doc.width - 20, lead)]
    lines += [(ln, None) for ln in _wrap(f"{doc.session}/{doc.number}. {doc.title}".split(), doc.width - 10, lead)]
    lines.append((lead + "The Human Rights Council,", None))
    for p in doc.preamble:
        para(p)
    for i, p in enumerate(doc.operative, 1):
        para(p, f"{i}.")
    lines += [(lead + f"{doc.meeting}{ordinal_suffix(doc.meeting)} meeting", None), (lead + day(doc.date), None),
              (lead + doc.vote, None)]

    pages = [lines[i:i + doc.page_lines] for i in range(0, len(lines), doc.page_lines)]
    out: list[str] = []
    sep = "\n\n" if doc.spaced else "\n"
    for n, page in enumerate(pages, 1):
        if n > 1:
            out.append("\f" + doc.symbol if not doc.spaced else "\f")
            out.append("" if not doc.spaced else doc.symbol + "\n")
        out.append(sep.join(ln for ln, _ in page))
        cited = [k for _, k in page if k]
        if cited:
            out.append("")
            out.append(RULE)
            for k in cited:
                out.append("\n".join(_wrap(notes[k - 1].split(), doc.width, f"{k} ")))
        out.append("")
        if n % 2:
            out += [doc.job + (" (E)" if n == 1 else ""), "", str(n), ""]
        else:
            out += [str(n), "", doc.job, ""]
    return "\n".join(out) + "\n"


def to_markdown(doc: Doc) -> str:
    """Converter-style Markdown: masthead, headings, *italic* phrases, --- page rules cutting paragraphs,
    <sup>n</sup> markers with each page's notes after its rule."""
    start = doc.date - dt.timedelta(days=30)
    issued = doc.date + dt.timedelta(days=9)
    blocks = ["# General Assembly",
              f"Distr.: General  \n{day(issued)}  \nEnglish  \nOriginal: English",
              "---",
              "## Human Rights Council",
              f"### {ordinal_words(doc.session)} session",
              f"{start.day} {MONTHS[start.month - 1]}–{day(doc.date)}",
              f"Agenda item {doc.agenda[0]}",
              f"### {doc.agenda[1]}",
              f"## Resolution adopted by the Human Rights Council on {day(doc.date)}",
              f"### {doc.session}/{doc.number} {doc.title}",
              "*The Human Rights Council,*"]
    notes: list[str] = []
    body: list[tuple[str, int | None]] = []  # (paragraph, note cited)
    for i, p in enumerate(doc.preamble + doc.operative):
        marker = None
        if p.note:
            notes.append(p.note)
            marker = len(notes)
        text = " ".join(_words(p, str(marker) if marker else None, "md"))
        k = i - len(doc.preamble) + 1
        body.append((f"{k}. {text}" if k >= 1 else text, marker))
        body += [(f"({chr(97 + j)}) {pt}", None) for j, pt in enumerate(p.points)]
    body += [(f"*{doc.meeting}{ordinal_suffix(doc.meeting)} meeting  \n{day(doc.date)}*", None), (doc.vote, None)]

    page = doc.page_lines * 80  # characters per page, roughly a printed page
    used = sum(len(b) for b in blocks) + 600  # the masthead fills the top of page 1
    pending: list[int] = []
    out = list(blocks)
    for text, marker in body:
        if marker:
            pending.append(marker)
        if used + len(text) > page and len(text) > 200:
            # the page ends inside this paragraph: cut it before a lower-case word, as converters do
            words = text.split(" ")
            room = max(8, (page - used) // 7)
            cut = next((j for j in range(min(room, len(words) - 4), 4, -1)
                        if words[j][:1].islower() and words[j - 1][-1:].isalpha() and "<sup>" not in words[j - 1]
                        and "*" not in words[j - 1] and "*" not in words[j]), None)
            if cut:
                head_, tail = " ".join(words[:cut]), " ".join(words[cut:])
                here = [m for m in pending if f"<sup>{m}</sup>" not in tail]
                out.append(head_)
                out.append("---")
                out += [f"<sup>{m}</sup> {notes[m - 1]}" for m in here]
                out.append("")
                pending = [m for m in pending if m not in here]
                out.append(tail)
                used = len(tail)
                continue
        if used + len(text) > page:
            out.append("---")
            out += [f"<sup>{m}</sup> {notes[m - 1]}" for m in pending if m != marker]
            pending = [marker] if marker else []
            used = 0
        out.append(text)
        used += len(text)
    out.append("---")
    out += [f"<sup>{m}</sup> {notes[m - 1]}" for m in pending]
    return "\n\n".join(out) + "\n"


def to_bluebell(doc: Doc) -> str:
    """The same document in bluebell's markup: structure given, no furniture, one line per paragraph."""
    out = ["PREFACE"]
    if doc.style == "md":
        start = doc.date - dt.timedelta(days=30)
        issued = doc.date + dt.timedelta(days=9)
        out += ["General Assembly", "Distr.: General", day(issued), "English", "Original: English",
                "Human Rights Council", f"{ordinal_words(doc.session)} session",
                f"{start.day} {MONTHS[start.month - 1]}–{day(doc.date)}", f"Agenda item {doc.agenda[0]}",
                doc.agenda[1]]
    out += [f"Resolution adopted by the Human Rights Council on {day(doc.date)}",
            f"{doc.session}/{doc.number}. {doc.title}", "", "PREAMBLE", "//The Human Rights Council//,"]
    n = 0

    def text(p: Para) -> tuple[str, list[str]]:
        nonlocal n
        if not p.note:
            return " ".join(_words(p, None, "bb")), []
        n += 1
        return " ".join(_words(p, str(n), "bb")), ["", f"FOOTNOTE {n}", f"  {p.note}", ""]

    for p in doc.preamble:
        line, foot = text(p)
        out += [line, *foot]
    out += ["", "BODY"]
    for i, p in enumerate(doc.operative, 1):
        line, foot = text(p)
        out += [f"PARA {i}.", f"  {line}", *("  " + f if f else "" for f in foot)]
        for j, pt in enumerate(p.points):
            out += ["", f"  POINT ({chr(97 + j)})", f"    {pt}"]
        out.append("")
    out += ["CONCLUSIONS", f"{doc.meeting}{ordinal_suffix(doc.meeting)} meeting", day(doc.date), doc.vote]
    return "\n".join(out) + "\n"


def source(doc: Doc) -> str:
    return to_text(doc) if doc.style == "txt" else to_markdown(doc)


def expected(doc: Doc) -> dict:
    """The structure the document must convert to."""
    return {"preambular": len(doc.preamble), "operative": len(doc.operative),
            "points": sum(len(p.points) for p in doc.operative), "notes": len(doc.notes())}


def structure(akn: bytes) -> dict:
    """The same counts, read from AKN bytes."""
    from lxml import etree

    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    root = etree.fromstring(akn)

    def count(path: str) -> int:
        return int(root.xpath(f"count({path})", namespaces=ns))

    return {"preambular": count("//a:preamble/a:container"), "operative": count("//a:mainBody/a:paragraph"),
            "points": count("//a:mainBody//a:point"), "notes": count("//a:authorialNote[normalize-space()]")}


def generate(n: int, out: Path, seed: int = 1, pool: Pool | None = None) -> list[dict]:
    """Write N documents (and _bench/) into `out`; return the manifest rows."""
    pool = pool or harvest()
    out.mkdir(parents=True, exist_ok=True)
    side = out / "_bench" / "bluebell"
    side.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("gen-*.txt")) + list(out.glob("gen-*.md")) + list(side.glob("gen-*.txt")):
        old.unlink()
    rows = []
    for i in range(n):
        doc = document(pool, i, seed)
        text = source(doc)
        path = out / f"{doc.name}.{doc.style}"
        path.write_text(text, encoding="utf-8")
        (side / f"{doc.name}.txt").write_text(to_bluebell(doc), encoding="utf-8")
        rows.append({"name": doc.name, "file": path.name, "style": doc.style, "bytes": len(text.encode()),
                     "words": sum(len((p.lead + " " + p.rest).split()) + sum(len(x.split()) for x in p.points)
                                  for p in doc.preamble + doc.operative),
                     "spaced": doc.spaced, "expect": expected(doc)})
    manifest = {"n": n, "seed": seed, "harvested": pool.sources, "pool": {
        "titles": len(pool.titles), "preambular": len(pool.preamble), "operative": len(pool.operative),
        "notes": len(pool.notes)}, "documents": rows}
    (out / "_bench" / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return rows


def check(out: Path) -> list[str]:
    """Convert every generated document in-process; the problems (failures, structure not as made)."""
    from convert.cli import convert_one

    manifest = json.loads((out / "_bench" / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    for row in manifest["documents"]:
        try:
            data, notices = convert_one(out / row["file"], None)
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            problems.append(f"{row['file']}: {type(exc).__name__}: {exc}")
            continue
        got = structure(data)
        if got != row["expect"]:
            problems.append(f"{row['file']}: structure {got} != expected {row['expect']}")
        problems += [f"{row['file']}:{n.line or ''}: warning: {n.message}" for n in notices]
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("out", type=Path, help="output folder (e.g. build/bench/corpus)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="convert each document and compare its structure")
    args = ap.parse_args(argv)
    rows = generate(args.n, args.out, args.seed)
    size = sum(r["bytes"] for r in rows)
    print(f"{len(rows)} documents ({sum(r['style'] == 'txt' for r in rows)} .txt, "
          f"{sum(r['style'] == 'md' for r in rows)} .md), {size / 1e6:.2f} MB in {args.out}")
    if args.check:
        problems = check(args.out)
        for p in problems:
            print(p, file=sys.stderr)
        bad = len({p.split(":", 1)[0] for p in problems})
        print(f"check: {len(rows) - bad} of {len(rows)} convert without warnings, with the structure they were made with")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
