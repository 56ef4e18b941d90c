"""The readers' shortcuts of the fourth speed round give the answers of the plain rules they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_reader_speed import _MASTHEAD_LINES, _TEXTS, _masthead_rules

from convert.readers import patterns

_ODD = st.sampled_from(["–", "“", "”", "’", "é", "［", "¨", "ﬁ", "Ａ", "١", "\u00a0", "\u2003", "²", "º", " ", "\t"])
_FILLER = st.lists(st.sampled_from(["Recalling", "the", "Council", "session", "2025", "agenda", "A/HRC/46/1",
                                    "[on", "report]", "Original", "Point", "24", "March"]) | _ODD, max_size=40)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(_MASTHEAD_LINES) | _TEXTS | _ODD, _FILLER, st.sampled_from(["", " session", "session", " 2025",
       "]", "–2025", " “session", "sessions", "Session"]), st.sampled_from(["", " ", "\t", "“", "Ａ", "ﬁ"]))
def test_masthead_of_long_texts_not_ascii(head, filler, end, before):
    text = before + head + " " + " ".join(filler) + end
    assert patterns.masthead(text) == _masthead_rules(text)
    text = before + "".join(filler) + head + end  # (fewer spaces: long with fewer words)
    assert patterns.masthead(text) == _masthead_rules(text)


_ASCII_LINES = [*_MASTHEAD_LINES, "Russian", "Arabic", "Chinese", "French", "Spanish", "Assemblee generale",
                          "Conseil des droits de l'homme", "Nations Unies", "Asamblea General", "Consejo de Derechos "
                          "Humanos", "Naciones Unidas", "Distr.: Limited", "Agenda items 3 and 4", "Points 3",
                          "Temas 4", "[without reference to a Main Committee (A/73/L.1)]", "Ninth session",
                          "Resolution adopted", "Recalling also", "Taking note", "Noting", "'s", "Original: French"]
_LINES = st.sampled_from(_ASCII_LINES)


@settings(max_examples=800, deadline=None)
@given(_LINES | _TEXTS, st.sampled_from([str, str.lower, str.upper, str.title, str.swapcase]),
       st.sampled_from([" ", "\t", "  ", "\x1c", " \n "]), st.sampled_from(["", " ", "\t", "\x1f"]),
       st.sampled_from(["", " ", ".", ",", " session", "session\t", " 2025"]))
def test_masthead_of_ascii_lines(line, case, space, before, after):
    text = before + case(line).replace(" ", space) + after
    assert patterns.masthead(text) == _masthead_rules(text)


def test_masthead_of_each_ascii_line():
    for line in _ASCII_LINES:
        for case in (str, str.lower, str.upper):
            for text in (case(line), "\t" + case(line).replace(" ", "\t") + " "):
                assert patterns.masthead(text) == _masthead_rules(text), text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab_[/.\f \u00ad“", max_size=12), min_size=1, max_size=12),
       st.sampled_from(["\f", "/...", "_____", "[", "a", "b_", "“"]))
def test_lines_holding_is_each_line_tested(lines, needle):
    from convert.readers.text import _Lines
    assert _Lines(lines).holding(needle) == [i for i, ln in enumerate(lines) if needle in ln]
    assert _Lines(lines, "\n".join(lines)).holding(needle) == [i for i, ln in enumerate(lines) if needle in ln]


_ITEMS = st.sampled_from(["", " ", "Mali,", "Mali", "the Court", "1", " 1", "”", ".”", "2/", "\t", "; ", "é", "]"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["text", "italic", "marker", "note"]), _ITEMS), max_size=6))
def test_ends_sentence_of_inlines_is_of_the_joined_text(items):
    from convert.akn.build import Italic, Note, Text
    from convert.readers.assemble import Marker, _ends_sentence, _plain
    kinds = {"text": Text, "italic": Italic, "marker": Marker, "note": lambda t: Note("1", t)}
    inlines = [kinds[kind](t) for kind, t in items]
    assert _ends_sentence(inlines) == patterns.ends_sentence(_plain(inlines))


def test_detect_language_quiet_firsts_score_nothing():
    """Lines that `detect_language` skips by their first character as they stand would be turned away unskipped:
    stripped, that character is their lead, and no formula or phrase starts with it."""
    from convert.readers.language import _leads, _quiet_firsts
    for c in _quiet_firsts() - {""}:
        assert (" " + c + "x ").strip().lstrip("*_“\"«# ")[:1] == c and c not in _leads() and c != "'"


def _find_date_by_search(text, language):
    """`find_date` as it was: the pattern searched from the start of the text."""
    from convert.readers.language import _date_of, _date_re
    return _date_of(_date_re(language).search(text), language)


_DATE_BITS = st.sampled_from(["1", "18", "31", "2018", "20189", "er", "de ", " ", "  ", "\t", "–", "-", "a", "x1",
                              "June", "JULY", "juin", "février", "Febrero", "diciembre", "March", "Mar", "º", "٣"])
_DATES = st.tuples(st.sampled_from(["1", "18", "31", "٣", "0"]), st.sampled_from(["", "er"]),
                   st.sampled_from([" ", "  ", "\t", " de ", ""]),
                   st.sampled_from(["June", "JULY", "juin", "février", "Febrero", "diciembre", "February", "Mar"]),
                   st.sampled_from([" ", " de ", "\n", ""]), st.sampled_from(["2018", "20189", "٢٠١٨", "201"])).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_DATE_BITS | _DATES, max_size=6), st.sampled_from(["eng", "fra", "spa"]))
def test_find_date_and_date_lines_as_searched(bits, language):
    from convert.readers.language import find_date, is_date_line
    text = "".join(bits)
    assert find_date(text, language) == _find_date_by_search(text, language)
    line = text.strip()
    found = _find_date_by_search(line, language)
    assert is_date_line(text, language) == (found[0] if found and found[1] == line and line[:1].isdigit()
                                            and line[-1:].isdigit() else None)
