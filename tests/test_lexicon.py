"""Tests for the phrase lexicon (convert/data/lexicon/*.yaml) and its generator."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "convert" / "data" / "lexicon"
UNXML = ROOT / ".." / "shared" / "unxml"
LANGS = ("eng", "fra", "spa")
PARTS = ("preambular", "operative")
MAX_WORDS = 8

SEED_PREAMBULAR_ENG = [
    "Guided by", "Reaffirming", "Reaffirming also", "Recalling", "Recalling also",
    "Recalling further", "Deeply concerned", "Deeply concerned also", "Welcoming",
    "Welcoming also", "Noting", "Noting also", "Noting with satisfaction",
    "Underscoring", "Taking note", "Taking note also", "Taking note with appreciation",
    "Taking note with satisfaction", "Taking note with interest", "Remaining concerned",
    "Remaining concerned also", "Remaining convinced", "Calling upon", "Calling on",
]
SEED_OPERATIVE_ENG = [
    "Strongly condemns", "Also strongly condemns", "Reiterates", "Calls upon",
    "Also calls upon", "Requests", "Also requests", "Supports", "Welcomes",
    "Also welcomes", "Encourages", "Also encourages", "Notes", "Also notes",
    "Notes with satisfaction", "Decides", "Invites", "Urges", "Recalls",
    "Underscores", "Commends", "Calls for",
]
KNOWN = {
    "fra": {"preambular": ["Rappelant"], "operative": ["Décide"]},
    "spa": {"preambular": ["Recordando"], "operative": ["Decide"]},
}


def load(lang: str) -> dict:
    return yaml.safe_load((LEXICON / f"{lang}.yaml").read_text(encoding="utf-8"))


def all_phrases(data: dict, part: str) -> list[str]:
    return list(data[part]) + list(data["extra"][part])


def phrase_lists(data: dict):
    """(name, list) for every list of phrases in a lexicon file."""
    yield "formulas", data["formulas"]
    for part in PARTS:
        yield part, data[part]
        yield f"extra.{part}", data["extra"][part]


@pytest.fixture(scope="module", params=LANGS)
def lexicon(request):
    return request.param, load(request.param)


def test_keys(lexicon):
    lang, data = lexicon
    assert isinstance(data, dict)
    assert set(data) == {"language", "formulas", "preambular", "operative", "extra"}
    assert data["language"] == lang
    assert isinstance(data["extra"], dict)
    assert set(data["extra"]) == set(PARTS)
    for name, items in phrase_lists(data):
        assert isinstance(items, list), name
        assert all(isinstance(x, str) for x in items), name
    assert data["formulas"], "no enacting formula"
    assert data["preambular"] and data["operative"]


def test_header_comment(lexicon):
    lang, _data = lexicon
    first = (LEXICON / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Opening phrases of UN resolution paragraphs, ")
    assert "tools/build_lexicon.py" in first and "`extra`" in first


def test_unique_and_sorted(lexicon):
    _lang, data = lexicon
    for name, items in phrase_lists(data):
        assert len(items) == len(set(items)), f"{name}: duplicates"
        if name != "formulas":  # formulas: the known ones first, then those seen
            assert items == sorted(items), f"{name}: not sorted"


def test_extra_does_not_repeat_generated(lexicon):
    _lang, data = lexicon
    for part in PARTS:
        assert not set(data["extra"][part]) & set(data[part]), part


def test_parts_do_not_overlap(lexicon):
    _lang, data = lexicon
    both = set(all_phrases(data, "preambular")) & set(all_phrases(data, "operative"))
    assert not both


def test_phrase_shape(lexicon):
    _lang, data = lexicon
    formulas = set(data["formulas"])
    for part in PARTS:
        for phrase in all_phrases(data, part):
            assert phrase == phrase.strip() and "  " not in phrase, repr(phrase)
            assert not any(c in phrase for c in "\t\n\u00a0"), repr(phrase)
            assert phrase[0].isupper(), phrase
            assert len(phrase.split()) <= MAX_WORDS, phrase
            assert not any(c.isdigit() for c in phrase), phrase
            assert phrase[-1] not in ",;:.", phrase
            assert phrase not in formulas, phrase


def test_english_seed_phrases():
    data = load("eng")
    pre, op = all_phrases(data, "preambular"), all_phrases(data, "operative")
    assert [p for p in SEED_PREAMBULAR_ENG if p not in pre] == []
    assert [p for p in SEED_OPERATIVE_ENG if p not in op] == []
    assert "The Human Rights Council" in data["formulas"]
    assert "The General Assembly" in data["formulas"]


@pytest.mark.parametrize("lang", sorted(KNOWN))
def test_french_spanish_known_phrases(lang):
    data = load(lang)
    for part, phrases in KNOWN[lang].items():
        for phrase in phrases:
            assert phrase in all_phrases(data, part), (lang, part, phrase)


def test_generator_check_is_clean():
    if not UNXML.is_dir():
        pytest.skip(f"UN AKN4UN reference files not available at {UNXML.resolve()}; "
                    "cannot regenerate the lexicon to compare")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, (
        "lexicon files are out of date; run tools/build_lexicon.py\n" + result.stderr)


def test_generator_check_detects_drift(tmp_path):
    if not UNXML.is_dir():
        pytest.skip(f"UN AKN4UN reference files not available at {UNXML.resolve()}")
    for lang in LANGS:
        text = (LEXICON / f"{lang}.yaml").read_text(encoding="utf-8")
        (tmp_path / f"{lang}.yaml").write_text(text, encoding="utf-8")
    stale = tmp_path / "spa.yaml"
    text = stale.read_text(encoding="utf-8")
    assert "  - Decide  #" in text
    stale.write_text(text.replace("  - Decide  #", "  - Decidee  #"), encoding="utf-8")
    tool = [sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--out", str(tmp_path)]
    assert subprocess.run(tool + ["--check"], cwd=ROOT, capture_output=True).returncode == 1
    # a hand addition in `extra` survives regeneration
    eng = tmp_path / "eng.yaml"
    data = yaml.safe_load(eng.read_text(encoding="utf-8"))
    data["extra"]["preambular"].append("Hand  added\tphrase,")
    eng.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert subprocess.run(tool, cwd=ROOT, capture_output=True).returncode == 0
    assert stale.read_text(encoding="utf-8") == (LEXICON / "spa.yaml").read_text(encoding="utf-8")
    regenerated = yaml.safe_load(eng.read_text(encoding="utf-8"))
    assert "Hand added phrase" in regenerated["extra"]["preambular"]
    assert regenerated["preambular"] == load("eng")["preambular"]
