"""Language data the readers share: phrase lexicons, month names, ordinal words (all loaded from convert/data)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("eng", "fra", "spa")


def _data(path: str) -> dict:
    return yaml.safe_load(resources.files("convert").joinpath("data", path).read_text(encoding="utf-8"))


_FIRST_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")


def _first_word(text: str) -> str | None:
    """`_FIRST_WORD.match(text).group(0)` (None when it does not match), without the expression for the common
    text whose first word is letters up to a space ("Recalling its"): `[^\\W\\d_]` takes every letter
    (str.isalpha) and a space ends the word (the expression's joiners are apostrophes and hyphens)."""
    end = text.find(" ")
    word = text[:end] if end >= 0 else text
    if word.isalpha():
        return word
    first = _FIRST_WORD.match(text)
    return first.group(0) if first else None


def _index(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Phrases by their first word, longest first: matching looks at a handful, not at hundreds."""
    by_word: dict[str, list[str]] = {}
    for phrase in phrases:
        m = _FIRST_WORD.match(phrase)
        by_word.setdefault(m.group(0) if m else phrase, []).append(phrase)
    return {word: tuple(group) for word, group in by_word.items()}


#: groups of more phrases than this are narrowed (`_narrow`) before `_opening` runs through them
_NARROW_FROM = 4


def _narrow(index: dict[str, tuple[str, ...]]) -> dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...]]]:
    """For each first word with many phrases ("Also": 34): the phrases a text can open with, by the two
    characters after that word (a phrase the text starts with has the same two there, or fewer that start
    them), and those with fewer than two (all a text can open with when no phrase has its two). Each keeps
    the group's order, so `_opening` of it finds what `_opening` of the group finds."""
    out = {}
    for word, group in index.items():
        if len(group) > _NARROW_FROM:
            n = len(word)
            keys = {p[n:n + 2] for p in group if len(p) >= n + 2}
            out[word] = ({k: tuple(p for p in group if k.startswith(p[n:n + 2])) for k in keys},
                         tuple(p for p in group if len(p) < n + 2))
    return out


def _phrases(index: dict[str, tuple[str, ...]], narrow: dict, word: str, text: str) -> tuple[str, ...] | None:
    """The phrases of `word` (the first word of `text`) that `text` can open with: `index.get(word)`, narrowed."""
    if (found := narrow.get(word)) is None:
        return index.get(word)
    two = text[len(word):len(word) + 2]
    if len(two) < 2:
        return index[word]
    by_two, short = found
    return by_two.get(two, short)


@dataclass(frozen=True)
class Lexicon:
    """Opening phrases of paragraphs in one language, longest first for matching."""

    language: str
    formulas: tuple[str, ...]
    preambular: tuple[str, ...]
    operative: tuple[str, ...]
    _preambular_index: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _operative_index: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _phrase_leads: frozenset = field(default_factory=frozenset, compare=False, repr=False)  # phrases' first characters
    _preambular_narrow: dict = field(default_factory=dict, compare=False, repr=False)  # `_narrow` of the index
    _operative_narrow: dict = field(default_factory=dict, compare=False, repr=False)
    _either_index: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)  # both lists
    _either_narrow: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_preambular_index", _index(self.preambular))
        object.__setattr__(self, "_operative_index", _index(self.operative))
        object.__setattr__(self, "_phrase_leads", frozenset(p[0] for p in (*self.preambular, *self.operative) if p))
        object.__setattr__(self, "_preambular_narrow", _narrow(self._preambular_index))
        object.__setattr__(self, "_operative_narrow", _narrow(self._operative_index))
        # both lists as one, longest first (as `_longest_first`): `_opening` of its group finds a phrase when that
        # of either list's group does (what `_opens_with` asks), in one pass
        either = tuple(sorted({*self.preambular, *self.operative}, key=lambda s: (-len(s), s)))
        object.__setattr__(self, "_either_index", _index(either))
        object.__setattr__(self, "_either_narrow", _narrow(self._either_index))

    @staticmethod
    def _match(index: dict[str, tuple[str, ...]], narrow: dict, text: str) -> str | None:
        text = text.replace("'", "’")  # typewriter and typographic apostrophes are the same letter here
        word = _first_word(text)
        if word is None:
            return None
        if word not in narrow:  # (`_phrases`, its common case here)
            return _opening(index.get(word), text)
        return _opening(_phrases(index, narrow, word, text), text)

    def preambular_phrase(self, text: str) -> str | None:
        """The preambular phrase `text` opens with: "Recalling also its resolutions" -> "Recalling also"."""
        return self._match(self._preambular_index, self._preambular_narrow, text)

    def operative_phrase(self, text: str) -> str | None:
        return self._match(self._operative_index, self._operative_narrow, text)

    def opens_paragraph(self, text: str) -> bool:
        """`bool(preambular_phrase(text) or operative_phrase(text))`, the first word found once."""
        if ("’" if text[:1] == "'" else text[:1]) not in self._phrase_leads:
            return False  # a phrase found is where the text starts (apostrophes typographic): none starts so
        text = text.replace("'", "’")
        word = _first_word(text)
        if word is None:
            return False
        return self._opens_with(word, text)

    def _opens_with(self, word: str, text: str) -> bool:
        """Does `text` (apostrophes typographic), whose first word is `word`, open with a phrase of either list?"""
        return _opening(_phrases(self._either_index, self._either_narrow, word, text), text) is not None

    def formula(self, text: str) -> str | None:
        """The enacting formula when `text` is one ("The Human Rights Council," -> "The Human Rights Council")."""
        stripped = text.strip().rstrip(",").strip()
        return stripped if stripped.replace("'", "’") in self.formulas else None


def _longest_first(items) -> tuple[str, ...]:
    return tuple(sorted({i.replace("'", "’") for i in items}, key=lambda s: (-len(s), s)))


@cache
def lexicon(language: str = "eng") -> Lexicon:
    raw = _data(f"lexicon/{language}.yaml")
    extra = raw.get("extra") or {}
    return Lexicon(
        language=language,
        formulas=tuple(f.replace("'", "’") for f in raw.get("formulas") or ()),
        preambular=_longest_first((raw.get("preambular") or []) + (extra.get("preambular") or [])),
        operative=_longest_first((raw.get("operative") or []) + (extra.get("operative") or [])),
    )


@cache
def _calendar() -> dict:
    return _data("calendar.yaml")


@cache
def _date_re(language: str) -> re.Pattern[str]:
    months = "|".join(_calendar()["months"][language])
    return re.compile(rf"\b(\d{{1,2}})(?:er)?\s+(?:de\s+)?({months})\s+(?:de\s+)?(\d{{4}})\b", re.IGNORECASE)


@cache
def _months_lower(language: str) -> tuple[str, ...]:
    return tuple(x.lower() for x in _calendar()["months"][language])


_DIGIT = re.compile(r"\d")


def find_date(text: str, language: str = "eng") -> tuple[str, str] | None:
    """The first full date in `text`: (ISO date, the words that gave it).

    >>> find_date("Resolution adopted by the Human Rights Council on 24 March 2021")
    ('2021-03-24', '24 March 2021')
    """
    # a date starts with its day's digit (`\d`, as the pattern's): the search starts at the first one, where
    # the first date can start (`\b` there still looks at the character before), and none is found without one
    first = _DIGIT.search(text)
    return _date_of(first and _date_re(language).search(text, first.start()), language)


def _date_of(m: re.Match[str] | None, language: str) -> tuple[str, str] | None:
    """(ISO date, the words) of a match of `_date_re(language)`; None for none, or for no date."""
    if not m:
        return None
    month = _months_lower(language).index(m.group(2).lower()) + 1
    try:
        day = dt.date(int(m.group(3)), month, int(m.group(1)))
    except ValueError:
        return None  # "31 February 2017" is no date: left as text
    return day.isoformat(), m.group(0)


def is_date_line(text: str, language: str = "eng") -> str | None:
    """ISO date when the whole line is a date ("24 March 2017")."""
    line = text.strip()
    if not line or not line[0].isdigit() or not line[-1].isdigit():
        return None  # a date starts with its day and ends with its year: no need to search
    # `find_date(line)` when it finds the whole line: the pattern's fullmatch. A whole-line date has two runs
    # of digits, the day's (one or two) and the year's (four, last), so any match at 0 ends at the line's end:
    # search's first match is at 0 and whole exactly when fullmatch matches, with the same groups
    found = _date_of(_date_re(language).fullmatch(line), language)
    return found[0] if found else None


def ordinal(words: str, language: str = "eng") -> int | None:
    """Value of an ordinal in words: "Forty-sixth" -> 46, "Fifty-eighth" -> 58, "Ninth" -> 9.

    >>> [ordinal(w, "fra") for w in ("Cinquante-quatrième", "Soixante et onzième", "Quatre-vingt-douzième")]
    [54, 71, 92]
    """
    table = _calendar()["ordinals"].get(language)
    if not table:
        return None
    w = " ".join(words.lower().replace("–", "-").split()).replace(" et ", "-")
    for key in ("units", "teens", "tens"):
        if w in table[key]:
            return table[key][w]
    for i, ch in enumerate(w):  # tens, then a unit or (70, 90 in French) a teen: "soixante-dix-neuvième"
        if ch == "-" and w[:i] in table["tens_prefix"]:
            tail = w[i + 1:]
            unit = table["units"].get(tail) or table["teens"].get(tail)
            if unit:
                return table["tens_prefix"][w[:i]] + unit
    return None


@cache
def _formulas(language: str) -> frozenset[str]:
    return frozenset(lexicon(language).formulas)


def detect_language(text: str, default: str = "eng") -> str:
    """The language whose enacting formula and opening phrases the text uses most (first 400 lines).

    >>> detect_language("L’Assemblée générale,\\nRappelant ses résolutions")
    'fra'
    """
    formulas, openings = _detection_tables()
    leads = _leads()
    formula_leads = _formula_leads()
    scores = [0] * len(LANGUAGES)
    # every language scored in one pass over the lines: the tables say at once which languages have the
    # line as a formula (Lexicon.formula) or an opening phrase with its first word (Lexicon._match)
    quiet = _quiet_firsts()  # (a line that starts so is turned away below: the empty ones and most others)
    for ln in [ln for ln in text.split("\n", 400)[:400] if ln[:1] not in quiet]:
        ln = ln.strip()
        if not ln:
            continue
        ln = ln.lstrip("*_“\"«# ")
        lead = ln[:1]  # ("" when the line was only markup: "**")
        if not lead or not lead.isspace() and ("’" if lead == "'" else lead) not in leads:
            continue  # no formula or phrase of any language starts with this character: it scores nothing
        # `stripped` starts with ln's first character when that is not white space (only its end is stripped
        # then): a formula is looked for only when that character can start one
        if lead.isspace() or ("’" if lead == "'" else lead) in formula_leads:
            stripped = ln.strip().rstrip(",").strip()
            if stripped:
                for i in formulas.get(stripped.replace("'", "’"), ()):
                    scores[i] += 5
        phrase_text = ln.replace("'", "’")
        word = _first_word(phrase_text)
        if word is not None:
            for i, opens_with in openings.get(word, ()):
                if opens_with(word, phrase_text):  # `_opening(pre, …) or _opening(op, …)`, narrowed
                    scores[i] += 1
    best, best_score = default, 0
    for language, score in zip(LANGUAGES, scores):
        if score > best_score:
            best, best_score = language, score
    return best


@cache
def _detection_tables() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple]]:
    """formula -> the languages (indices into LANGUAGES) that have it; first word -> (language index,
    its lexicon's `_opens_with`) for the languages whose phrases open with that word."""
    formulas: dict[str, list[int]] = {}
    openings: dict[str, list[tuple]] = {}
    for i, language in enumerate(LANGUAGES):
        lex = lexicon(language)
        for formula in _formulas(language):
            formulas.setdefault(formula, []).append(i)
        pre, op = lex._preambular_index, lex._operative_index
        for word in dict.fromkeys([*pre, *op]):
            openings.setdefault(word, []).append((i, lex._opens_with))
    return ({k: tuple(v) for k, v in formulas.items()}, {k: tuple(v) for k, v in openings.items()})


@cache
def _quiet_firsts() -> frozenset[str]:
    """First characters of a line as it stands ("" for an empty line) that `detect_language` turns away: it is
    then the stripped line's lead (not white space, not markup that lstrip takes off) and leads no formula or
    phrase ("'" is kept out: it stands for "’"); an empty line strips to ""."""
    return frozenset([""]) | frozenset(c for c in map(chr, range(128)) if not c.isspace() and c not in "*_“\"«# '"
                     and c not in _leads())


@cache
def _formula_leads() -> frozenset[str]:
    """First characters of every formula, all languages (apostrophes typographic)."""
    return frozenset(formula[0] for formula in _detection_tables()[0] if formula)


@cache
def _leads() -> frozenset[str]:
    """First characters of every formula and opening phrase, all languages (apostrophes typographic)."""
    return frozenset(text[0] for language in LANGUAGES for lex in (lexicon(language),)
                     for text in (*lex.formulas, *lex._preambular_index, *lex._operative_index) if text)


def _opening(phrases: tuple[str, ...] | None, text: str) -> str | None:
    """The phrase (of those that share the text's first word) that `text` opens with, as a whole word."""
    for phrase in phrases or ():
        if text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum()):
            return phrase
    return None
