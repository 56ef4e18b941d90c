"""The Markdown reader's block fast paths (plain paragraphs, lists of one-line numbered paragraphs) give the tokens
stock markdown-it gives, in every context a line can stand in."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from convert.readers.markdown import _parser
from test_markdown_parser import _same_reading

ROOT = Path(__file__).resolve().parent.parent


def _stock() -> MarkdownIt:
    return MarkdownIt("commonmark").use(footnote_plugin, inline=False).use(front_matter_plugin)


def _same(text: str) -> None:
    """The same tokens; and the reading parser's (which leaves out what `read` does not take) the same for `read`."""
    assert [t.as_dict() for t in _parser().parse(text)] == [t.as_dict() for t in _stock().parse(text)]
    assert [t.as_dict() for t in _parser(front_matter=False).parse(text)] == \
        [t.as_dict() for t in MarkdownIt("commonmark").use(footnote_plugin, inline=False).parse(text)]
    _same_reading(text)
    _same_reading(text, front_matter=False)


@pytest.mark.sources
def test_the_fast_paths_are_taken() -> None:
    """Both stand for the stock rules of this markdown-it (else the tests below would prove nothing)."""
    tokenize = _parser(reading=True).block.tokenize
    cells = dict(zip(tokenize.__code__.co_freevars, (c.cell_contents for c in tokenize.__closure__)))
    simple_list = cells["simple_list"]
    assert cells["plain"]
    assert dict(zip(simple_list.__code__.co_freevars, (c.cell_contents for c in simple_list.__closure__)))[
        "one_line_list"]


SAMPLES = [
    "a\n\n1. *Decides* x;\n\n2. *Also decides* y;\n\n---\n\n3. z\n4. q\n",
    "p\n\n1. a\n\n   b\n\n2. c",
    "x\n\n7. a", "x\n\n7. a\n\n8) b\n\n9. c\n\n", "x\n\n1. a\n\n\n\n2. b\n", "x\n\n1. a\n2. b\n\n3. c",
    "x\n\n1. a\n\n  b\n\n2. c", "x\n\n10. a\n\n   b\n\n11. c", "x\n\n10. a\n\n    b\n\n11. c",
    "x\n\n1234567890. a\n\n123456789. b\n\n", "x\n\n01. a\n\n002. b", "> 1. a\n>\n> 2. b\n\nc",
    "- 1. a\n\n  2. b\n\n- c", "[^1]: 1. a\n\n    2. b\n\n3. c", "x\n\n1. a\n\n# h\n\n2. b",
    "x\n\n1. a\n\n<sup>1</sup> b\n\n2. c", "x\n\n1. a\n\n```\n2. b\n```", "x\n\n1. a\n\n    2. b",
    "x\n\n1. a\n\n\t2. b", "x\n\n1.\ta\n\n2. b", "x\n\n1.  a\n\n2. b", "x\n\n1. a\n\n2.\n\n3. c",
    "x\n\n1. a\n\n2. *\n\n3. *a", "x\n\n1. **a**\n\n2. *é* b\n\n3. ² c\n\n4. \u00a0d", "x\n1. a\n\n2. b",
    "x\n\n1. a\n---\n\n2. b", "x\n\n1. a\n\n---\n2. b", "x\n\n1. a\n\n***\n\n2. b", "x\n\n1. a  \n\n2. b  ",
    # plain paragraphs of several lines, and what may start, interrupt or underline one
    "Distr.: General  \n15 September 2018  \nEnglish  \nOriginal: English\n\n---", "*61st meeting  \n6 September 2018*",
    "a\nb\n===\n\nc", "a\nb\n= c", "a\n    - b\n  c\n\n", "a\n1. b", "a\n2. b", "a\n1) b", "a\n12 b\n1.5 c\n2018",
    "a\n<sup>1</sup> b\n<sup>\n<div>\nc", "a\n<sup> b", "[a\nb]: /u\n\n[a]", "x\n\n[a\nb]: /u\n\n[a]", "[a] b\nc", "a\n[^1]: b", "a\n[b]: c",
    "7 August\n\n2018\n\n1.5\n\n12)x\n\n123456789) x\n\n1234567890) x\n\n3.\n\n4.x", "<sup>1</sup> a\n\n<sup>\n\n<sup> 1",
    "<sup>\u00a0a\n\n<sup>1\nb", "[Adopted without a vote.]\n\n[a]: /u\n\n[a]\n\n[^1] b\n\n[^1]: c", "> a\nb\n> c\n\nd",
    "- a\nb\n  c\n\n- d\n e\n\n   f", "a\n\tb\n    c\n #d\n", "\u00a0a\n\u3000b",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_tokens_as_stock_on_samples(text: str) -> None:
    _same(text)


def test_same_tokens_as_stock_on_the_generated_documents() -> None:
    paths = sorted(glob.glob(str(ROOT / "build" / "bench" / "c200" / "*.md")))[:40]
    paths += sorted(glob.glob(str(ROOT / "seeds" / "*.md"))) + sorted(glob.glob(str(ROOT / "tests" / "goldens" / "*.md")))
    for path in paths:
        _same(Path(path).read_text(encoding="utf-8"))


# random documents of what the fast paths take and what they must leave to the rules: numbered and plain
# paragraphs, their near misses, empty lines, indents, containers around them
_PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "\t", "> ", ">", "- ", "* ", "[^1]: ", "1. ", "2) ", "# "]
_BODIES = ["1. *Decides* a;", "2. b", "10. c", "3.  d", "4.\te", "5.", "6. ", "7) f", "8. - g", "9. 1. h", "0. *",
           "1. *i*", "12. <sup>1</sup> j", "3. [^1] k", "4. # l", "5. > m", "6. ``` n", "7. ---", "123456789. o",
           "1234567890. p", "1. *Recalling* q", "text", "*Recalling* r", "*", "**s**", "*t", "<sup>1</sup> u", "---",
           "***", "===", "-", "# v", "```", "~~~", "<div>", "[^2]: w", "[x]: y", "é", "\u00a0z", "a  ", "",
           "=", "= a", "==  ", "15 September 2018", "2018", "1.5 m", "12)x", "<sup>", "<sup> 1", "<sup>1", "<sup>\u00a0",
           "<sup>1</sup>", "<summary>x", "<script>", "<!-- x", "[a] b", "[a", "b]: /u", "[a]:", "[^1] x", "]:"]


def test_same_tokens_as_stock_on_random_documents() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    line = st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(_BODIES))

    @hypothesis.settings(max_examples=2000, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(line, max_size=14), st.booleans())
    def check(lines: list[tuple[str, str]], spaced: bool) -> None:
        text = ("\n\n" if spaced else "\n").join(prefix + body for prefix, body in lines)
        _same(text)
        _same("x\n\n" + text)

    check()


def test_same_tokens_as_stock_on_random_paragraphs_of_several_lines() -> None:
    """Lines run on (one "\n") or part (an empty line) at random: what a plain paragraph's lines may hold."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    line = st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(_BODIES), st.sampled_from(["\n", "\n", "\n\n"]))

    @hypothesis.settings(max_examples=2000, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(line, max_size=10))
    def check(lines: list[tuple[str, str, str]]) -> None:
        text = "".join(prefix + body + sep for prefix, body, sep in lines)
        _same(text)
        _same("x\n" + text)

    check()


def test_fast_tokens_are_the_dataclass_tokens() -> None:
    from markdown_it.token import Token

    from convert.readers.markdown import _block_token, _fast_block_token, _token

    assert _token is _fast_block_token  # this markdown-it's Token has the fields it sets
    for args, kwargs in [(("inline", "", 0, 3, [4, 5], "a *b*", []), {}), (("paragraph_close", "p", -1, 0), {}),
                         (("ordered_list_open", "ol", 1, 1, [2, 9]), {"markup": ".", "attrs": {"start": 7}}),
                         (("list_item_open", "li", 1, 2, [2, 4]), {"markup": ".", "info": "12"}),
                         (("paragraph_open", "p", 1, 3, [2, 3]), {"hidden": True})]:
        fast, slow = _fast_block_token(*args, **kwargs), _block_token(*args, **kwargs)
        assert fast == slow and fast.as_dict() == slow.as_dict()
        again = _fast_block_token(*args, **kwargs)
        assert again.meta is not fast.meta  # each its own dict, as the default factory makes it
    assert _block_token("paragraph_close", "p", -1, 2) == Token("paragraph_close", "p", -1, level=2, block=True)
