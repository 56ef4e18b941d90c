"""Reads converter-made Markdown of a resolution into AKN (through markdown-it's token stream).

Clean-up rules, in order:
- page rules (`---`) are page furniture: dropped and recorded;
- footnote definitions (`<sup>1</sup> A/HRC/46/68.`, `\\* On behalf of …`, `[^1]: …`) are collected
  wherever they stand and placed where their marker is cited;
- a line broken with two trailing spaces is a line of its own (masthead, closing lines);
- YAML front matter gives facts (symbol, dates, …) as a metadata file would;
- a paragraph number written as text (`1\\. Decides`) is a paragraph number, and after the enacting
  formula a label `(a)` opening a paragraph is a sub-paragraph of the operative paragraph before it;
- a paragraph split by a page break is rejoined by the shared assembler.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Literal, cast

import yaml
from markdown_it import MarkdownIt
from markdown_it import rules_block
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.list import skipOrderedListMarker
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.normalize import NEWLINES_RE
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_def
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.front_matter.index import _front_matter_rule

from ..akn.build import Builder, Italic, Text
from . import patterns
from .assemble import Assembler, Block, FootnotePool, Marker
from .metadata import check
from .language import lexicon
from .source import SourceText

_SUP = re.compile(r"^<sup>\s*$")
_SUP_END = re.compile(r"^\s*</sup>$")
#: italics written as HTML (unres's Markdown writes punctuation alone in italics so: `matter<i>.</i>`)
_ITALIC_TAGS = {"<i>": 1, "<em>": 1, "</i>": -1, "</em>": -1}


_NUMBERED = re.compile(r"^(\d{1,3}\.)\s+")
#: a sub-paragraph's label written as text (`\(a\) The high number`): after the enacting formula only
_POINT = re.compile(r"^(\(?(?:[a-z]{1,2}|[ivxl]{1,5})\))\s+")  # "(a)", and "a)" as French and Spanish write it


#: the characters at which an enabled inline rule can start (newline, escape, backticks, emphasis, link and
#: footnote reference, image, autolink and HTML, entity), and `]`, where a link's label ends. markdown-it's
#: text rule also stops at `-`, `:`, `%`, … for rules we do not enable (linkify, typographer), then each
#: enabled rule is tried there and fails: the same text, one rule call per character.
_INLINE_STARTS = re.compile(r"[\n\\`*_\[\]!<&]")


def _simple_pieces(content: str, brackets: bool = False) -> list[tuple[str, str]] | None:
    """The commonest paragraph shapes, as ("em" | "text" | "html_inline", text) pieces, or None for any other.

    The shapes: text with no character an inline rule starts at, save `<sup>` and `</sup>` (html_inline
    tokens), line breaks (`_text_tokens`), and where `brackets` (the document defines no link reference) `[` and
    `]` with no `](` nor `[^` (the link rule, wanting a reference or a `(` after the label, and the footnote_ref
    rule, wanting `[^`, fail there: each bracket stays text, as if no rule started at it); optionally opened by an
    emphasis ("*Recalling further* its …": em_open, text, em_close). The emphasis is taken only where
    CommonMark's flanking rules plainly make it one: a letter or digit after the opening `*`, and before the
    closing one a letter or digit, or `,.;:` with a space or the end after it.
    """
    # Found with `in` and `find` (C scans of the text; a regex search tests each character in turn): any character
    # of `_INLINE_STARTS` but `*`, `<` and "\n" makes another shape; then `*` and `<` are looked for in order.
    if "\\" in content or "`" in content or "_" in content or "!" in content or "&" in content:
        return None
    if ("[" in content or "]" in content) and (not brackets or "](" in content or "[^" in content):
        return None
    pieces: list[tuple[str, str]] = []
    pos = 0
    if content[:1] == "*":
        close = content.find("*", 2)  # the next inline start after `*a` must be the closing `*` (no `<` before it)
        if len(content) < 3 or not content[1].isalnum() or close < 0 or content.find("<", 2, close) >= 0:
            return None
        inner, pos = content[1:close], close + 1
        last = inner[-1]
        if not (last.isalnum() or last in ",.;:" and content[pos:pos + 1] in ("", " ")):
            return None
        pieces.append(("em", inner))
    if content.find("*", pos) >= 0:
        return None
    start = pos
    while (i := content.find("<", pos)) >= 0:
        tag = "<sup>" if content.startswith("<sup>", i) else "</sup>" if content.startswith("</sup>", i) else None
        if tag is None:
            return None
        if i > start:
            pieces.append(("text", content[start:i]))
        pieces.append(("html_inline", tag))
        pos = start = i + len(tag)
    if start < len(content):
        pieces.append(("text", content[start:]))
    return pieces


def _text_tokens(tokens: list[Token], text: str, level: int) -> None:
    """The tokens markdown-it makes of `text` (a piece of `_simple_pieces`), appended to `tokens`.

    At each "\n" the newline rule ends the text before it: two spaces or more there make a hardbreak and are
    dropped, one space a softbreak and is dropped, none a softbreak; it skips the spaces and tabs that open the next
    line. An empty text makes no token (the text rule's pending text is pushed only when there is some).
    """
    if "\n" not in text:
        tokens.append(Token("text", "", 0, level=level, content=text))
        return
    lines = text.split("\n")
    last = len(lines) - 1
    for k, line in enumerate(lines):
        if k:
            line = line.lstrip(" \t")
        if k < last:
            kept = line.rstrip(" ")  # (one space or more: `rstrip` drops the one space too)
            if kept:
                tokens.append(Token("text", "", 0, level=level, content=kept))
            tokens.append(Token("hardbreak" if len(line) - len(kept) >= 2 else "softbreak", "br", 0, level=level))
        elif line:
            tokens.append(Token("text", "", 0, level=level, content=line))


def _simple_tokens(pieces: list[tuple[str, str]]) -> list[Token]:
    """The inline tokens markdown-it makes of `_simple_pieces`'s shapes."""
    tokens: list[Token] = []
    for kind, text in pieces:
        if kind == "em":
            tokens.append(Token("em_open", "em", 1, markup="*"))
            _text_tokens(tokens, text, 1)
            tokens.append(Token("em_close", "em", -1, markup="*"))
        elif kind == "text":
            _text_tokens(tokens, text, 0)
        else:
            tokens.append(Token(kind, "", 0, content=text))
    return tokens


def _simple_line(pieces: list[tuple[str, str]]) -> list:
    """What `_inline_items`'s walk makes of `_simple_tokens`'s tokens, made from the pieces (one line: the shapes
    have no line break): the emphasis an Italic, `<sup>`, text, `</sup>` a Marker, other text and tags one Text."""
    items: list = []
    k, n = 0, len(pieces)
    while k < n:
        kind, text = pieces[k]
        if text == "<sup>" and kind == "html_inline" and k + 2 < n and pieces[k + 1][0] == "text" \
                and pieces[k + 2] == ("html_inline", "</sup>"):
            items.append(Marker(pieces[k + 1][1].strip()))
            k += 3
            continue
        if kind == "em":
            items.append(Italic(text))  # the first item: em_open, text, em_close open a paragraph
        elif items and isinstance(items[-1], Text):
            items[-1] = Text(items[-1].text + text)
        else:
            items.append(Text(text))
        k += 1
    return items


def _inline_rule_making(simple):
    """markdown-it's core `inline` rule, with `_simple_pieces`'s shapes made without the inline parser:
    `simple(token, pieces)` gives such a paragraph what stands for its inline tokens.

    Other paragraphs are parsed inline as before and in the same order (footnote references are numbered then).
    """
    def inline_rule(state: StateCore) -> None:
        md, env = state.md, state.env
        brackets = "references" not in env  # (made by the block rule `reference`: no inline rule adds one)
        for token in state.tokens:
            if token.type == "inline":
                if token.children is None:
                    token.children = []
                pieces = _simple_pieces(token.content, brackets)
                if pieces is None:
                    md.inline.parse(token.content, md, env, token.children)
                else:
                    simple(token, pieces)
    return inline_rule


def _with_children(token: Token, pieces: list[tuple[str, str]]) -> None:
    cast(list, token.children).extend(_simple_tokens(pieces))  # (an inline token has its list)


def _with_line(token: Token, pieces: list[tuple[str, str]]) -> None:
    if "\n" in token.content or "[" in token.content:
        # (few) `_token_items` walks them: soft breaks, citations
        cast(list, token.children).extend(_simple_tokens(pieces))
    else:
        token.meta[_LINE] = _simple_line(pieces)


#: the stock rule's tokens; and for `read`, a simple shape's line of items in the token's meta (no children tokens)
_inline_rule = _inline_rule_making(_with_children)
_reading_inline_rule = _inline_rule_making(_with_line)


_LINE = "unres-line"


def _normalize(state: StateCore) -> None:
    """markdown-it's core `normalize` rule, skipping the newline pass where there is no "\r" to normalise.

    Its pattern `\r\n?|\n` then matches "\n" only, put back as "\n"; "\0" becomes U+FFFD as its `sub` makes it.
    """
    src = state.src
    if "\r" in src:
        src = NEWLINES_RE.sub("\n", src)
    state.src = src.replace("\0", "\ufffd")


#: the characters a block rule's opening line must start with (its first character after the indent), for the
#: rules that return False at once, touching nothing, on any other: fence `~~~`/```` ``` ````, blockquote `>`,
#: hr `***`/`---`/`___`, list `*`/`-`/`+` or an ASCII digit, footnote definition and reference `[`, HTML `<`,
#: heading `#`. Rules not named here (lheading, paragraph, any other plugin's) are always tried; the code rule is
#: tried where a line is indented as code, the front matter rule on the first line (it returns False elsewhere).
_RULE_STARTS = {
    rules_block.fence: "~`", rules_block.blockquote: ">", rules_block.hr: "*-_", rules_block.list_block: "*-+0123456789",
    footnote_def: "[", rules_block.reference: "[", rules_block.html_block: "<", rules_block.heading: "#",
}


_TOKEN_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info", "meta",
                 "block", "hidden")


def _fast_block_token(kind: str, tag: str, nesting: Literal[-1, 0, 1], level: int,
                      map: list[int] | None = None,  # noqa: A002
                      content: str = "", children: list | None = None, markup: str = "", info: str = "",
                      hidden: bool = False, attrs: dict | None = None) -> Token:
    """`Token(kind, tag, nesting, map=map, level=level, block=True, …)`, made without the dataclass's __init__ (its
    default factories and __post_init__ cost twice what the token does): every field set, as __init__ sets it."""
    token = _new_token(Token)
    token.type, token.tag, token.nesting, token.attrs, token.map, token.level = \
        kind, tag, nesting, attrs or {}, map, level  # (__post_init__: no attrs are {})
    token.children, token.content, token.markup, token.info, token.meta = children, content, markup, info, {}
    token.block, token.hidden = True, hidden
    return token


def _block_token(kind: str, tag: str, nesting: Literal[-1, 0, 1], level: int,
                 map: list[int] | None = None,  # noqa: A002
                 content: str = "", children: list | None = None, markup: str = "", info: str = "",
                 hidden: bool = False, attrs: dict | None = None) -> Token:
    return Token(kind, tag, nesting, attrs or {}, map, level, children, content, markup, info, block=True,
                 hidden=hidden)


_new_token = Token.__new__
#: the fast way where the token's fields are those it sets (else a newer markdown-it's: its own __init__)
_token = _fast_block_token if tuple(f.name for f in dataclasses.fields(Token)) == _TOKEN_FIELDS else _block_token


def _plain_paragraph(state: StateBlock, line: int, after: int, lean: bool) -> None:
    """What the rules make of lines `line` to `after` (an empty line, or the end, after them), not indented as code,
    that only lheading and paragraph can start and that no rule may interrupt (see `_block_tokenize`'s
    `paragraph_start` and `paragraph_end`): lheading finds no underline (and leaves `parentType` "paragraph", as
    here), paragraph runs to the empty line. The same tokens (those `state.push` makes), made without the rules;
    `lean`: the inline token only (`read` takes no paragraph_open or paragraph_close, `_READ_KINDS`).
    """
    state.parentType = "paragraph"
    indent = state.blkIndent
    # `getLines` of one line with no indent to take off is the line as marked (its loop takes nothing off, adds no "\n")
    content = mdTrim(state.src[state.bMarks[line]:state.eMarks[line]] if after == line + 1 and indent <= 0
                     else state.getLines(line, after, indent, False))
    state.line = after
    level = state.level
    inline = _token("inline", "", 0, level + 1, [line, after], content, [])
    if lean:
        state.tokens.append(inline)
    else:
        state.tokens += [_token("paragraph_open", "p", 1, level, [line, after]), inline,
                         _token("paragraph_close", "p", -1, level)]


#: an ATX heading's opening as `_heading` takes it: one to six `#` and a space or a tab
_HEADING = re.compile(r"(#{1,6})[ \t]")


def _heading(state: StateBlock, line: int, pos: int, end: int, lean: bool) -> bool:
    """The heading rule's tokens for a line (at `pos`, not indented as code) of one to six `#`, a space or a tab, and
    a title whose last character is neither `#` nor a space or a tab (so there is no closing sequence, nor white space,
    for the rule to cut off), made without the rule; False, having done nothing, for any other line.
    `lean`: the inline token only (`read` takes no heading_open or heading_close, `_READ_KINDS`)."""
    src = state.src
    if (m := _HEADING.match(src, pos, end)) is None or src[end - 1] in "# \t":
        return False
    state.line = line + 1
    level = state.level
    inline = _token("inline", "", 0, level + 1, [line, line + 1], mdTrim(src[m.end(1):end]), [])
    if lean:
        state.tokens.append(inline)
    else:
        tag, markup = "h" + str(len(m.group(1))), m.group(1)
        state.tokens += [_token("heading_open", tag, 1, level, [line, line + 1], markup=markup), inline,
                         _token("heading_close", tag, -1, level, markup=markup)]
    return True


def _page_rule(state: StateBlock, line: int, pos: int, end: int) -> bool:
    """The hr rule's token for a line (at `pos`, not indented as code) of `---` alone, made without the rule (its
    markup is the marker once more than the line has it: the rule's count starts at one, then counts the first
    marker again); False, having done nothing, for any other line."""
    if end - pos != 3 or not state.src.startswith("---", pos):
        return False
    state.line = line + 1
    state.tokens.append(_token("hr", "hr", 0, state.level, [line, line + 1], markup="----"))
    return True


#: a run of ASCII digits that no list marker follows ("15 September", "2018", "1.5"): `skipOrderedListMarker` wants
#: "." or ")" after the digits, then a space, a tab or the line's end (the lookahead's digit stops backtracking)
_NO_MARKER = re.compile(r"[0-9]+(?![0-9]|[.)](?:[ \t]|$))")


#: an ordered list item's opening as `_block_tokenize`'s `simple_list` takes it: at most 9 ASCII digits (as
#: `skipOrderedListMarker` allows), ".", one space
_ITEM = re.compile(r"[0-9]{1,9}\. ")


def _block_tokenize(md: MarkdownIt, lean: bool = False):
    """markdown-it's `ParserBlock.tokenize`, trying at each line only the rules that can start with its first
    character (`_RULE_STARTS`): the others would return False having changed nothing, so the tokens are the same.

    An indented code line, and a first line opened by `-` (the front matter rule returns False on any other), try
    every rule as before.
    The commonest blocks of converter Markdown, a plain paragraph and a list of one-line numbered paragraphs, are
    made without trying the rules (`_plain_paragraph`, `simple_list`), where these rules are the stock ones.
    `lean` (for `read`): these two make only the tokens of the kinds `read` takes (`_READ_KINDS`), as the rules do.
    """
    block = md.block
    every = block.ruler.getRules("")
    tried = [r for r in every if r is not rules_block.code and r is not _front_matter_rule]
    by_char = {ch: [r for r in tried if ch in _RULE_STARTS.get(r, ch)] for ch in "~`>*-_+0123456789[<#"}
    other = [r for r in tried if r not in _RULE_STARTS]
    max_nesting = md.options.maxNesting
    # `_plain_paragraph` stands for these rules only (no other plugin's block rule may start or interrupt there)
    plain = other == [rules_block.lheading, rules_block.paragraph] \
        and by_char["*"] == [rules_block.hr, rules_block.list_block, *other]
    # `simple_list` stands for list_block as it is in this version (and checks its terminators as it does)
    terminators = block.ruler.getRules("list")
    one_line_list = plain and by_char["1"] == [rules_block.list_block, *other] and not md.options.get("tasklists") \
        and all(r in (_front_matter_rule, rules_block.fence, rules_block.blockquote, rules_block.hr) for r in terminators)

    def paragraph_start(src: str, pos: int, end: int) -> bool:
        """Whether only lheading and paragraph can start a block at `pos` (a character not white space) in a line
        ending at `end` (and no rule interrupt a paragraph there, lheading's underline aside): a character no other
        rule starts with, or one where the rules that start with it (`by_char`: the stock ones, as `plain` checks)
        plainly fail: `*` and a letter or digit (hr and list_block want a `*` or a space there); a digit run with no
        list marker after it (`_NO_MARKER`); `[` and no `^` (footnote_def wants `[^`) nor `]:` in the line (reference
        wants a label's `]` and `:`; `paragraph_end` keeps a label from running on); `<sup>` and a character not white
        space (no HTML block's opening, the tag alone on its line being type 7's)."""
        ch = src[pos]
        if ch not in by_char:
            return True
        if ch == "*":
            return src[pos + 1:pos + 2].isalnum()
        if "0" <= ch <= "9":
            return _NO_MARKER.match(src, pos, end) is not None
        if ch == "[":
            return src[pos + 1:pos + 2] != "^" and src.find("]:", pos, end) < 0
        return ch == "<" and pos + 5 < end and src.startswith("<sup>", pos) and not src[pos + 5].isspace()

    def paragraph_end(state: StateBlock, line: int) -> int | None:
        """The line after a plain paragraph starting at `line` (a `paragraph_start`): the first empty line after it or
        the end (`lineMax`, where the paragraph rule stops), when each line before is a lazy continuation (indented
        as code) or one `paragraph_start` takes that is no setext underline (`=`; `-` is no `paragraph_start`), so that
        no rule interrupts it; else None (and the rules are tried). A paragraph opened by `[` has one line only (a
        reference's label may run on to the next one)."""
        after, last = line + 1, state.lineMax
        src, bMarks, eMarks, tShift, sCount, indent = state.src, state.bMarks, state.eMarks, state.tShift, \
            state.sCount, state.blkIndent
        while after < last and bMarks[after] + tShift[after] < eMarks[after]:  # (not `isEmpty`)
            if sCount[after] - indent <= 3:
                pos = bMarks[after] + tShift[after]
                if sCount[after] < 0 or src[pos] == "=" or not paragraph_start(src, pos, eMarks[after]) \
                        or src[bMarks[line] + tShift[line]] == "[":
                    return None
            after += 1
        return after

    def item(state: StateBlock, line: int) -> re.Match | None:
        """An unindented "N. " at `line`, or None."""
        if state.tShift[line] or state.sCount[line]:
            return None
        return _ITEM.match(state.src, state.bMarks[line], state.eMarks[line])

    def simple_list(state: StateBlock, start: int, end: int) -> bool:
        """list_block's tokens for an ordered list at `start` whose items are one-line paragraphs ("12. *Decides* to
        …", then an empty line or the end), made without the rules; False, having done nothing, for any other list.

        At the top (no indent, in no list), each item as list_block and the item's tokenize take it: "N. " is the
        marker and the indent is its width, the paragraph (`paragraph_start`) stops at the empty line, the item at
        the next line indented less than its content; the list goes on where list_block's own test says so.
        """
        if not one_line_list or state.listIndent != -1 or end != state.lineMax or state.level + 2 >= max_nesting:
            return False
        src, bMarks, eMarks, sCount = state.src, state.bMarks, state.eMarks, state.sCount
        items: list[tuple[int, int, int]] = []  # (line, marker width and space, the line after the item)
        line = start
        m = item(state, line)
        while True:
            begin = bMarks[line]
            if m is None or (pos := m.end()) >= eMarks[line] or src[pos] in " \t" \
                    or not paragraph_start(src, pos, eMarks[line]) or not state.isEmpty(line + 1):
                return False
            width = pos - begin
            after = line + 1  # the item's tokenize: past the paragraph, past one empty line, to the next non-empty one
            if after < end:
                after += 1
                if after < end:
                    after = state.skipEmptyLines(after)
                    if after < end and sCount[after] >= width:
                        return False  # the item holds more than its paragraph
            items.append((line, width, after))
            if after >= end:
                break
            # list_block's test whether the list goes on at `after` (its state restored: blkIndent 0, outside lists).
            # It does at an item's opening (unindented "N. "): no terminator starts with a digit
            if (m := item(state, after)) is None:
                if sCount[after] < 0 or state.is_code_block(after) \
                        or any(rule(state, after, end, True) for rule in terminators):
                    break
                following = skipOrderedListMarker(state, after)
                if following < 0 or src[following - 1] != ".":
                    break
            line = after
        level, tokens = state.level, state.tokens
        final = items[-1][2]
        if not lean:
            value = int(src[bMarks[start]:bMarks[start] + items[0][1] - 2])
            tokens.append(_token("ordered_list_open", "ol", 1, level, [start, final], markup=".",
                                 attrs={"start": value} if value != 1 else None))
            # list_block's `tight`: no item but the last ends in an empty line; then its paragraphs are hidden
            hidden = all(not (after - line > 1 and state.isEmpty(after - 1)) for line, _, after in items[:-1])
        for line, width, after in items:
            begin = bMarks[line]
            # the item's paragraph: getLines(line, line + 1, width) skips the marker and space (`tShift` is width)
            content = mdTrim(src[begin + width:eMarks[line]])
            item_open = _token("list_item_open", "li", 1, level + 1, [line, after], markup=".",
                               info=src[begin:begin + width - 2])
            inline = _token("inline", "", 0, level + 3, [line, line + 1], content, [])
            if lean:
                tokens += [item_open, inline]
            else:
                tokens += [item_open, _token("paragraph_open", "p", 1, level + 2, [line, line + 1], hidden=hidden),
                           inline, _token("paragraph_close", "p", -1, level + 2, hidden=hidden),
                           _token("list_item_close", "li", -1, level + 1, markup=".")]
        if not lean:
            tokens.append(_token("ordered_list_close", "ol", -1, level, markup="."))
        state.line = final
        return True

    def tokenize(state: StateBlock, startLine: int, endLine: int) -> None:
        line = startLine
        hasEmptyLines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if state.sCount[line] < state.blkIndent:
                break
            if state.level >= max_nesting:
                state.line = endLine
                break
            pos = state.bMarks[line] + state.tShift[line]
            if line == 0 and state.src[0] == "-" or pos >= state.eMarks[line] or state.is_code_block(line):
                rules = every
            else:
                ch = state.src[pos]
                rules = by_char.get(ch, other)
                if plain and paragraph_start(state.src, pos, state.eMarks[line]) \
                        and (after := paragraph_end(state, line)) is not None:
                    _plain_paragraph(state, line, after, lean)
                    rules = []
                elif "0" <= ch <= "9" and simple_list(state, line, endLine):
                    rules = []
                elif ch == "#" and rules[0] is rules_block.heading and _heading(state, line, pos, state.eMarks[line], lean) \
                        or ch == "-" and rules[0] is rules_block.hr and _page_rule(state, line, pos, state.eMarks[line]):
                    rules = []  # the first rule tried there would have made these tokens
            ok = not rules
            for rule in rules:
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not hasEmptyLines
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                hasEmptyLines = True
            if line < endLine and state.isEmpty(line):
                hasEmptyLines = True
                line += 1
                state.line = line

    return tokenize


def _block_state(src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> StateBlock:
    """`StateBlock(src, md, env, tokens)`, its line marks made by a leaner loop than its own (a third fewer
    instructions: its loop appends five marks a line and calls `isStrSpace` at each line's first character).

    The same marks: a line runs from the start or the character after a "\n" to the next "\n" (or the end); its
    indent (`tShift`, and `sCount` with tabs expanded) is counted as `StateBlock` counts it, only where the line opens
    with a space or a tab (elsewhere both are 0); a last line of spaces and tabs with no "\n" after it has no marks,
    as there; then the fake entry. The state is made for an empty text (no lines: its other fields as `__init__` sets
    them), then given these.
    """
    state = StateBlock("", md, env, tokens)
    bMarks: list[int] = []
    eMarks: list[int] = []
    indented: list[int] = []
    find, length, start = src.find, len(src), 0
    while (end := find("\n", start)) >= 0:
        if src[start] in " \t":  # (one character: "\n" where the line is empty)
            indented.append(len(bMarks))
        bMarks.append(start)
        eMarks.append(end)
        start = end + 1
    if start < length:  # a last line with no "\n" after it
        if src[start] in " \t":
            indented.append(len(bMarks))
        bMarks.append(start)
        eMarks.append(length)
    tShift = [0] * (len(bMarks) + 1)
    sCount = [0] * (len(bMarks) + 1)
    for line in indented:
        pos, end = bMarks[line], eMarks[line]
        offset = 0
        while pos < end and (character := src[pos]) in " \t":
            offset += 4 - offset % 4 if character == "\t" else 1
            pos += 1
        if pos == end == length:  # the last line, of spaces and tabs only, with no "\n" after it
            del bMarks[line], eMarks[line], tShift[line], sCount[line]
            break
        tShift[line], sCount[line] = pos - bMarks[line], offset
    bMarks.append(length)
    eMarks.append(length)
    state.src, state.bMarks, state.eMarks, state.tShift, state.sCount = src, bMarks, eMarks, tShift, sCount
    state.bsCount = [0] * len(bMarks)
    state.lineMax = len(bMarks) - 1
    return state


#: where `_parser(reading=True)` leaves, in the env, the text it parsed and its lines' marks (`_lines_of`)
_MARKS = "unres-marks"


def _block_parse(keep: bool = False):
    """markdown-it's `ParserBlock.parse`, with the state made by `_block_state`; `keep`: the env keeps the text
    parsed and its lines' begin and end marks (`_MARKS`)."""
    def parse(src: str, md: MarkdownIt, env: dict, outTokens: list[Token]) -> list[Token] | None:
        if not src:
            return None
        state = _block_state(src, md, env, outTokens)
        md.block.tokenize(state, state.line, state.lineMax)
        if keep:
            env[_MARKS] = (src, state.bMarks, state.eMarks)  # (the rules that move marks put them back)
        return state.tokens
    return parse


def _lines_of(text: str, env: dict):
    """`text.split("\n").__getitem__` for the line numbers of tokens that `_parser(reading=True)` made of `text`
    (in `env`): a line as the parser marked it, where the text it parsed is `text` (normalising changed nothing: no
    "\r", no "\0"), so its lines are the split's (each up to the next "\n"); else the split's."""
    parsed, begins, ends = env.get(_MARKS, (None, None, None))
    if parsed == text:
        return lambda index: text[begins[index]:ends[index]]
    return text.split("\n").__getitem__


@lru_cache(maxsize=4)  # made once per process: a parser keeps no state between documents
def _parser(front_matter: bool = True, reading: bool = False) -> MarkdownIt:
    """CommonMark with footnotes (and front matter): stock markdown-it's tokens, made faster.

    `reading`: for `read`, a simple paragraph's inline tokens are not made, its items are (`_reading_inline_rule`).
    """
    md = MarkdownIt("commonmark").use(footnote_plugin, inline=False)  # `^[text]` notes have no marker
    if isinstance(getattr(md.inline, "terminator_re", None), re.Pattern):
        md.inline.terminator_re = _INLINE_STARTS  # same tokens (tests/test_markdown_parser.py)
    # same tokens, or the same items (tests/test_markdown_parser.py)
    md.core.ruler.at("inline", _reading_inline_rule if reading else _inline_rule)
    md.core.ruler.at("normalize", _normalize)
    if front_matter:
        md.use(front_matter_plugin)
    # same tokens, or (`reading`) the same tokens of the kinds `read` takes (tests/test_markdown_speed.py)
    md.block.tokenize = _block_tokenize(md, lean=reading)  # type: ignore[method-assign]
    # same marks (tests/test_markdown_speed4.py)
    md.block.parse = _block_parse(keep=reading)  # type: ignore[method-assign]
    return md


def _front_matter(tokens: list[Token]) -> dict | None:
    """The YAML mapping at the top of the file, or None when there is none (or it is no mapping)."""
    if not tokens or tokens[0].type != "front_matter":
        return None
    try:
        raw = yaml.safe_load(tokens[0].content)
    except yaml.YAMLError:
        return None
    return raw if isinstance(raw, dict) else None


#: YAML's base loader (every scalar a string), libyaml's where PyYAML has it
_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _carried_provenance(tokens: list[Token]) -> dict | None:
    """The `provenance:` that unres's Markdown writer put in the front matter, as strings (None if absent).

    Read with YAML's base loader: every value a string, so "0.10" stays "0.10" and "012" is no number.
    Whether it is true of this text is proved later (`convert.akn.provenance.restore`).
    """
    if not tokens or tokens[0].type != "front_matter" or "provenance:" not in tokens[0].content:
        return None
    try:
        raw = yaml.load(tokens[0].content, Loader=_BASE_LOADER)  # noqa: S506 (a base loader builds no objects)
    except yaml.YAMLError:
        return None
    carried = raw.get("provenance") if isinstance(raw, dict) else None
    return carried if isinstance(carried, dict) else None


def _token_items(tok: Token) -> list[list]:
    """An inline token of `_parser(reading=True)` -> lines of Text / Italic / Marker items."""
    line = tok.meta.get(_LINE)
    if line is None:
        return _inline_items(tok.children or [])
    # `_kept([line])` without `_split_soft`: a simple line has no soft break, and no two Texts or Italics side by
    # side for `_merge_text` to join; and `_tidied` without `_cite`: it has no "[" (an inline rule starts there).
    # `_tidy` of it drops a first Text of white space only: it has no empty item, no Italic ending in white space
    # (an emphasis ends in a letter, a digit or `,.;:`, `_simple_pieces`) and no Text after a Text
    kept = line[1:] if line and type(line[0]) is Text and not line[0].text.strip() else line
    return [kept] if kept else []


def _inline_items(children: list[Token]) -> list[list]:
    """Inline tokens -> lines of Text / Italic / Marker items (split at hard breaks)."""
    lines: list[list] = [[]]
    depth = 0
    i = 0
    while i < len(children):
        tok = children[i]
        kind = tok.type
        if kind == "footnote_ref":
            lines[-1].append(Marker(str(tok.meta.get("label", ""))))
            i += 1
            continue
        if kind == "html_inline" and _SUP.match(tok.content) and i + 2 < len(children) \
                and children[i + 1].type == "text" and _SUP_END.match(children[i + 2].content):
            lines[-1].append(Marker(children[i + 1].content.strip()))
            i += 3
            continue
        if kind == "em_open" or kind == "html_inline" and _ITALIC_TAGS.get(tok.content) == 1:
            depth += 1
        elif kind == "em_close" or kind == "html_inline" and _ITALIC_TAGS.get(tok.content) == -1:
            depth = max(0, depth - 1)
        elif kind == "hardbreak":
            lines.append([])
        elif kind == "softbreak":
            lines[-1].append(_SOFT)
        elif kind in ("text", "code_inline", "html_inline"):
            content = tok.content
            if depth:
                prev = lines[-1][-1] if lines[-1] else None
                if isinstance(prev, Italic):
                    lines[-1][-1] = Italic(prev.text + content)
                else:
                    lines[-1].append(Italic(content))
            else:
                prev = lines[-1][-1] if lines[-1] else None
                if isinstance(prev, Text) and prev is not _SOFT:  # (a soft break stays one: `_split_soft`)
                    lines[-1][-1] = Text(prev.text + content)
                else:
                    lines[-1].append(Text(content))
        i += 1
    return _kept(lines)


def _kept(lines: list[list]) -> list[list]:
    """Lines split where a piece stands alone, tidied, citations made markers; empty ones dropped."""
    return [kept for line in lines for piece in _split_soft(line) if (kept := _tidied(piece))]


def _tidied(line: list) -> list:
    """A line tidied, its citations made markers ([] when nothing is left)."""
    tidy = _tidy(line)
    if not tidy:
        return tidy
    cited = _cite(line)
    return tidy if cited is line else _tidy(cited)  # `_cite` gives a line without citations back


class _Soft(Text):
    """A soft line break: a space, unless a line on either side stands alone (meeting, date, masthead)."""


_SOFT = _Soft(" ")


def _stands_alone(items: list) -> bool:
    t = _plain(items)
    return bool(t) and bool(patterns.meeting(t) or patterns.date_line(t) or patterns.vote(t) or patterns.masthead(t)
                            or patterns.heading(t))


def _split_soft(items: list) -> list[list]:
    """Split a line at soft breaks where a piece stands alone ("_36th meeting_" / "_18 June 2010_")."""
    pieces: list[list] = [[]]
    for item in items:
        if item is _SOFT:
            pieces.append([])
        else:
            pieces[-1].append(item)
    out: list[list] = [pieces[0]]
    for piece in pieces[1:]:
        if _stands_alone(out[-1]) or _stands_alone(piece):
            out.append(piece)
        else:
            out[-1] = out[-1] + [Text(" ")] + piece
    return [_merge_text(p) for p in out]


def _merge_text(items: list) -> list:
    out: list = []
    for item in items:
        if out and type(item) is Text and type(out[-1]) is Text:
            out[-1] = Text(out[-1].text + item.text)
        elif out and type(item) is Italic and type(out[-1]) is Italic:
            out[-1] = Italic(out[-1].text + item.text)
        else:
            out.append(item)
    return out


_CITATION = re.compile(r"\[(\d{1,3})\]")


def _cite(items: list) -> list:
    """Bracketed note numbers that converters leave in the text ("Review,[1] the") are markers.

    A line that cites none is given back itself.
    """
    if not any(type(item) in (Text, Italic) and "[" in item.text for item in items):
        return items
    out: list = []
    for item in items:
        if type(item) in (Text, Italic) and _CITATION.search(item.text):
            kind, pos = type(item), 0
            for m in _CITATION.finditer(item.text):
                out += [kind(item.text[pos:m.start()]), Marker(m.group(1))]
                pos = m.end()
            out.append(kind(item.text[pos:]))
        else:
            out.append(item)
    return out


def _tidy(items: list) -> list:
    """Drop empty text, move white space out of italics: [Italic("Reaffirming ")] -> Italic + Text(" ")."""
    out: list = []
    for item in items:
        if isinstance(item, Italic) and item.text != item.text.rstrip():
            out += [Italic(item.text.rstrip()), Text(item.text[len(item.text.rstrip()):])]
        elif isinstance(item, (Text, Italic)) and not item.text:
            continue
        else:
            out.append(item)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    return out


def _plain(items: list) -> str:
    return "".join([i.text for i in items if isinstance(i, (Text, Italic))]).strip()  # (both have a text)


_NOTE_LINE = re.compile(r"^(\d{1,2})\s+(\S.*)$")
_STAR_NOTE = re.compile(r"^\*+\s")
_RULE = re.compile(r"_{5,}")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _opens_definitions(first: list) -> bool:
    """Whether a paragraph's first line may open footnote definitions: a marker, a `*` note, or `_NOTE_LINE`'s.

    `_NOTE_LINE` is not tried where the line opens with a Text or an Italic whose first character is neither white
    space nor a digit (as most do: "*Recalling* …", "The Council"): that character opens `_plain` of the line, and
    `\\d` wants a digit (a character `isdigit` does not take is none).
    """
    if not first:
        return False
    head = first[0]
    if isinstance(head, Marker) or isinstance(head, Text) and _STAR_NOTE.match(head.text):
        return True
    if isinstance(head, (Text, Italic)) and (char := head.text[:1]) and not char.isspace() and not char.isdigit():
        return False
    return bool(_NOTE_LINE.match(_plain(first)))


def _note_definitions(lines: list[list], line_no: int, cited: frozenset[str] = frozenset()
                      ) -> list[tuple[str, str]] | None:
    """[(marker, text)] when a paragraph is made of footnote definitions, else None."""
    if not lines:
        return None
    first = lines[0]
    if not _opens_definitions(first):
        return None  # neither way below takes a first line that is no definition (the commonest paragraph)
    notes: list[tuple[str, str]] = []
    numbered = [hit for items in lines if (hit := _NOTE_LINE.match(_plain(items)))]
    if len(numbered) == len(lines) and {m.group(1) for m in numbered} <= cited and [int(m.group(1)) for m in numbered] \
            == list(range(int(numbered[0].group(1)), int(numbered[0].group(1)) + len(numbered))):
        return [(m.group(1), m.group(2).strip()) for m in numbered]  # "1 A/HRC/43/15." at a page's foot
    for items in lines:
        if items and isinstance(items[0], Marker):
            text = "".join(getattr(i, "text", "") for i in items[1:]).strip()
            notes.append((items[0].marker, text))
        elif items and isinstance(items[0], Text) and _STAR_NOTE.match(items[0].text):
            raw = "".join(getattr(i, "text", "") for i in items)
            mark, _, text = raw.partition(" ")
            notes.append((mark, text.strip()))
        elif notes and items:
            # a definition running on over a soft-wrapped line
            m, t = notes[-1]
            notes[-1] = (m, t + " " + "".join(getattr(i, "text", "") for i in items).strip())
        else:
            return None
    return notes or None


_JOB_LINE = re.compile(r"^(?:GE\.\d{2}-\d{4,6}|\d{2}[- ]\d{5})\s*(?:\([A-Z]\))?(?:\s+\d{1,6})?$")


def _furniture(text: str, after_formula: bool) -> str | None:
    """Page furniture a converter left as a paragraph: "GE.12-17781 **37**", a running "**A/HRC/14/37**"."""
    first = text[:1]  # (each pattern wants its own first character: `_JOB_LINE` "G" or a digit, `_RULE` "_")
    if (first == "G" or first.isdigit()) and _JOB_LINE.match(text):
        return "job-number"
    if first == "_" and _RULE.fullmatch(text):
        return "footnote-rule"
    if first and ("\ue000" <= first <= "\uf8ff" or first.isspace()) \
            and all("\ue000" <= ch <= "\uf8ff" or ch.isspace() for ch in text):  # (its first character first)
        return "barcode"  # a barcode font's private-use characters
    # a symbol line is `squash(text)` starting "A/": no other is, so masthead is asked only of those
    if after_formula and text.lstrip().startswith("A/") and (m := patterns.masthead(text)) and m.kind == "symbol":
        return "running-header"
    return None


def _cited(text: str) -> frozenset[str]:
    """`_CITATION.findall(text)` as a set, each match tried where `find` (a C scan) finds a `[` (the pattern's search
    tries each character in turn): matches hold no `[`, so none overlaps another, as findall's do not."""
    found = []
    at = text.find("[")
    while at >= 0:
        if m := _CITATION.match(text, at):
            found.append(m.group(1))
        at = text.find("[", at + 1)
    return frozenset(found)


#: the token types `read` looks at (`_parser(reading=True)` may leave out tokens of other kinds)
_READ_KINDS = frozenset({"hr", "footnote_open", "footnote_close", "list_item_open", "inline"})


def read(src: SourceText, language: str = "eng") -> Builder:
    """Markdown source -> filled Builder."""
    text = src.text.replace("\f", " ")  # a page break is white space to Markdown (line numbers stay)
    env: dict = {}
    tokens = _parser(reading=True).parse(text, env)
    front = _front_matter(tokens)
    if tokens and tokens[0].type == "front_matter" and front is None:
        env = {}
        tokens = _parser(front_matter=False, reading=True).parse(text, env)  # not metadata: its words are text
    text_line = _lines_of(text, env)
    notes = FootnotePool()
    blocks: list[Block] = []
    furniture: list[tuple[int, str, str]] = []
    number: str | None = None
    in_note: str | None = None
    seen_formula = False
    cited = _cited(src.text)  # "[1]" left in the text by converters
    lexicon_formula = lexicon(language).formula
    for tok in tokens:
        kind = tok.type
        if kind not in _READ_KINDS:
            continue  # (the commonest: paragraph_open, list_item_close, …) none of the branches below
        line = (tok.map[0] + 1) if tok.map else 0
        if kind == "hr":
            furniture.append((line, text_line(line - 1).strip(), "page-rule"))
        elif kind == "footnote_open":
            in_note = str(tok.meta.get("label", ""))
            notes.add(in_note, line, "")
        elif kind == "footnote_close":
            in_note = None
        elif kind == "list_item_open" and tok.info:
            number = tok.info + (tok.markup or ".")
        elif kind == "inline" and in_note is not None:
            text = " ".join("".join(getattr(i, "text", "") for i in items)
                            for items in _token_items(tok))
            notes.append(in_note, text.strip())
        elif kind == "inline":
            lines = _token_items(tok)
            raw = [[Text(_LINK.sub(r"\1", ln).strip("*_ "))] for ln in tok.content.split("\n")] \
                if number is None and "\n" in tok.content else []  # only a paragraph of several lines asks
            defs = None if number is not None else (_note_definitions(raw, line, cited) if len(raw) > 1 else None) \
                or _note_definitions(lines, line, cited)
            if defs:
                for marker, text in defs:
                    notes.add(marker, line, text)
                continue
            point = None
            if number is None and lines and lines[0] and isinstance(lines[0][0], Text) \
                    and (m := _NUMBERED.match(lines[0][0].text) or (seen_formula and _POINT.match(lines[0][0].text))):
                if m.re is _POINT:
                    point = m.group(1)
                else:
                    number = m.group(1)
                rest = lines[0][0].text[m.end():]
                lines[0] = ([Text(rest)] if rest else []) + lines[0][1:]
            for k, items in enumerate(lines):
                text = _plain(items)
                if rule := _furniture(text, seen_formula):
                    furniture.append((line + k, text, rule))
                    continue
                seen_formula = seen_formula or bool(lexicon_formula(text))
                blocks.append(Block(line + k, items, num=number if k == 0 else None,
                                    point=point if k == 0 else None))
            number = None
    asm = Assembler(src, "markdown", notes, language)
    for key, value in check(front or {}, src.name, known_only=True).items():
        asm.b.fact(key, value, "front matter", authoritative=True)
    asm.b.carried = _carried_provenance(tokens)
    for line, text, rule in sorted(furniture):
        asm.b.drop(line, text, rule)
    for blk in blocks:
        asm.add(blk)
    return asm.finish()
