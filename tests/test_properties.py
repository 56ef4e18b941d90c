"""Property tests: random and mutated resolution text through the text and Markdown readers.

What `_check` asserts for one input:
- reading raises nothing but `UnresError` subclasses; any other exception (IndexError, lxml's ValueError …)
  is a defect (`unres` would die with a traceback) and propagates, so Hypothesis shrinks it;
- it returns or raises within a time budget: 2 s for an input under 50 KB, linearly more above (measured with
  time.perf_counter around decode + read, the work `read_bytes` does; a SIGALRM backstop turns a real hang,
  even inside a backtracking regex, into a failure after 30 s instead of a stuck CI job);  -> `TooSlow`
- when it returns, the tree passes `validate_tree` (strict OASIS XSD + profile checks) with no error:
  ../shared/docs/akn-profile.md, "Our own output must always pass both";  -> `InvalidXML`
- for inputs made only of whole seed paragraphs with page furniture between them, every word is kept in
  order: `compare(...).ratio == 1.0` (see `test_furniture_between_whole_paragraphs_keeps_every_word`).  -> `WordsLost`

Strategies: (a) `furnished_seed`, whole paragraphs of a seed with page breaks as pdftotext or pymupdf4llm print
them; (b) `mutated_seed`, line edits (delete, duplicate, swap; insert furniture such as `GE.12-17781`, form
feeds, lone numbers, `---`; odd Unicode and Markdown syntax, in a line or as one) and a cut at a random point;
(c) `resolution_like`, random lines mixing resolution parts, odd strings and random text; (d) random bytes.

Reproducible: `derandomize=True` (examples derived from the test itself), no example database.
`UNRES_PROPERTY_SCALE=N` multiplies every example count for a longer local hunt.

The defects found (B1–B11) are pinned at the end as regression tests on the smallest inputs found (Hypothesis'
shrinking, then by hand to a readable form); all are fixed (f21f8f2, ee1eba0, 8236374). A new one goes into
DEFECTS with `marks=pytest.mark.xfail(strict=True, raises=<its symptom>)` until it is fixed: the fix then
XPASSes, which fails the run, so the marker goes with the fix. A property test that hits an open defect is
marked the same way, with `_settings(..., expect_failure=True)` so that it stops at the first failing example
instead of spending a minute shrinking a 15 KB input.
"""

from __future__ import annotations

import os
import re
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from convert.akn.validate import validate_tree
from convert.errors import UnresError
from convert.fidelity import compare
from convert.readers import metadata, read_source
from convert.readers.source import decode

SCALE = max(1, int(os.environ.get("UNRES_PROPERTY_SCALE", "1")))
FORMATS = {".txt": "text", ".md": "markdown"}
#: time budget: BUDGET_S for an input under BUDGET_BYTES, proportionally more above
BUDGET_S, BUDGET_BYTES = 2.0, 50_000
#: a conversion still running after this long is a hang
HANG_S = 30


def _settings(examples: int, *, expect_failure: bool = False) -> settings:
    """Reproducible settings. A property expected to fail (xfail) stops at its first failing example
    without shrinking: the smallest examples are pinned as regression tests below, and shrinking 15 KB
    inputs would cost a minute per run."""
    phases = [Phase.explicit, Phase.generate] if expect_failure else list(Phase)
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=True, database=None,
                    phases=phases, report_multiple_bugs=not expect_failure,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class InvalidXML(AssertionError):
    """A reader returned a tree that fails validate_tree."""


class TooSlow(AssertionError):
    """A conversion ran past its time budget."""


class WordsLost(AssertionError):
    """Source words are missing from the XML, or out of order."""


@dataclass(frozen=True)
class Seed:
    name: str
    fmt: str
    text: str
    meta: dict[str, str]  # NAME.meta.yaml beside it (the draft's symbol is printed only on paper)

    @property
    def symbol(self) -> str:
        return self.meta.get("symbol") or "A/HRC/RES/" + "/".join(Path(self.name).stem.split("-")[-2:])


SEED_LIST = [Seed(p.name, FORMATS[p.suffix], p.read_text(encoding="utf-8"), metadata.load(metadata.path_for(p)))
             for p in sorted(SEEDS.iterdir()) if p.suffix in FORMATS]
SEEDS_BY_NAME = {s.name: s for s in SEED_LIST}


# --- the checks ----------------------------------------------------------------------------------
@contextmanager
def _backstop(seconds: float):
    if not hasattr(signal, "setitimer"):
        yield
        return

    def fire(*_):
        raise TooSlow(f"conversion still running after {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def budget(n_bytes: int) -> float:
    return BUDGET_S * max(1.0, n_bytes / BUDGET_BYTES)


@dataclass
class Outcome:
    error: UnresError | None
    root: object | None
    seconds: float


def convert(data: bytes, fmt: str, name: str = "input", meta: dict[str, str] | None = None) -> Outcome:
    """decode + read (what `read_bytes` does, plus a seed's metadata facts), timed."""
    start = time.perf_counter()
    with _backstop(HANG_S):
        try:
            result = read_source(decode(data, name), fmt, meta)
        except UnresError as exc:
            return Outcome(exc, None, time.perf_counter() - start)
    return Outcome(None, result.root, time.perf_counter() - start)


def _note(message: str) -> None:
    if currently_in_test_context():  # shown with a failing Hypothesis example; plain tests have the traceback
        note(message)


def _check(data: bytes, fmt: str, name: str = "input", meta: dict[str, str] | None = None) -> Outcome:
    """The properties every input must have (see the module docstring)."""
    _note(f"fmt={fmt} name={name} {len(data)} bytes")
    out = convert(data, fmt, name, meta)
    if out.seconds >= budget(len(data)):
        raise TooSlow(f"{out.seconds:.2f} s for {len(data)} bytes (budget {budget(len(data)):.1f} s)")
    if out.error is not None:
        assert str(out.error), "a project error carries a message"
        _note(f"raised {type(out.error).__name__}: {out.error}")
        return out
    errors = [str(p) for p in validate_tree(out.root, name) if p.severity == "error"]
    if errors:
        raise InvalidXML("the reader returned XML that fails validation:\n" + "\n".join(errors[:5]))
    return out


# --- strategies ----------------------------------------------------------------------------------
#: lines a PDF or a converter leaves in the text: job numbers, barcodes, page numbers, rules, breaks
FURNITURE = ["GE.12-17781", "GE.17-05347(E)", "18-18142 (E)", "18 18142 (E) 021118", "*1705347*", "Please recycle",
             "\f", "\f ", "2", "17", "137", "Page 2", "2/5", "/...", "---", "-----", "_____", "GE.12-17781 **37**"]
#: strings that reach odd corners: controls decode() lets through, XML-illegal non-characters, breaks and spaces
#: Python and markdown-it disagree about, Markdown/HTML syntax, bidi and zero-width marks, astral characters
ODD = ["\f", "\v", "\x01", "\x1b", "\x1f", "\x7f", "\x85", "\xa0", "\xad", "\u2028", "\u2029", "\u200b",
       "\u202e", "\ufeff", "\ufffe", "\uffff", "\U0001d400", "\U0010ffff", "*", "**", "_", "\\", "#", "> ", "- ",
       "[^1]", "[^1]: ", "^[", "]", "<sup>", "</sup>", "<!--", "-->", "&amp;", "&nbsp;", "`", "|", "(a)", "1.", "1/",
       "“", "”"]
any_char = st.characters(exclude_categories=("Cs",))  # UTF-8 cannot carry lone surrogates
odd_text = st.lists(st.one_of(st.sampled_from(ODD), any_char), min_size=1, max_size=12).map("".join)


@dataclass(frozen=True)
class Recipe:
    """A seed and a few edits, not a text: Hypothesis prints and shrinks it cheaply and a failing recipe reads as
    a regression test. Edits address lines, or blocks (blank-line separated paragraphs); `build()` makes the text."""

    seed: str
    edits: tuple[tuple, ...]  # ("delete", i) ("duplicate", i) ("swap", i, j) ("insert", i, text) ("inline", i, k, text)
    cut: int | None = None  # keep only the first `cut` characters
    unit: str = "line"

    @property
    def source(self) -> Seed:
        return SEEDS_BY_NAME[self.seed]

    def build(self) -> str:
        sep = "\n" if self.unit == "line" else "\n\n"
        parts = self.source.text.split(sep)
        for op, i, *args in self.edits:
            i = min(i, len(parts) - 1)
            if op == "delete" and len(parts) > 1:
                del parts[i]
            elif op == "duplicate":
                parts.insert(i, parts[i])
            elif op == "swap":
                j = min(args[0], len(parts) - 1)
                parts[i], parts[j] = parts[j], parts[i]
            elif op == "insert":
                parts.insert(i, args[0])
            elif op == "inline":
                k = min(args[0], len(parts[i]))
                parts[i] = parts[i][:k] + args[1] + parts[i][k:]
        text = sep.join(parts)
        return text if self.cut is None else text[:self.cut]


@st.composite
def mutated_seed(draw) -> Recipe:
    """A seed with 1–6 line edits (delete, duplicate, swap, insert furniture or odd text, odd text inside a
    line), perhaps cut at a random point."""
    seed = draw(st.sampled_from(SEED_LIST))
    line = st.integers(0, len(seed.text.split("\n")) - 1)
    edit = st.one_of(
        st.tuples(st.just("delete"), line),
        st.tuples(st.just("duplicate"), line),
        st.tuples(st.just("swap"), line, line),
        st.tuples(st.just("insert"), line, st.sampled_from(FURNITURE)),
        st.tuples(st.just("insert"), line, odd_text),
        st.tuples(st.just("inline"), line, st.integers(0, 80), odd_text),
    )
    edits = tuple(draw(st.lists(edit, min_size=1, max_size=6)))
    return Recipe(seed.name, edits, draw(st.none() | st.integers(0, len(seed.text))))


@st.composite
def page_break(draw, seed: Seed) -> str:
    """The furniture of one page break as that format's converter prints it (see ../shared/corpus)."""
    page = str(draw(st.integers(2, 40)))
    job = draw(st.sampled_from(["GE.12-17781", "GE.17-05347(E)", "18-18142 (E)", "18-18142 (E) 021118"]))
    if seed.fmt == "text":  # pdftotext: page number and/or job number at the foot, form feed, running symbol
        foot = draw(st.permutations([page, job]))[:draw(st.integers(0, 2))]
        head = "\f" + (seed.symbol if draw(st.booleans()) else "")
        return "\n\n".join([*foot, head])
    # pymupdf4llm: "GE.12-17781 **37**", a rule of dashes, the running symbol in bold
    foot = draw(st.sampled_from(["", job, f"{job} **{page}**"]))
    rule = draw(st.sampled_from(["---", "-----"]))
    head = f"**{seed.symbol}**" if draw(st.booleans()) else ""
    return "\n\n".join(part for part in (foot, rule, head) if part)


FORMULA = re.compile(r"^\W*The (?:Human Rights Council|General Assembly)\W*,", re.MULTILINE)


@st.composite
def furnished_seed(draw) -> Recipe:
    """All of a seed's paragraphs (blank-line separated blocks), in order, with 1–5 page breaks between them.

    Page breaks fall after the enacting formula: a resolution's first page always holds masthead, title and
    formula, and a running header inside the masthead is a layout no converter produces (put there, a bold
    `**A/HRC/58/L.8**` is a masthead line and goes to <coverPage>, which AKN puts before <preface>: a move,
    not a loss, but `compare` would count it).
    """
    seed = draw(st.sampled_from(SEED_LIST))
    blocks = seed.text.split("\n\n")
    first = next(i for i, b in enumerate(blocks) if FORMULA.search(b)) + 1
    at = st.integers(first, len(blocks) - 1)
    breaks = draw(st.lists(st.tuples(st.just("insert"), at, page_break(seed)), min_size=1, max_size=5))
    return Recipe(seed.name, tuple(breaks), unit="block")


#: lines that look like parts of a resolution in either format, to get past "not a resolution" into assembly
RESOLUTION_LINES = [
    "Resolution adopted by the Human Rights Council on 24 March 2017", "34/39. Technical assistance for Mali",
    "## Resolution adopted by the Human Rights Council on 24 March 2021", "### 46/28 Technical assistance",
    "The Human Rights Council,", "*The Human Rights Council,*", "The General Assembly,",
    "Recalling its resolution 5/1,",
    "*Reaffirming* the Charter,", "Guided by the Charter,1", "1. Decides to remain seized of the matter.",
    "2. *Requests* the Secretary-General to report;", "1.", "12.", "(a) To act;", "(b)", "(i) as follows;",
    "Annex", "_____", "1 A/HRC/46/68.", "1/ A/HRC/46/68.", "<sup>1</sup> A/HRC/46/68.", "[^1]: A/HRC/46/68.",
    "the report,[^1]", "\\* On behalf of the Group of African States.", "57th meeting", "24 March 2017",
    "[Adopted without a vote.]", "Distr.: General", "A/HRC/RES/34/39", "GE.12-17781", "\f", "---", "",
]


@st.composite
def resolution_like(draw) -> tuple[str, str]:
    """1–30 lines of resolution parts, odd strings and random text, in either format."""
    fmt = draw(st.sampled_from(["text", "markdown"]))
    parts = draw(st.lists(st.one_of(st.sampled_from(RESOLUTION_LINES), odd_text, st.text(any_char, max_size=40)),
                          min_size=1, max_size=30))
    return fmt, draw(st.sampled_from(["\n", "\n\n"])).join(parts)


# --- properties ----------------------------------------------------------------------------------
@_settings(50)
@given(furnished_seed())
def test_furniture_between_whole_paragraphs_keeps_every_word(case: Recipe):
    """Whole seed paragraphs in their order + page furniture between them: a well-formed resolution.

    Asserted: it converts (no error at all: the seed converts, and page breaks must not stop it), within the
    time budget, to valid XML, and `compare(...).ratio == 1.0`. Why exactly 1.0: no source word is removed or
    moved by the mutation; furniture the reader drops is recorded in the provenance (<u:furniture line=…>),
    which `compare` leaves out of the source's words, and furniture it keeps is text that must then be in the
    XML, in order. So any shortfall is a word the reader lost or moved.
    """
    seed, text = case.source, case.build()
    out = _check(text.encode(), seed.fmt, seed.name, seed.meta)
    assert out.error is None, f"{type(out.error).__name__}: {out.error}"
    report = compare(text, seed.fmt, out.root)
    if report.ratio != 1.0:
        raise WordsLost(f"ratio {report.ratio:.4f}: " + "; ".join(report.diff[:5]))


@_settings(100)
@given(mutated_seed())
def test_mutated_seed_raises_only_project_errors(case: Recipe):
    """Deleted, duplicated, swapped lines, furniture, odd characters, a cut: nothing but an UnresError, in time.

    No word-preservation claim: a deleted or swapped heading, a cut mid-paragraph or a Markdown marker typed
    into the text legitimately changes which words are text (and a cut may leave none). Validity is asserted
    by the next test, on other examples; kept apart so that this one still guards against crashes whenever
    that one has to be marked xfail for an open defect (as it was for B9–B11).
    """
    seed, text = case.source, case.build()
    try:
        _check(text.encode(), seed.fmt, seed.name, seed.meta)
    except InvalidXML:
        pass


@_settings(100)
@given(mutated_seed())
def test_mutated_seed_writes_valid_xml(case: Recipe):
    """The same inputs: when the reader returns, the XML passes validate_tree."""
    seed, text = case.source, case.build()
    _check(text.encode(), seed.fmt, seed.name, seed.meta)


@_settings(100)
@given(resolution_like())
def test_resolution_like_text_raises_only_project_errors_and_writes_valid_xml(case):
    fmt, text = case
    _check(text.encode(), fmt)


@_settings(100)
@given(st.sampled_from(["text", "markdown"]), st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_random_bytes_raise_only_project_errors(fmt, data):
    _check(data, fmt)


# --- the defects found, on the smallest inputs (regression tests) -----------------------------------------
# B1-B8 were found against 2149894 and fixed in f21f8f2; B9 was found at f21f8f2 and fixed in ee1eba0; B10 and
# B11 were found at 24d90d5 and fixed in 8236374. Each comment says what the code did before its fix.
#: the least a text source needs to convert: heading with date, number and title, enacting formula
TXT = ("Resolution adopted by the Human Rights Council on 24 March 2017\n\n34/39. Technical assistance\n\n"
       "The Human Rights Council,\n\n")
MD = ("## Resolution adopted by the Human Rights Council on 24 March 2021\n\n### 46/28 Technical assistance\n\n"
      "*The Human Rights Council,*\n\n")


def _seed_cut_before(name: str, marker: str) -> str:
    text = SEEDS_BY_NAME[name].text
    return text[:text.index(marker)]


DEFECTS = [
    # DEFECT_B1: decode() admits characters XML 1.0 forbids (C0 controls but \t \n \r — it lets \f and \v through
    # by design and up to 1 % of others; U+FFFE, U+FFFF); lxml refuses them when the Builder sets text:
    # ValueError "All strings must be XML compatible" from convert/akn/build.py (cover_line, _append_text,
    # fill, title, vote). Smallest input Hypothesis found: the single byte b"\x01".
    pytest.param("text", "\x01", ValueError, id="B1-text-one-control-byte"),
    pytest.param("markdown", "\x01", ValueError, id="B1-markdown-one-control-byte"),
    pytest.param("text", TXT + "1. Decides to act\f;\n", ValueError, id="B1-text-form-feed-inside-a-line"),
    pytest.param("text", TXT + "1. Decides to act\v;\n", ValueError, id="B1-text-vertical-tab"),
    pytest.param("markdown", MD + "1. *Decides* to act\ufffe;\n", ValueError, id="B1-markdown-U+FFFE"),
    # DEFECT_B2: Markdown, a block that is blank to Python's str.strip() but not to markdown-it (form feed, \v,
    # \x1c-\x1f, NBSP or `&nbsp;`, U+2028, U+3000, NEL) or an empty ATX heading `#`: convert/readers/markdown.py
    # read() calls _note_definitions(lines=[]), whose numbered[0] raises IndexError (markdown.py:182).
    # Smallest inputs found: b"\x1c" and b"#".
    pytest.param("markdown", "\x1c", IndexError, id="B2-one-byte-0x1c"),
    pytest.param("markdown", "#", IndexError, id="B2-empty-heading"),
    pytest.param("markdown", MD + "1. *Decides* to act.\n\n\f\n", IndexError, id="B2-form-feed-paragraph"),
    pytest.param("markdown", MD + "1. *Decides* to act.\n\n&nbsp;\n", IndexError, id="B2-nbsp-paragraph"),
    # DEFECT_B3: no operative paragraph (a preamble only, e.g. a file cut short): NotAResolutionError is raised
    # only when formula, preamble AND operative part are all missing; here the Builder writes an empty
    # <mainBody>, which the XSD rejects ("Missing child element(s)").
    pytest.param("text", TXT + "Recalling its resolution 5/1,\n", InvalidXML, id="B3-text-preamble-only"),
    pytest.param("markdown", MD + "*Recalling* its resolution 5/1,\n", InvalidXML, id="B3-markdown-preamble-only"),
    pytest.param("text", _seed_cut_before("A-HRC-RES-34-39.txt", " 1. Strongly"), InvalidXML,
                 id="B3-seed-cut-before-paragraph-1"),
    # DEFECT_B4: operative numbers that do not run 1..N in the source (a paragraph lost, a typo) are written as
    # printed and fail the profile's `numbering` check, where README promises "doubtful structure … kept as
    # plain paragraphs" with a warning. The text reader also makes such a gap itself: a stray line between two
    # operative paragraphs ("---", "Page 2" or any word not ending a sentence) glues paragraph 2 to paragraph 1.
    pytest.param("text", TXT + "1. Decides to act;\n\n3. Decides again.\n", InvalidXML, id="B4-text-gap"),
    pytest.param("markdown", MD + "1. *Decides* to act;\n\n3. *Decides* again.\n", InvalidXML, id="B4-markdown-gap"),
    pytest.param("text", TXT + "1. Decides to act;\n\nPage 2\n\n2. Decides again;\n\n3. Decides.\n", InvalidXML,
                 id="B4-text-stray-line-glues-paragraphs"),
    # DEFECT_B5: a number printed twice gives two elements the same eId (para_1, para_1__content; point_a):
    # the XSD's eId uniqueness constraint fails ("Duplicate key-sequence").
    pytest.param("text", TXT + "1. Decides to act;\n\n1. Decides again.\n", InvalidXML, id="B5-text-paragraph"),
    pytest.param("markdown", MD + "1. *Decides* to act;\n\n1. *Decides* again.\n", InvalidXML,
                 id="B5-markdown-paragraph"),
    pytest.param("text", TXT + "1. Decides:\n\n(a) first;\n\n(a) again;\n\n2. Decides.\n", InvalidXML,
                 id="B5-text-point"),
    # DEFECT_B6: a footnote text given twice (the same marker defined twice) becomes two authorialNotes with
    # marker "1": profile check `footnote`, "marker '1' used again".
    pytest.param("text", TXT + "Recalling X,1\n\n1. Decides.\n\n_____\n\n1 A/HRC/46/68.\n\n1 A/HRC/46/68.\n",
                 InvalidXML, id="B6-text-note-twice"),
    pytest.param("markdown", MD + "*Recalling* X,<sup>1</sup>\n\n1. *Decides*.\n\n<sup>1</sup> A/HRC/46/68.\n\n"
                 "<sup>1</sup> A/HRC/46/68.\n", InvalidXML, id="B6-markdown-note-twice"),
    # DEFECT_B7: Markdown, a footnote definition without text gives an empty authorialNote without
    # status="unknown" (the text reader sets it, with a warning): profile check `footnote`, "empty note".
    pytest.param("markdown", MD + "*Recalling* X,[^1]\n\n1. *Decides*.\n\n[^1]:\n", InvalidXML,
                 id="B7-markdown-empty-note"),
    pytest.param("markdown", MD + "*Recalling* X,<sup>1</sup>\n\n1. *Decides*.\n\n<sup>1</sup>\n", InvalidXML,
                 id="B7-markdown-empty-sup-note"),
    # DEFECT_B8: Markdown inline footnote `^[text]` (the footnote plugin the reader enables parses it) gives an
    # authorialNote with no marker: profile check `footnote`, "authorialNote without a marker".
    pytest.param("markdown", MD + "*Recalling* X,^[A/HRC/46/68.]\n\n1. *Decides*.\n", InvalidXML,
                 id="B8-markdown-inline-note"),
    # DEFECT_B9 (found after f21f8f2, fixed in ee1eba0): Markdown that cites one note number in both footnote
    # syntaxes, `[^1]` and `<sup>1</sup>`, with a text for each: two authorialNotes with marker "1", profile
    # check `footnote` "marker '1' used again". Shrunk by hand from a 6-edit recipe.
    pytest.param("markdown", MD + "*Recalling* X,[^1] and Y,<sup>1</sup>\n\n1. *Decides*.\n\n"
                 "<sup>1</sup> A/HRC/46/68.\n\n[^1]: A/HRC/47/1.\n", InvalidXML,
                 id="B9-markdown-one-marker-in-both-note-syntaxes"),
    # DEFECT_B10: Markdown, a thematic break written with form feeds between its dashes ("-\f-\f-", which the
    # reader turns into "- - -", a page rule) is recorded as page furniture with its raw text, form feeds and
    # all: ValueError "All strings must be XML compatible" from Builder._provenance (convert/akn/build.py:398,
    # U.furniture(text, …)). Found by test_mutated_seed_writes_valid_xml at 24d90d5: inserting '\f- - \f- '.
    pytest.param("markdown", MD + "1. *Decides* to act;\n\n-\f-\f-\n\n2. *Decides*.\n", ValueError,
                 id="B10-markdown-page-rule-with-form-feeds"),
    # DEFECT_B11: a printed date that is no calendar date ("31 February 2017", "0 March", "32 March", year 0000)
    # goes as printed into FRBRdate/@date and docDate/@date; the XSD's xs:date rejects it. Both readers (the
    # shared date parsing, convert/readers/language.py find_date). Found by the hunt at 24d90d5 (a character
    # typed into "24 March 2017" of the text seed's heading).
    pytest.param("text", TXT.replace("24 March", "31 February") + "1. Decides to act.\n", InvalidXML,
                 id="B11-text-31-february"),
    pytest.param("markdown", MD.replace("24 March", "0 March") + "1. *Decides* to act.\n", InvalidXML,
                 id="B11-markdown-day-0"),
]


@pytest.mark.parametrize(("fmt", "text", "symptom"), DEFECTS)
def test_defect_stays_fixed(fmt, text, symptom):
    """Each input must give a project error or valid XML; before its fix each gave `symptom`."""
    _check(text.encode(), fmt)


@pytest.mark.parametrize(("fmt", "text"), [
    pytest.param("text", TXT + "1. Decides to act;\n\nGE.12-17781\n\n2. Decides again;\n\n3. Decides.\n",
                 id="text-job"),
    pytest.param("text", TXT + "1. Decides to act;\n\n17\n\nGE.12-17781\n\n\fA/HRC/RES/34/39\n\n2. Decides again;\n\n"
                 "3. Decides.\n", id="text-page-break"),
    pytest.param("markdown", MD + "1. *Decides* to act;\n\nGE.12-17781 **37**\n\n-----\n\n**A/HRC/RES/46/28**\n\n"
                 "2. *Decides* again;\n\n3. *Decides*.\n", id="markdown-page-break"),
    pytest.param("text", TXT + "1. Decides to act\x7f\u200b\u202e\U0010ffff\xa0;\n", id="text-odd-but-legal"),
    pytest.param("markdown", MD + "1. *Decides* to act\x7f\u200b\u202e\U0010ffff;\n", id="markdown-odd-but-legal"),
    pytest.param("markdown", MD + "*Recalling* X,[^1]\n\n1. *Decides*.\n\n[^1]: A/HRC/46/68.\n", id="markdown-note"),
    pytest.param("text", TXT + "Recalling X,1\n\n1. Decides.\n\n_____\n\n1 A/HRC/46/68.\n", id="text-note"),
    pytest.param("text", TXT.replace("24 March 2017", "29 February 2016") + "1. Decides to act.\n", id="text-leap-day"),
    pytest.param("text", "x", id="text-not-a-resolution"),
    pytest.param("markdown", "\t", id="markdown-blank"),
])
def test_controls(fmt, text):
    """Neighbours of the defects that work today, so that the regression tests above fail for the stated reason."""
    out = _check(text.encode(), fmt)
    if out.error is None:
        assert compare(text, fmt, out.root).ratio == 1.0
