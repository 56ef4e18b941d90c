"""Each clean-up and recognition rule alone, on the small examples its docstring gives."""

from __future__ import annotations

import pytest

from convert.akn.build import Italic, Text
from convert.readers import patterns
from convert.readers.assemble import Marker
from convert.readers.language import find_date, is_date_line, lexicon, ordinal
from convert.readers.markdown import _inline_items, _note_definitions, _parser
from convert.readers.text import footnote_marker, furniture, join, starts_block

LEX = lexicon("eng")


# --- plain text ---------------------------------------------------------------------------------
def test_real_hyphen_at_line_end_is_kept():
    assert join("in the course of counter-", "terrorism operations", set()) == \
        "in the course of counter-terrorism operations"


def test_soft_break_is_mended_when_the_document_spells_the_word_whole():
    assert join("the Multidi-", "mensional Mission", {"multidimensional"}) == "the Multidimensional Mission"


def test_soft_hyphen_character_is_dropped():
    assert join("co\u00ad", "operation;", set()) == "cooperation;"


def test_plain_join_adds_one_space():
    assert join("Recalling its", "  resolutions", set()) == "Recalling its resolutions"


def test_capitalised_continuation_keeps_hyphen():
    assert join("non-", "United Nations security forces", set()) == "non-United Nations security forces"


def test_lone_number_after_text_is_a_footnote_marker():
    lines = ["situation of human rights in Mali,", "1", " ", " 1. Strongly condemns"]
    assert footnote_marker(lines, 1)


def test_lone_number_after_blank_line_is_not_a_marker():
    lines = ["situation of human rights in Mali,", "", "12", ""]
    assert not footnote_marker(lines, 2)


@pytest.mark.parametrize("line,rule", [
    ("GE.17-05347(E)", "job-number"),
    ("GE.13-12345 (E)", "job-number"),
    ("\f", "page-break"),
    ("Please recycle", "barcode"),
])
def test_furniture(line, rule):
    assert furniture(line) == rule


@pytest.mark.parametrize("line", ["Recalling also its resolutions", "1. Decides", "the Government of Mali"])
def test_furniture_leaves_text_alone(line):
    assert furniture(line) is None


def test_new_paragraph_after_sentence_end_at_phrase_or_number():
    assert starts_block(" Recalling also its resolutions 5/1", "… 15 March 2006,", LEX)
    assert starts_block(" 12. Requests all parties", "… of the country;", LEX)


def test_no_new_paragraph_mid_sentence():
    assert not starts_block("Recalling also", "the Council, and in the", LEX)
    assert not starts_block("Council, both of 18 June 2007,", "Mandate Holders of the", LEX)


def test_formula_and_title_always_start_a_paragraph():
    assert starts_block(" The Human Rights Council,", "Mali in the field of human rights", LEX)
    assert starts_block("  34/39. Technical assistance", "Resolution adopted … 24 March 2017", LEX, masthead=True)


def test_a_resolution_cited_at_a_line_start_is_no_title_in_the_body():
    assert not starts_block("16/4 of 24 March 2011, 23/2 of 13 June 2013,", "its resolutions", LEX)


def test_closing_lines_stand_alone():
    assert starts_block("24 March 2017", "59th session", LEX)


# --- Markdown -----------------------------------------------------------------------------------
def _inline(md: str):
    tokens = [t for t in _parser().parse(md) if t.type == "inline"]
    return _inline_items(tokens[0].children)


def test_sup_marker_becomes_marker():
    (line,) = _inline("*Taking note* of the report,<sup>1</sup>")
    assert line == [Italic("Taking note"), Text(" of the report,"), Marker("1")]


def test_hard_breaks_split_lines():
    lines = _inline("Distr.: General  \n26 March 2021")
    assert lines == [[Text("Distr.: General")], [Text("26 March 2021")]]


def test_soft_breaks_split_where_a_plain_line_stands_alone():
    # a line that stands alone (meeting, date, masthead) is a line of its own after a soft break too, plain
    # as well as in italics (a plain text after the break was merged into the break's space before)
    assert _inline("44th meeting\n6 October 2022") == [[Text("44th meeting")], [Text("6 October 2022")]]
    assert _inline("*44th meeting*\n*6 October 2022*") == [[Italic("44th meeting")], [Italic("6 October 2022")]]
    assert _inline("Agenda item 6\n**Universal periodic review**") == [
        [Text("Agenda item 6")], [Text("Universal periodic review")]]
    # a wrapped paragraph stays one line
    assert _inline("*Recalling* its resolutions\nand decisions,") == [
        [Italic("Recalling"), Text(" its resolutions and decisions,")]]


@pytest.mark.parametrize("md,expected", [
    ("<sup>1</sup> A/HRC/46/68.", [("1", "A/HRC/46/68.")]),
    ("\\* On behalf of the Group of African States.", [("*", "On behalf of the Group of African States.")]),
])
def test_note_definitions(md, expected):
    assert _note_definitions(_inline(md), 1) == expected


def test_ordinary_paragraph_is_no_note_definition():
    assert _note_definitions(_inline("*Recalling* its resolution 5/1,"), 1) is None


# --- shared patterns ----------------------------------------------------------------------------
@pytest.mark.parametrize("line,kind,value", [
    ("General Assembly", "authority", "generalAssembly"),
    ("Human Rights Council", "authority", "humanRightsCouncil"),
    ("Distr.: General", "status", "General"),
    ("Distr.: Limited", "status", "Limited"),
    ("26 March 2021", "issued", "2021-03-26"),
    ("English", "language", "eng"),
    ("Original: French", "original", None),
    ("Forty-sixth session", "session", "46"),
    ("22 February–24 March 2021", "sessionDates", None),
    ("Agenda item 10", "agendaItem", "10"),
    ("A/HRC/RES/46/28", "symbol", "A/HRC/RES/46/28"),
    # French and Spanish mastheads (as the UN's own French and Spanish files print them)
    ("Français", "language", "fra"),
    ("Español", "language", "spa"),
    ("Cinquante-quatrième session", "session", "54"),
    ("Soixante et onzième session", "session", "71"),
    ("Soixante-dix-neuvième session", "session", "79"),
    ("54º período de sesiones", "session", "54"),
    ("11 septembre–13 octobre 2023", "sessionDates", None),
    ("11 de septiembre a 13 de octubre de 2023", "sessionDates", None),
])
def test_masthead_lines(line, kind, value):
    m = patterns.masthead(line)
    assert m is not None and (m.kind, m.value) == (kind, value)


def test_heading():
    assert patterns.heading("Resolution adopted by the Human Rights Council on 24 March 2021") == (
        "resolution", "humanRightsCouncil", "2021-03-24", "24 March 2021")


@pytest.mark.parametrize("line,expected", [
    ("46/28 Technical assistance", ("46/28", "46/28", "Technical assistance")),
    ("34/39. Technical assistance", ("34/39.", "34/39", "Technical assistance")),
    ("58/... Technical assistance", ("58/...", None, "Technical assistance")),
])
def test_title(line, expected):
    assert patterns.title(line) == expected


def test_sponsors():
    assert patterns.sponsors("Ghana:* draft resolution") == (["Ghana"], "*", "draft resolution", ":")
    assert patterns.sponsors("Brazil, Chile and Mexico: draft resolution")[0] == ["Brazil", "Chile", "Mexico"]


def test_closing_patterns():
    assert patterns.meeting("51st meeting") and patterns.meeting("59th session")
    assert patterns.vote("[Adopted without a vote.]") == "adoptedWithoutVote"
    assert not patterns.meeting("51st meeting of the Council was")


@pytest.mark.parametrize("line", ["54e séance", "53e réunion", "85ª sesión plenaria", "46º sesión"])
def test_french_and_spanish_meetings(line):
    assert patterns.meeting(line)


@pytest.mark.parametrize("line, outcome", [
    ("[Adoptée à l’issue d’un vote enregistré par 21 voix contre 8, avec 18 abstentions.]", "adoptedByVote"),
    ("[Adoptée à l'issue d'un vote enregistré par 21 voix contre 8.]", "adoptedByVote"),  # ASCII apostrophes
    ("[Adoptée sans vote.]", "adoptedWithoutVote"),
    ("[Aprobada sin votación.]", "adoptedWithoutVote"),
])
def test_french_and_spanish_votes(line, outcome):
    assert patterns.vote(line) == outcome


def test_dates_and_ordinals():
    assert find_date("adopted on 6 July 2012 by") == ("2012-07-06", "6 July 2012")
    assert is_date_line("24 March 2017") == "2017-03-24"
    assert is_date_line("24 March 2017, in") is None
    assert (ordinal("Forty-sixth"), ordinal("Fifty-eighth"), ordinal("Ninth"), ordinal("Twentieth")) == (46, 58, 9, 20)
    assert [ordinal(w, "fra") for w in ("Quarante-huitième", "Vingt et unième", "Quatre-vingtième", "Dixième")] == \
        [48, 21, 80, 10]
    assert ordinal("Cinquante-session", "fra") is None and ordinal("Fifty-quatrième") is None


def test_lexicon_prefers_the_longest_phrase():
    assert LEX.preambular_phrase("Taking note with appreciation of the report") == "Taking note with appreciation"
    assert LEX.preambular_phrase("Recalling also its") == "Recalling also"
    assert LEX.preambular_phrase("Recallings") is None
    assert LEX.operative_phrase("Also strongly condemns the") == "Also strongly condemns"


def test_front_matter_that_is_no_mapping_stays_text():
    from convert.readers.markdown import _front_matter

    tokens = _parser().parse("---\njust a line of text\n---\n\nmore\n")
    assert tokens[0].type == "front_matter" and _front_matter(tokens) is None


def test_pandoc_footnote_reference_becomes_marker():
    (line,) = _inline("*Taking note* of the report,[^1]\n\n[^1]: A/HRC/46/68.")
    assert line == [Italic("Taking note"), Text(" of the report,"), Marker("1")]
