"""More of the readers' shortcuts against the plain rules they stand for (see test_reader_speed.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convert.readers import patterns
from test_reader_speed import _MASTHEAD_LINES, _TEXTS


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
    from convert.readers.assemble import _masthead_parts
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
    from convert.readers.language import _FIRST_WORD, _first_word
    first = _FIRST_WORD.match(text)
    assert _first_word(text) == (first.group(0) if first else None)
