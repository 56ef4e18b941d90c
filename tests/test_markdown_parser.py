"""The Markdown reader's parser stops its text rule only where an enabled inline rule can start: same tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from convert.readers.markdown import _LINE, _READ_KINDS, _inline_items, _parser, _token_items

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    "*Reaffirming* its resolution 46/28 of 24 March 2021 -- and 5% : + = @ ~ { } $ # ^ > text,",
    "[link](http://x.org) [label] [^1] ^[inline] ![img](a.png) <sup>1</sup> &amp; &#35; `code` \\* a\\\nb",
    "a  \nb \nc\n  d\t\ne_f_ *g*h **i** ***j*** _k_ [a [b] c](d) [x]: y\n\n[x]\n\n[^1]: note",
    "<http://un.org> <a href='x'>y</a> foo@bar.org: http://un.org - 1. x\n2) y\n- z\n> q\n# h\n\n---\n    code",
    # the shapes made without the inline parser, and their near misses
    "*Recalling further* its resolutions 20/17 of 6 July 2012,\n\n*The Human Rights Council,*\n\nplain text",
    "*a*b\n\n*a,*b\n\n*a,* b\n\n*a;*\n\n* a*\n\n*a *\n\n*(a)* b\n\n*a)* b\n\n*a*,\n\n**a** b\n\n*a**\n\n*a* *b*",
    "<sup>1</sup> S/AC.51/2020/11.\n\n*Expresses* the work<sup>2</sup> of\n\n*a*<sup>1</sup>\n\n*a,*<sup>1</sup> b\n\n"
    "<sup> 1 </sup> a\n\n*a*<sup>2 </sup><sup></sup>\n\n<sup>1\n\n<sup >1</sup >\n\n</sup>x<sup>\n\n<SUP>1</SUP>\n\na<sup>1</sup>*b*\n\n*a* <b>c</b> <sup>",
    "a\r\nb\rc\r\r\n\n\0d *e\0*\r\n\r\n1. f\r    g\0",
    "*é’*« b\n\n*²*\u00a0b\n\n*a\u00a0* b\n\n*a*\u2003b\n\n*a.*\u00a0b\n\n*a:*”\n\n#  *a* b\n\n*a* b  \nc",
    # a simple line's first Text of white space only (dropped): white space that markdown-it does not trim
    "\x1c<sup>1</sup> a\n\n\x85\n\n\x1f <sup>2</sup>\n\n\u00a0\x1e b<sup>3</sup>\n\n<sup>4</sup>\x1d\n\n\x1c*a* b",
    # an emphasis holding a tag, and other inline starts inside and after one
    "*a<sup>1</sup>b* c\n\n*a<sup>1</sup>* c\n\n*a</sup>b* c\n\n*a<b* c\n\n*a* b*\n\n*a* <sup>1</sup>*\n\n*a [b]* c\n\n*a* b_c_",
]


def _stock(front_matter: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark").use(footnote_plugin, inline=False)
    return md.use(front_matter_plugin) if front_matter else md


def _dump(md: MarkdownIt, text: str) -> list[dict]:
    return [t.as_dict() for t in md.parse(text)]


#: the tokens `read` takes: front matter (as the first token) and those of `_READ_KINDS`
_TAKEN = _READ_KINDS | {"front_matter"}


def _same_reading(text: str, front_matter: bool = True) -> None:
    """The reading parser: the stock tokens `read` takes (it may leave out others), save that a simple paragraph's
    items stand for its inline tokens."""
    mine = [t for t in _parser(front_matter, reading=True).parse(text) if t.type in _TAKEN]
    stock = [t for t in _stock(front_matter).parse(text) if t.type in _TAKEN]
    assert len(mine) == len(stock)
    for a, b in zip(mine, stock):
        if a.type == "inline":
            assert _token_items(a) == _inline_items(b.children or [])
            if _LINE in a.meta:
                a.meta, a.children = b.meta, b.children
        assert a.as_dict() == b.as_dict()


@pytest.mark.parametrize("text", SAMPLES + [p.read_text(encoding="utf-8") for p in sorted(
    (ROOT / "seeds").glob("*.md")) + sorted((ROOT / "tests" / "goldens").glob("*.md"))])
def test_same_tokens_as_stock_commonmark(text: str) -> None:
    assert _dump(_parser(), text) == _dump(_stock(), text)
    _same_reading(text)


# random paragraphs built from what converter Markdown is made of: the fast paths must never disagree
_PIECES = ["*Recalling*", "*Recalling also,*", "*a*", "*", "**", "_", "<sup>", "</sup>", "<sup>1</sup>", "1", "[^1]",
           "[", "]", "(", ")", "\\", "\\*", "&amp;", "`", "!", " ", "  ", "\n", "\n\n", "\u00a0", ",", ";", ".", ":",
           "’", "«", "text", "Council", "46/28", "é", "#", "-", "1.", "(a)", "---", ">", "<b>"]


def test_same_tokens_as_stock_commonmark_on_random_paragraphs() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=1500, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(st.sampled_from(_PIECES), max_size=30), st.integers(0, 2))
    def check(pieces: list[str], lead: int) -> None:
        text = ["", "*Recalling* ", "1\\. *Decides* "][lead] + "".join(pieces)
        assert _dump(_parser(), text) == _dump(_stock(), text)
        _same_reading(text)

    check()


# random documents built line by line from what opens a block (and what does not): the block tokenizer, which
# tries at a line only the rules that can start with its first character, must never disagree
_LINE_STARTS = ["", " ", "  ", "   ", "    ", "\t", "> ", ">", "- ", "-", "* ", "*", "+ ", "_", "1. ", "2) ", "10.",
                "# ", "## ", "#", "[^1]: ", "[^1]:", "[x]: ", "[", "<div>", "<sup>", "<!-- ", "```", "~~~", "---",
                "***", "___", "===", "text", "*Decides* ", "1\\. ", "<sup>1</sup> ", "é", "\u00a0"]
_LINE_ENDS = ["", "a", "\r", "b\0", " b", "--", "```", "~~~", "<sup>1</sup>", "[^1]", "-->", "</div>", "  ", " #", "*"]


def test_same_block_tokens_as_stock_commonmark_on_random_documents() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    line = st.tuples(st.lists(st.sampled_from(_LINE_STARTS), max_size=3), st.sampled_from(_LINE_ENDS))

    @hypothesis.settings(max_examples=2000, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(line, max_size=12))
    def check(lines: list[tuple[list[str], str]]) -> None:
        text = "\n".join("".join(starts) + end for starts, end in lines)
        assert _dump(_parser(), text) == _dump(_stock(), text)

    check()


@pytest.mark.parametrize("tag", ["i", "em"])
def test_html_italics_are_italics(tag: str) -> None:
    """`matter<i>.</i>` (how unres writes punctuation alone in italics) reads as the Italic `.`, as `*x*` would."""
    from convert.readers.markdown import Italic, Text

    inline = next(t for t in _parser().parse(f"the matter<{tag}>.</{tag}> and *this*\n") if t.type == "inline")
    assert _token_items(inline) == [[Text("the matter"), Italic("."), Text(" and "), Italic("this")]]
