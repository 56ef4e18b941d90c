"""Recognisers for the lines every UN resolution shares: masthead, heading, title, sponsors, closing lines.

Each function takes one line of clean text (no Markdown) and says what it is, or None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .language import _calendar, find_date, is_date_line, ordinal

#: names of bodies as printed -> reference ids (see convert/akn/references.py)
BODIES = {
    "Human Rights Council": "humanRightsCouncil",
    "General Assembly": "generalAssembly",
    "United Nations": "unitedNations",
    "Assemblée générale": "generalAssembly",
    "Conseil des droits de l’homme": "humanRightsCouncil",
    "Conseil des droits de l'homme": "humanRightsCouncil",
    "Nations Unies": "unitedNations",
}
BODIES.update({"Consejo de Derechos Humanos": "humanRightsCouncil", "Asamblea General": "generalAssembly",
               "Naciones Unidas": "unitedNations"})


@lru_cache(maxsize=4096)  # the readers ask about the same line several times (heading? masthead? title?)
def squash(text: str) -> str:
    """White space runs as one space, ends trimmed: "  85th \\n meeting " -> "85th meeting"."""
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without accents, apostrophes as one: "Assemblée générale" -> "assemblee generale"."""
    plain = squash(text)
    if not plain.isascii():  # ASCII is its own NFKD form
        plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return plain.lower().replace("'", "’")


def forget_lines() -> None:
    """Empty the line caches (`squash`, `fold`): they serve the several questions asked of one document's
    lines; kept from one document to the next, a document would read faster for sharing lines with those
    before it (as generated benchmark documents do), which is no speed of the reader's own."""
    squash.cache_clear()
    fold.cache_clear()


_BODY_NAMES = {fold(name): ref for name, ref in BODIES.items()}
_BODY_RE = "|".join(sorted((re.escape(n) for n in _BODY_NAMES), key=len, reverse=True))
LANGUAGE_NAMES = {"English": "eng", "French": "fra", "Spanish": "spa", "Arabic": "ara",
                  "Chinese": "zho", "Russian": "rus",
                  # a French or Spanish masthead names its own language in that language
                  "Français": "fra", "Español": "spa"}

#: patterns below match folded text (see `fold`): English, French, Spanish
_HEADING = re.compile(rf"^(?P<kind>resolution|decision|resolucion) (?:adopted by the |adoptee par (?:le |l.)|"
                      rf"aprobada por (?:el |la ))(?P<body>{_BODY_RE})\b")
_NUMBER_TITLE = re.compile(r"^\d{1,3}/\d{1,4}[A-Z]?\.?$")
_DECISION_INTRO = re.compile(
    r"^At its (?P<meeting>\d{1,3}(?:st|nd|rd|th) (?:plenary )?meeting), on (?P<date>\d{1,2} [A-Z][a-z]+ \d{4}), "
    r"the (?P<body>Human Rights Council|General Assembly) (?:decided|adopted)")
_COMMITTEE = re.compile(r"^\[(?:on the report of|without reference to|sans renvoi|sur (?:le )?rapport|sin remision|"
                        r"sobre la base del informe)[^\]]*\]$")
_TITLE = re.compile(r"^(?P<num>\d{1,3}/(?:\d{1,4}|\.\.\.|…)[A-Z]?)(?P<dot>\.?)\s+(?P<title>\S.*)$")
_SPONSORS = re.compile(
    r"^(?P<who>.+?):\s*(?P<mark>\\?\*+|\d{1,2})?\s*(?P<stage>(?:revised )?draft (?:resolution|decision))$")
_MEETING = re.compile(r"^\d{1,3}(?:st|nd|rd|th|e|re|er|a|\.a|o|\.o)\s+(?:plenary\s+)?"
                      r"(?:meeting|session|seance|reunion|sesion)"
                      r"(?:\s+(?:pleniere|plenaria))?$")
_VOTE = re.compile(r"^\[(?P<what>adopted without a vote|adoptee? sans (?:vote|mise aux voix)|aprobad[ao] sin votacion|"
                   r"adopted by (?:a )?(?:recorded )?vote[^\]]*|adoptee? (?:par|a l.?issue d.?un)[^\]]*|"
                   r"aprobad[ao] (?:en|por)[^\]]*)\.?\]$")
#: "Forty-sixth session", "Cinquante-quatrième session", "Soixante et onzième session"
_SESSION = re.compile(r"^(?P<ord>[A-Z][a-zà-ÿ]+(?:(?:-| et )[a-zà-ÿ]+)*) (?:special )?session$")
#: "54º período de sesiones" (Spanish writes the number)
_SESSION_ES = re.compile(r"^(?P<n>\d{1,3})\s?[º°]\s+período (?:extraordinario )?de sesiones$")
#: "24 February–4 April 2025", "11 septembre–13 octobre 2023", "11 de septiembre a 13 de octubre de 2023"
_SESSION_DATES = re.compile(r"^\d{1,2}(?: [A-Za-zéû]+)?(?: \d{4})?\s*[–-]\s*\d{1,2} [A-Za-zéû]+ \d{4}$"
                            r"|^\d{1,2}(?: de [a-z]+)?(?: de \d{4})? (?:a|al) \d{1,2} de [a-z]+ de \d{4}$")
_AGENDA = re.compile(r"^(?:agenda items?|points?|temas?) (?P<n>\d+(?:\s*\([a-z]\))?)")
_DISTR = re.compile(r"^distr\.?\s*:?\s*(?P<d>general|generale|limited|limitee|limitada|restricted|restreinte|reservada)$")
_DISTRIBUTIONS = {"general": "General", "generale": "General", "limited": "Limited", "limitee": "Limited",
                  "limitada": "Limited", "restricted": "Restricted", "restreinte": "Restricted",
                  "reservada": "Restricted"}
_SYMBOL = re.compile(r"^A/(?:HRC/)?(?:RES/|DEC/)?[\w./-]+$")


@dataclass(frozen=True)
class Line:
    kind: str
    value: str | None = None
    date_text: str | None = None


_LEAD = re.compile(r"\s*(\S)")
_DIGITS = frozenset("0123456789")
#: what the first character of a masthead line can be, each rule below asking: on the line as printed
#: (date, language, "Original", session, session dates, symbol) and folded (body, committee, Distr., agenda)
_MASTHEAD_LEADS = _DIGITS | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ") | {name[0] for name in LANGUAGE_NAMES}
_MASTHEAD_FOLDED_LEADS = frozenset({name[0] for name in _BODY_NAMES} | {"[", "d", "a", "p", "t"})


#: longer than any line the length-bound rules take (squashed): a body's name, a language, "Distr.: Restreinte",
#: a date ("1er de septiembre de 2020"), a meeting ("85th plenary meeting", "85e seance pleniere")
_MASTHEAD_SHORT = 64
assert max(len(n) for n in (*_BODY_NAMES, *LANGUAGE_NAMES, "distr.: restreinte", "999th plenary meeting pleniere",
                            "31er de " + max((m for ms in _calendar()["months"].values() for m in ms), key=len) + " de 2020")
           ) < _MASTHEAD_SHORT
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.isspace() says of ASCII


def _long_ascii(text: str) -> bool:
    """ASCII, and longer than _MASTHEAD_SHORT even with its white space squashed (so folded too)."""
    return len(text) > _MASTHEAD_SHORT and text.isascii() \
        and len(text.encode().translate(None, _ASCII_SPACE)) > _MASTHEAD_SHORT


def _long_other(text: str) -> bool:
    """Not ASCII, with more than _MASTHEAD_SHORT ASCII characters that are not white space (a paragraph so far
    with a typographic quote or dash): `masthead` need not squash and fold it when its first character (not
    white space) is ASCII and none of _LONG_LEADS, unless it ends with "session".

    Exact: folding keeps every ASCII character (NFKD leaves them be), so the squashed and the folded text are
    longer than the rules that fit a short line take (body, language, Distr., a date, `_SESSION_ES`); the
    first character, ASCII, is the first of the squashed text and, lower-cased, of the folded one: no "[",
    digit, "Original", "A/" nor agenda, point, tema; what is left is a session, which ends with "session"
    (squash changes only white space)."""
    return len(text) > _MASTHEAD_SHORT and not text.isascii() \
        and len(text.encode("ascii", "ignore").translate(None, _ASCII_SPACE)) > _MASTHEAD_SHORT


def _long_ruled_out(s: str) -> bool:
    """Can no masthead rule take `s`, a `_long_ascii` text stripped (a paragraph so far)?

    The rules that fit a short line only (body, language, Distr., a date) are out; the others are told by how
    it starts and ends (session dates end with a year).
    """
    c = s[:1]  # the rules told by the start are asked only when the first character can open them
    if c in _LONG_LEADS and (c == "[" or c in _DIGITS and s[-1:] in _DIGITS or s.startswith(("Original", "A/"))
                             or s[:6].lower() == "agenda" or s[:5].lower() == "point" or s[:4].lower() == "tema"):
        return False
    return not s.endswith("session")


def _long_start_closed(s: str) -> bool:
    """Does the start of `s` (as `_long_ruled_out` takes it) rule out every rule told by the start but the
    digit one (which needs a digit at the end too)? `_long_ruled_out(s)` is then told by the end of `s`."""
    c = s[:1]
    return c not in _LONG_LEADS or c in _DIGITS or not (
        c == "[" or s.startswith(("Original", "A/")) or s[:6].lower() == "agenda" or s[:5].lower() == "point"
        or s[:4].lower() == "tema")


_LONG_LEADS = _DIGITS | frozenset("[OAaPpTt")
_ASCII_FOLDED_STARTS = ("distr", "original", "agenda item", "point", "tema", "a/")  # see `masthead`  # "[", a digit, "Original", "A/", agenda, point, tema


#: how an ASCII line that a masthead rule can take starts (white space aside), but for a session ("… session"):
#: a digit or "[", a folded start (`_ASCII_FOLDED_STARTS`), the first word of a body's name or a language (a
#: prefix of what `_ascii_refused` lets through: ASCII folds to itself in lower case, "'" aside, which none
#: of these holds; squash changes only white space)
_ASCII_OPEN = re.compile(r"\s*(?:[0-9\[]|" + "|".join(sorted(
    {re.escape(s.split(" ")[0]) for s in (*_ASCII_FOLDED_STARTS, *_BODY_NAMES)}
    | {re.escape(name) for name in LANGUAGE_NAMES if name.isascii()})) + ")", re.IGNORECASE)
assert not any("'" in s or "’" in s for s in (*_ASCII_FOLDED_STARTS, *(n.split(" ")[0] for n in _BODY_NAMES)))


def _lead(text: str) -> str | None:
    """The first character that is not white space ("" for none), or None when it is not ASCII.

    An ASCII first character is the first character of `squash(text)` and, lower-cased, of `fold(text)`
    (apostrophe aside): a pattern anchored at the start can be ruled out on it, without folding.
    """
    c = text[:1]
    if c.isspace():
        m = _LEAD.match(text)
        c = m.group(1) if m else ""
    return c if c.isascii() else None


def masthead(text: str) -> Line | None:
    """What a masthead line is: authority, status, issued, language, original, session, … (or None)."""
    c = _lead(text)
    if c is not None and c not in _MASTHEAD_LEADS and c.lower() not in _MASTHEAD_FOLDED_LEADS:
        return None  # ("'" folds to "’", which no folded rule starts with either)
    if text.isascii() and not _ASCII_OPEN.match(text) and not text.rstrip().endswith("session"):
        return None  # (see `_ASCII_OPEN`)
    if _long_ascii(text):
        if _long_ruled_out(s := text.strip()):
            return None
        if s[:1] in _DIGITS and s[-1:] in _DIGITS:
            # of the rules below, those a long ASCII line can meet start with "[", a capital, a letter of
            # agenda/point/tema or "A/", or hold "º": only session dates start (and end) with a digit
            return Line("sessionDates") if _SESSION_DATES.match(squash(text)) else None
    elif c is not None and c not in _LONG_LEADS and _long_other(text) and not text.rstrip().endswith("session"):
        return None  # (see `_long_other`)
    t = squash(text)
    f = fold(t)
    if f in _BODY_NAMES:
        return Line("authority", _BODY_NAMES[f])
    if t.isascii() and _ascii_refused(t, f):
        return None
    if _COMMITTEE.match(f):
        return Line("committee")
    if m := _DISTR.match(f):
        return Line("status", _DISTRIBUTIONS[m.group("d")])
    if iso := date_line(t):
        return Line("issued", iso)
    if t in LANGUAGE_NAMES:
        return Line("language", LANGUAGE_NAMES[t])
    if t.startswith("Original"):
        return Line("original")
    if (m := _SESSION.match(t)) and (n := ordinal(m.group("ord")) or ordinal(m.group("ord"), "fra")):
        return Line("session", str(n))
    if m := _SESSION_ES.match(t):
        return Line("session", str(int(m.group("n"))))
    if _SESSION_DATES.match(t):
        return Line("sessionDates")
    if m := _AGENDA.match(f):
        return Line("agendaItem", m.group("n"))
    if _SYMBOL.match(t):
        return Line("symbol", t)
    return None


def refuses_words(words: str) -> bool:
    """Is `masthead(words)` None, told without its rules, for words joined by single spaces (no white space at
    the ends: its own squashed form) that are ASCII? False when it may not be."""
    return words.isascii() and _ascii_refused(words, words.lower().replace("'", "’"))  # (folded, as ASCII)


def _ascii_refused(t: str, f: str) -> bool:
    """Does no masthead rule take `t`, a squashed ASCII line, `f` its folded form (lower case, "'" as "’")?

    An ASCII line meets the rules only where these hold: a body's name, date and session dates (a digit
    first), committee ("["), session ("… session"), language, and the folded starts of Distr., "Original",
    agenda items and the symbol ("A/"): none of them, no rule (same answers)."""
    c = t[:1]
    return not (c in _DIGITS or c == "[" or f in _BODY_NAMES or t.endswith("session") or t in LANGUAGE_NAMES
                or f.startswith(_ASCII_FOLDED_STARTS))


def heading(text: str) -> tuple[str, str, str | None, str | None] | None:
    """ "Resolution adopted by the Human Rights Council on 24 March 2021" -> (kind, body id, ISO date, date words)."""
    c = _lead(text)
    if c is not None and c.lower() not in ("r", "d"):
        return None  # resolution, resolución, decision
    if text.isascii() and text.lstrip()[:10].lower() not in ("resolution", "resolucion") \
            and text.lstrip()[:8].lower() != "decision":
        return None  # ASCII folds to itself in lower case: the pattern's first word, without folding
    t = squash(text)
    m = _HEADING.match(fold(t))
    if not m:
        return None
    found = any_date(t)
    kind = "decision" if m.group("kind") == "decision" else "resolution"
    return kind, _BODY_NAMES[m.group("body")], found[0] if found else None, found[1] if found else None


def number_title(text: str) -> bool:
    """A resolution number alone on its line ("14/10", "73/7."), the title following on the next lines."""
    return "/" in text and bool(_NUMBER_TITLE.match(text.strip()))  # (the pattern's "/", looked for first)


def decision_intro(text: str) -> tuple[str, str, str] | None:
    """ "At its 24th meeting, on 10 June 2010, the Human Rights Council decided …" -> (meeting, ISO date, body)."""
    if "At" not in text:
        return None  # the pattern's first word, looked for first (squash changes only white space)
    m = _DECISION_INTRO.match(squash(text))
    if not m:
        return None
    found = find_date(m.group("date"))
    return m.group("meeting"), found[0] if found else "", BODIES[m.group("body")]


def title(text: str) -> tuple[str, str | None, str] | None:
    """ "46/28 Technical assistance …" -> ("46/28", "46/28", "Technical …"); "58/... T" -> ("58/...", None, "T")."""
    if "/" not in text:
        return None  # the pattern's "/", looked for first
    m = _TITLE.match(squash(text))
    if not m:
        return None
    num = m.group("num")
    known = None if num.endswith(("...", "…")) else num
    return num + m.group("dot"), known, m.group("title")


def sponsors(text: str) -> tuple[list[str], str | None, str, str] | None:
    """ "Ghana:* draft resolution" -> (["Ghana"], "*", "draft resolution", separator ":")."""
    t = squash(text)
    if "draft " not in t or ":" not in t:
        return None  # the pattern's literal parts, looked for before its slow lazy match
    m = _SPONSORS.match(t)
    if not m:
        return None
    who = re.split(r",\s*|\s+and\s+", m.group("who"))
    mark = (m.group("mark") or "").replace("\\", "") or None
    return [w for w in who if w], mark, m.group("stage"), ":"


def meeting(text: str) -> bool:
    """ "51st meeting", "85th plenary meeting", "85e séance plénière", "53e réunion", "85ª sesión plenaria",
    "46º sesión" (folded, º is "o")."""
    c = _lead(text)
    if c is not None and c not in _DIGITS or _long_ascii(text):
        return False
    return bool(_MEETING.match(fold(text).replace("ª", "a")))


def any_date(text: str) -> tuple[str, str] | None:
    """The first full date in English, French or Spanish."""
    for language in ("eng", "fra", "spa"):
        if found := find_date(text, language):
            return found
    return None


def date_line(text: str) -> str | None:
    """ISO date when the whole line is a date in English, French or Spanish."""
    line = text.strip()
    if not line or not line[0].isdigit() or not line[-1].isdigit():
        return None  # is_date_line's own test, once for the three languages
    for language in ("eng", "fra", "spa"):
        if iso := is_date_line(text, language):
            return iso
    return None


def vote(text: str) -> str | None:
    """Outcome id of a vote line: "[Adopted without a vote.]" -> "adoptedWithoutVote"."""
    c = _lead(text)
    if c is not None and c != "[":
        return None
    m = _VOTE.match(fold(text))
    if not m:
        return None
    what = m.group("what")
    return "adoptedWithoutVote" if any(w in what for w in ("without", "sans", " sin ")) else "adoptedByVote"


def ends_sentence(text: str) -> bool:
    """Does a paragraph end here? (preambular paragraphs end with a comma, operative with ; or .)"""
    c = text[-1:]  # the answer for most texts, read off the last character (same answers as below)
    if c in _ENDS:
        return True  # nothing is stripped off it
    if c.isalpha():
        return False  # no marker, no quote to strip: it is the last character
    text = text.rstrip()
    if text and (text[-1].isdigit() or text[-1] == "/"):
        text = _MARKER_AT_END.sub("", text)  # a marker left as text
    return text.rstrip("”\"»’").endswith((",", ";", ".", ":", "]"))


_ENDS = frozenset(",;.:]")
_MARKER_AT_END = re.compile(r"(?<=[,;:])\s*\d{1,2}/?$|(?<=\.)\s+\d{1,2}/?$")
