"""The builder's, eId assigner's and validator's shortcuts give exactly what the plain code gave."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from convert.akn.build import _collapse, _tidy_text
from convert.akn.eids import num_token

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
NUMBERS = st.one_of(
    st.text(),
    st.text(alphabet="()., \t1234567890abcivxAIVX\u00a0\u0661\u00b2ß", max_size=8),
    st.from_regex(r"\A[ (]?[0-9A-Za-z]{1,4}[.)]{0,2} ?\Z"),
)


@given(NUMBERS)
@settings(max_examples=500)
def test_num_token_is_the_regex(text: str) -> None:
    assert num_token(text) == _NOT_ALNUM.sub("", text)


def test_num_token_examples() -> None:
    assert [num_token(t) for t in ("1.", "(a)", "II.", "(iv)", "", "()", "1.2", "(٣)", "² ")] == [
        "1", "a", "II", "iv", "", "", "12", "", ""]


@given(st.one_of(st.none(), st.just(""), st.text(alphabet=" \t\n\r\u00a0\u2003ab.", max_size=10)))
def test_tidy_text_collapses_in_place(text: str | None) -> None:
    el = etree.Element("p")
    el.text = text
    _tidy_text(el)
    want = None if not text else _collapse(text)
    assert el.text == want


def test_goldens_built_in_other_threads_are_the_same() -> None:
    """The builder copies per-thread templates: trees built in worker threads, at once, match the goldens."""
    from concurrent.futures import ThreadPoolExecutor

    from conftest import GOLDENS

    from convert.akn.serialize import to_bytes
    from convert.readers import read_path

    cases = sorted(p for p in GOLDENS.iterdir() if p.suffix in (".txt", ".md")) * 3
    with ThreadPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(lambda p: to_bytes(read_path(p).root), cases))
    assert built == [p.with_suffix(".xml").read_bytes() for p in cases]
