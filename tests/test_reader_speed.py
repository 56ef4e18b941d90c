"""The readers' shortcuts give the answers of the plain rules they stand for (speed work must not change output)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convert.readers import patterns
from convert.readers.assemble import _masthead_parts
from convert.readers.language import LANGUAGES, _FIRST_WORD, _first_word, _opening, lexicon

_WORDS = sorted({w for language in LANGUAGES for lex in (lexicon(language),)
                 for p in (*lex.preambular, *lex.operative, *lex.formulas) for w in p.split()})
_PIECES = st.sampled_from(_WORDS + ["Also", "also", "-", "’", "'", "_", "1", "2020", "(a)", "[", "]", ",", ".",
                                    "é", "Æ", "²", "٣", "A/", "A/RES/73/7", "Distr.:", "General", "Original:",
                                    "English", "Français", "session", "Agenda item", "Point", "Tema", "\t", "  "])
_TEXTS = st.lists(_PIECES, max_size=8).map(lambda ws: " ".join(ws)) \
    | st.lists(_PIECES, max_size=8).map("".join) | st.text(max_size=30)


def _phrase_by_loop(index, text: str) -> str | None:
    """`Lexicon._match` spelled out: the first word, then `_opening`'s loop over its phrases."""
    text = text.replace("'", "’")
    first = _FIRST_WORD.match(text)
    return _opening(index.get(first.group(0)), text) if first else None


@settings(max_examples=600, deadline=None)
@given(_TEXTS, st.sampled_from(LANGUAGES))
def test_opens_paragraph_is_either_phrase(text, language):
    lex = lexicon(language)
    pre = _phrase_by_loop(lex._preambular_index, text)
    op = _phrase_by_loop(lex._operative_index, text)
    assert lex.preambular_phrase(text) == pre
    assert lex.operative_phrase(text) == op
    assert lex.opens_paragraph(text) == bool(pre or op)
    for phrase in (*lex.preambular[:40], *lex.operative[:40]):  # and each phrase, as typed
        assert lex.opens_paragraph(phrase.replace("’", "'") + text) == bool(
            _phrase_by_loop(lex._preambular_index, phrase + text) or _phrase_by_loop(lex._operative_index, phrase + text))


def _masthead_rules(text: str) -> patterns.Line | None:
    """`patterns.masthead` without its shortcuts: every rule asked, in order."""
    p = patterns
    t = p.squash(text)
    f = p.fold(t)
    if f in p._BODY_NAMES:
        return p.Line("authority", p._BODY_NAMES[f])
    if p._COMMITTEE.match(f):
        return p.Line("committee")
    if m := p._DISTR.match(f):
        return p.Line("status", p._DISTRIBUTIONS[m.group("d")])
    if iso := p.date_line(t):
        return p.Line("issued", iso)
    if t in p.LANGUAGE_NAMES:
        return p.Line("language", p.LANGUAGE_NAMES[t])
    if t.startswith("Original"):
        return p.Line("original")
    if (m := p._SESSION.match(t)) and (n := p.ordinal(m.group("ord")) or p.ordinal(m.group("ord"), "fra")):
        return p.Line("session", str(n))
    if m := p._SESSION_ES.match(t):
        return p.Line("session", str(int(m.group("n"))))
    if p._SESSION_DATES.match(t):
        return p.Line("sessionDates")
    if m := p._AGENDA.match(f):
        return p.Line("agendaItem", m.group("n"))
    if p._SYMBOL.match(t):
        return p.Line("symbol", t)
    return None


_MASTHEAD_LINES = ["Human Rights Council", "General Assembly", "Distr.: General", "Distr. : Générale", "24 March 2017",
                   "English", "Español", "Original: English", "Forty-sixth session", "Fifty-eighth special session",
                   "54º período de sesiones", "24 February–4 April 2025", "Agenda item 4", "Agenda items 4 (a)",
                   "Point 3", "Tema 3", "A/HRC/RES/46/1", "[on the report of the Third Committee (A/73/589)]",
                   "United Nations", "Nations Unies", "1er septembre 2020", "Recalling its resolution 20/17"]


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_MASTHEAD_LINES) | _TEXTS, st.sampled_from(["", " ", "\t", "  "]),
       st.sampled_from(["", " ", ".", ","]))
def test_masthead_shortcuts_give_the_rules_answers(line, before, after):
    text = before + line + after
    assert patterns.masthead(text) == _masthead_rules(text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_MASTHEAD_LINES) | _TEXTS, _TEXTS)
def test_alone_and_told_is_both_tests(head, tail):
    from convert.readers.text import _alone_and_told, _ends_told, _stands_alone
    for current in (head, f"{head} {tail}", f"{head} {tail} {tail} {tail}"):
        if current.strip():
            assert _alone_and_told(current) == (_stands_alone(current), _ends_told(current))


@settings(max_examples=400, deadline=None)
@given(_TEXTS, _TEXTS, st.sampled_from(LANGUAGES))
def test_quiet_lines_open_no_paragraph(line, current, language):
    from convert.readers.text import _formula_leads, _opens, _quiet_leads
    lex = lexicon(language)
    quiet = _quiet_leads(_formula_leads(lex.formulas), lex._phrase_leads)
    for t in (line.strip(), *(c + line.strip() for c in sorted(quiet)[::7])):
        if t and current.strip() and t[:1] in quiet:
            assert not _opens(t, current.strip(), lex, False)


def _furniture_rules(line: str) -> str | None:
    """`text.furniture` without its shortcuts."""
    from convert.readers.text import _BARCODE, _JOB
    t = line.strip().replace("\f", "")
    if "\f" in line and not t:
        return "page-break"
    if _JOB.match(t):
        return "job-number"
    if _BARCODE.fullmatch(t):
        return "barcode"
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["GE.", "12", "17", "-", "05347", "(E)", "*", "1234567", "Please recycle", " ", "\f",
                                 "²", "٣", "1.", "Decides", "E"]), max_size=6).map("".join))
def test_furniture_shortcuts(line):
    from convert.readers.text import furniture, page_furniture
    assert furniture(line) == _furniture_rules(line)
    lines = ["Text", line, "more", "\f" + line, line]
    found = page_furniture(lines)
    for i, ln in enumerate(lines):  # every line the last pass of page_furniture skips: furniture says None
        if i not in found:
            assert _furniture_rules(ln) is None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["46/28 Technical assistance", "73/7.", "58/... T", "At its 24th meeting, on 10 June 2010, the "
                        "Human Rights Council decided", "At\tits  24th meeting, on 10 June 2010, the General Assembly "
                        "adopted"]) | _TEXTS, st.sampled_from(["", " ", "\t", "\n"]))
def test_title_shortcuts(line, before):
    p = patterns
    text = before + line
    assert p.number_title(text) == bool(p._NUMBER_TITLE.match(text.strip()))
    assert (p.title(text) is None) == (p._TITLE.match(p.squash(text)) is None)
    assert (p.decision_intro(text) is None) == (p._DECISION_INTRO.match(p.squash(text)) is None)


def _detect_by_lexicons(text: str, default: str = "eng") -> str:
    """`detect_language` spelled out with each lexicon's own tests."""
    scores = dict.fromkeys(LANGUAGES, 0)
    for ln in text.split("\n")[:400]:
        ln = ln.strip().lstrip("*_“\"«# ")
        if not ln:
            continue
        for language in LANGUAGES:
            lex = lexicon(language)
            stripped = ln.strip().rstrip(",").strip()
            if stripped and stripped.replace("'", "’") in lex.formulas:
                scores[language] += 5
            if lex.preambular_phrase(ln) or lex.operative_phrase(ln):
                scores[language] += 1
    best, best_score = default, 0
    for language in LANGUAGES:
        if scores[language] > best_score:
            best, best_score = language, scores[language]
    return best


_LINES = st.sampled_from([*(f for language in LANGUAGES for f in lexicon(language).formulas),
                          *(p for language in LANGUAGES for p in lexicon(language).preambular[::9]),
                          *(p for language in LANGUAGES for p in lexicon(language).operative[::9])]) | _TEXTS


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "*", "_", "# ", "“", "*\t", " "]), _LINES,
                          st.sampled_from(["", ",", " ,", " x", "’s"])), max_size=12))
def test_detect_language_scores_as_the_lexicons(parts):
    from convert.readers.language import detect_language
    text = "\n".join(a + b + c for a, b, c in parts)
    assert detect_language(text) == _detect_by_lexicons(text)


def _parts_by_every_split(text: str):
    """`assemble._masthead_parts` without its shortcut: masthead asked of every left part."""
    words = text.split()
    for k in range(1, len(words)):
        left, right = " ".join(words[:k]), " ".join(words[k:])
        if (m := patterns.masthead(left)) is not None:
            if (n := patterns.masthead(right)) is not None:
                return [(left, m), (right, n)]
            if (rest := _parts_by_every_split(right)) is not None:
                return [(left, m), *rest]
    return None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MASTHEAD_LINES) | _TEXTS, min_size=1, max_size=4),
       st.sampled_from(["", " ", "\t", "agenda item 4 ", "'", "Distr. ", "9 "]))
def test_masthead_parts_skip_only_what_masthead_refuses(lines, before):
    text = before + " ".join(lines)
    assert _masthead_parts(text) == _parts_by_every_split(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_MASTHEAD_LINES) | _TEXTS, min_size=1, max_size=3))
def test_refused_words_are_refused(lines):
    words = " ".join(" ".join(lines).split())
    if patterns.refuses_words(words):
        assert patterns.masthead(words) is None


@settings(max_examples=600, deadline=None)
@given(_TEXTS | st.text(alphabet=st.sampled_from("aZé²½Ⅻ_1 -'’\t"), max_size=12))
def test_first_word_is_the_expressions(text):
    first = _FIRST_WORD.match(text)
    assert _first_word(text) == (first.group(0) if first else None)
