"""The Markdown reader's inline fast path for paragraphs of several lines (hard and soft breaks) and for brackets that
make no link ("[Adopted without a vote.]"): the tokens, and the items `read` takes, of stock markdown-it."""

from __future__ import annotations

import random

import pytest
from markdown_it.rules_block.state_block import StateBlock

from test_markdown_parser import _dump, _same_reading, _stock

from convert.readers.markdown import _block_state, _lines_of, _parser, _simple_pieces

SAMPLES = [
    "Distr.: General  \n15 September 2018  \nEnglish  \nOriginal: English", "*61st meeting  \n6 September 2018*",
    "*61st meeting*  \n*6 September 2018*", "*44th meeting*\n*6 October 2022*", "a \nb\t\nc   \n  d \t \ne\n\t f",
    "a<sup>1</sup>  \nb<sup>2</sup>\n c</sup> \n<sup>d", "*a  \nb*  \nc", "*a \n b,* c\nd", " \n a", "a\u00a0 \nb \u00a0\nc",
    "[Adopted without a vote.]", "[Adopted by a recorded vote of 29 to 7, with 11 abstentions.]", "a [b] c [d",
    "a] b [c]\n[d]  \ne", "*a [b]* c]", "[a](b) c", "[a] (b)", "[^a] b", "[a] b\n\n[a]: /u", "[a]\n\n[b]: /u",
    "[^1] x\n\n[^1]: y", "[a][b] c", "[a]\n\n[^1]: x", "*[a]* b", "<sup>[1]</sup> a [2]", "Review,[1] the [12] [1234]",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_tokens_as_stock_on_samples(text: str) -> None:
    assert _dump(_parser(), text) == _dump(_stock(), text)
    _same_reading(text)


def test_the_shapes_are_taken() -> None:
    """The samples above are made without the inline parser (else they would prove nothing)."""
    for text in ["Distr.: General  \n15 September 2018", "*61st meeting  \n6 September 2018*", "a \nb\t\n c",
                 "[Adopted without a vote.]", "a [b] c [d", "<sup>[1]</sup> a"]:
        assert _simple_pieces(text, brackets=True) is not None
    for text in ["[a](b) c", "[^a] b"]:
        assert _simple_pieces(text, brackets=True) is None
    assert _simple_pieces("[a] b", brackets=False) is None


# random paragraphs of what line breaks and brackets stand between; and documents defining a link reference or not
_PIECES = ["*Recalling*", "*a,*", "*", "<sup>", "</sup>", "<sup>1</sup>", "1", "[", "]", "[1]", "[a]", "(", ")", "^",
           "[^1]", "\n", "  \n", " \n", "   \n", "\t\n", " \t\n", "\n ", "\n  ", "\n\t", "\n \t ", " ", "  ", "\t",
           "\u00a0", ",", ".", ":", "text", "Council", "é", "#", "-", "1."]
_AFTER = ["", "\n\n[a]: /u", "\n\n[^1]: n", "\n\n[1]: /v"]


def test_same_tokens_as_stock_on_random_paragraphs_of_lines() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=2500, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(st.sampled_from(_PIECES), max_size=24), st.integers(0, 2), st.sampled_from(_AFTER))
    def check(pieces: list[str], lead: int, after: str) -> None:
        text = ["", "*Recalling* ", "*61st meeting"][lead] + "".join(pieces) + after
        assert _dump(_parser(), text) == _dump(_stock(), text)
        _same_reading(text)

    check()


# `_note_definitions` and `_furniture` look at a line's first character before their patterns: the same answers as
# the patterns alone (the code before), on lines opened by digits of every kind, white space and near misses
_OPENINGS = ["1", "12", "123", "\u0663", "\u00b2", "\u2460", "\uff11", " ", "\u00a0", "\u2003", "*", "**", "G", "GE.",
             "_", "_____", "\ue000", "A/", "a", "é", ""]
_RESTS = ["", " ", "  ", "\t", "2", "12", ".12-17781", "E.12-17781", "-12345", " 12345", "_____", " A/HRC/1/2", "x", "*"]


def _old_furniture(text: str, after_formula: bool) -> str | None:
    import convert.readers.markdown as md

    if md._JOB_LINE.match(text):
        return "job-number"
    if md._RULE.fullmatch(text):
        return "footnote-rule"
    if text and ("\ue000" <= text[0] <= "\uf8ff" or text[0].isspace()) \
            and all("\ue000" <= ch <= "\uf8ff" or ch.isspace() for ch in text):
        return "barcode"
    if after_formula and text.lstrip().startswith("A/") and (m := md.patterns.masthead(text)) and m.kind == "symbol":
        return "running-header"
    return None


def _old_opens_definitions(first: list) -> bool:
    import convert.readers.markdown as md

    return bool(first and (isinstance(first[0], md.Marker) or isinstance(first[0], md.Text)
                           and md._STAR_NOTE.match(first[0].text)) or md._NOTE_LINE.match(md._plain(first)))


def test_first_character_shortcuts() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    from convert.readers.markdown import Italic, Marker, Text, _furniture, _opens_definitions

    piece = st.tuples(st.sampled_from(_OPENINGS), st.sampled_from(_RESTS))

    @hypothesis.settings(max_examples=3000, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(piece, max_size=3), st.lists(st.sampled_from([Text, Italic, Marker]), max_size=3),
                      st.booleans())
    def check(pieces: list[tuple[str, str]], kinds: list, after_formula: bool) -> None:
        text = "".join(a + b for a, b in pieces)
        assert _furniture(text, after_formula) == _old_furniture(text, after_formula)
        items = [kind(a + b) for kind, (a, b) in zip(kinds, pieces)]
        assert _opens_definitions(items) == _old_opens_definitions(items)

    check()


# headings and page rules made without their rules (`_heading`, `_page_rule`), and their near misses, in contexts
_BLOCK_LINES = ["# a", "## Human Rights Council", "###### a", "####### a", "#\ta", "# a #", "# a#", "# a ", "# a\t", "#a",
                "# ", "#", "#  a  b", "# *a* b", "# a\u00a0", "# \u00a0a", "# a [b]", "---", "--- ", "----", "-- -", "- --",
                "***", "___", " ---", "   # a", "    # a", "    ---", "\t---", "> # a", "> ---", "- # a", "- ---", "1. # a",
                "[^1]: # a", "a", "text *b*", "", "", "1. a", "<sup>1</sup> a", "===", "# a\r", "---\r"]


@pytest.mark.parametrize("line", _BLOCK_LINES)
def test_headings_and_rules_as_stock(line: str) -> None:
    from test_markdown_speed import _same

    for text in (line, "x\n\n" + line, "x\n" + line, line + "\nx", "- a\n\n  " + line, "> a\n" + line + "\n\nb"):
        _same(text)


def test_headings_and_rules_as_stock_on_random_documents() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    from test_markdown_speed import _same

    @hypothesis.settings(max_examples=1500, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(st.sampled_from(_BLOCK_LINES), max_size=10), st.booleans())
    def check(lines: list[str], spaced: bool) -> None:
        _same(("\n\n" if spaced else "\n").join(lines))

    check()


@pytest.mark.sources
def test_headings_and_rules_are_taken() -> None:
    from convert.readers.markdown import _parser

    tokenize = _parser(reading=True).block.tokenize
    assert {"_heading", "_page_rule"} <= set(tokenize.__code__.co_names)


def test_citations_as_findall() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    from convert.readers.markdown import _CITATION, _cited

    @hypothesis.settings(max_examples=2000, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(st.sampled_from(["[", "]", "1", "12", "1234", "[1]", "[[2]]", "\n", "\r", " ", "a", "é",
                                                "---", "\u00b2", "\u0663"]), max_size=25))
    def check(pieces: list[str]) -> None:
        text = "".join(pieces)
        assert _cited(text) == frozenset(_CITATION.findall(text))

    check()


_MARK_TEXTS = ["", "a", "a\n", "\n", "\n\n", " ", "\t", "a\n  ", "a\n \t", "  a\n\n  \n", " \n ", "a\n\n b", "\ta\n \tb",
               "x\n\t", " \t\n", "a\u2019\n  b\n\n", "---\n\n1. a\n\n   b\n"]


def _marks(state: StateBlock) -> dict:
    """The state's fields but the parser, the env and the tokens (handed in): its line marks among them."""
    return {k: v for k, v in vars(state).items() if k not in ("md", "env", "tokens")}


@pytest.mark.parametrize("text", _MARK_TEXTS)
def test_block_state_as_stock(text: str) -> None:
    md = _parser()
    assert _marks(_block_state(text, md, {}, [])) == _marks(StateBlock(text, md, {}, []))


def test_block_state_as_stock_on_random_texts() -> None:
    md, rnd = _parser(), random.Random(5)
    for _ in range(3000):
        text = "".join(rnd.choice(["\n", " ", "\t", "a", "-", "\u2019", "  "]) for _ in range(rnd.randint(0, 14)))
        assert _marks(_block_state(text, md, {}, [])) == _marks(StateBlock(text, md, {}, [])), repr(text)


_LINE_TEXTS = ["---\n\n> a\n> ---\n> b\n\n- x\n\n  ---\n- y\n\n[^1]: a\n    ---\n\n---", "a\r\n---\r\nb\n---\n",
               "a\rb\n---\n\0c\n---", "\0\n---\n", "---\n***\n - - -\n  ___  \n\t---\n", "", "\n", "---", "> ---\n>> ---\n"]


@pytest.mark.parametrize("text", _LINE_TEXTS + SAMPLES)
def test_lines_of_as_split(text: str) -> None:
    """`read`'s page-rule lines: the parser's marks give the lines of `text.split("\\n")` (marks that rules moved put
    back), or the split is made."""
    env: dict = {}
    tokens = _parser(reading=True).parse(text, env)
    line_of, lines = _lines_of(text, env), text.split("\n")
    assert [line_of(t.map[0]) for t in tokens if t.type == "hr"] == [lines[t.map[0]] for t in tokens if t.type == "hr"]
    assert [line_of(k) for k in range(len(lines) - 1)] == lines[:-1]
