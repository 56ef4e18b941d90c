#!/usr/bin/env python3
"""Build the phrase lexicon (convert/data/lexicon/{eng,fra,spa}.yaml).

The readers use the lexicon to recognise the opening phrase of preambular
paragraphs ("Recalling also", "Deeply concerned", ...) and of operative
paragraphs ("Strongly condemns", "Decides", "Also requests", ...) when the
italics are lost, as in text extracted from PDFs.

The phrases are taken from the UN's own Akoma Ntoso files (AKN4UN, Human
Rights Council sessions 54-57, English/French/Spanish):

* preambular: the leading ``span class="italic"`` of the ``p`` of each
  ``preamble/container``;
* operative: the leading italic span of ``mainBody//paragraph/content/p``
  (or ``paragraph/list/intro/p`` when the paragraph has sub-items).

An unnumbered ``mainBody`` paragraph that comes before the first numbered one
is a preambular paragraph the UN tagged wrongly (55/25, 56/20-22 Spanish) and
is counted as preambular. Annexes (``attachments``) and sub-items are ignored.

Whitespace is normalised (tabs, NBSP and runs of spaces become one space),
trailing punctuation is stripped, italic spans split in two (``<i>S</i><i>trongly
condemning also</i>``) are joined, and a span that stops in the middle of a
word (``<i>Expressin</i>g <i>grave concern</i>``) is completed. Junk is dropped:
empty phrases, phrases of more than 8 words, phrases containing digits,
phrases that do not start with an uppercase letter, and the enacting formula.

Hand additions live under ``extra`` in each YAML file; the generator reads
them back and keeps them (normalised, sorted, without the ones the UN data
already gives).

Usage::

    python tools/build_lexicon.py [UNXML_DIR] [--out DIR] [--check] [-v]

UNXML_DIR defaults to ``../shared/unxml`` relative to the project root.
``--check`` writes nothing and exits 1 if a file on disk differs from what
would be written.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import unicodedata
from pathlib import Path

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT / ".." / "shared" / "unxml"
DEFAULT_OUT = ROOT / "convert" / "data" / "lexicon"

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
MAX_WORDS = 8

# folder name in the UN data -> (ISO 639-2 code, language name)
LANGUAGES = {
    "English": ("eng", "English"),
    "French": ("fra", "French"),
    "Spanish": ("spa", "Spanish"),
}

# Enacting formulas of the principal organs, always listed; formulas seen in
# the data are added to these.
KNOWN_FORMULAS = {
    "eng": [
        "The Human Rights Council",
        "The General Assembly",
        "The Security Council",
        "The Economic and Social Council",
    ],
    "fra": [
        "Le Conseil des droits de l’homme",
        "L’Assemblée générale",
        "Le Conseil de sécurité",
        "Le Conseil économique et social",
    ],
    "spa": [
        "El Consejo de Derechos Humanos",
        "La Asamblea General",
        "El Consejo de Seguridad",
        "El Consejo Económico y Social",
    ],
}

PARTS = ("preambular", "operative")

# Words that never end an opening phrase: when the UN italicised the
# preposition or article after the verb ("<i>Takes note of</i> the report",
# "<i>Décide de</i> ...", "<i>Se déclare également préoccupé par</i> ..."),
# they are cut off.
TRAILING_FUNCTION_WORDS = {
    "eng": {"a", "an", "of", "that", "the", "to"},
    "fra": {"à", "au", "aux", "d’", "de", "des", "du", "la", "le", "les",
            "par", "que", "qu’", "sur"},
    "spa": {"a", "al", "de", "del", "el", "la", "las", "los", "por", "que"},
}

# Spans the UN italicised wrongly, checked by hand against the text: phrase as
# extracted -> phrase as it should read (None drops it).
FIXES = {
    "eng": {
        # "<i>Calls upon States</i> to take ..." (57/18)
        "Calls upon States": "Calls upon",
        # "<i>Invites States</i> to improve ..." (55/10)
        "Invites States": "Invites",
        # "<i>Calls</i> for ..." (56/20, 57/2)
        "Calls": "Calls for",
    },
    "fra": {
        # "<i>Se déclarant profondément</i> préoccupé par ..." (54/1)
        "Se déclarant profondément": "Se déclarant profondément préoccupé",
        # "<i>Se dit à nouveau </i>déterminé à ..." (56/4)
        "Se dit à nouveau": "Se dit à nouveau déterminé",
        # "<i>Conscient en outre du fait </i>que ..." (57/12)
        "Conscient en outre du fait": "Conscient en outre",
        # "<i>Lance</i> un appel urgent ..." (56/20)
        "Lance": "Lance un appel",
    },
    "spa": {},
}

# A phrase seen in both parts is kept only in the part where it is at least
# this many times more frequent (French "Conscient" opens two operative
# paragraphs in 57/17 and 57/29, "Insiste" a preambular one in 56/14).
DOMINANCE = 5

_WS = re.compile(r"\s+")
# characters stripped from both ends of a phrase: spaces and punctuation
_TRAIL = " ,;:.\u2026-\u2013\u2014"
# text allowed before the leading italic span: blanks, or a stray paragraph
# number ("5\tEncourages", 54/27)
_PREFIX_OK = re.compile(r"^\s*(\d+\.?)?\s*$")
_WORD_START = re.compile(r"^[^\W\d_]+")


def norm_ws(text: str) -> str:
    """NBSP, tabs, newlines, runs of spaces -> one space; trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ")
    text = text.replace("\u00ad", "").replace("\u200b", "")
    return _WS.sub(" ", text).strip()


def clean_phrase(text: str) -> str:
    return norm_ws(text).strip(_TRAIL).strip()


def is_italic(el) -> bool:
    return (
        isinstance(el.tag, str)
        and el.tag == AKN + "span"
        and "italic" in (el.get("class") or "").split()
    )


def leading_italic(p) -> str | None:
    """Text of the italic span(s) that open ``p``, or None.

    Consecutive italic spans separated only by blanks are joined; when a span
    ends inside a word, the rest of the word (roman) is added, and if another
    italic span follows that word the two are joined too.
    """
    if p is None or not _PREFIX_OK.match(p.text or ""):
        return None
    children = [c for c in p if isinstance(c.tag, str)]
    if not children or not is_italic(children[0]):
        return None
    phrase = "".join(children[0].itertext())
    i = 0
    while True:
        tail = children[i].tail or ""
        nxt = children[i + 1] if i + 1 < len(children) else None
        ends_in_word = bool(phrase) and phrase[-1].isalpha()
        m = _WORD_START.match(tail)
        if ends_in_word and m:
            # "<i>Expressin</i>g ..." -> "Expressing"
            phrase += m.group(0)
            rest = tail[m.end():]
            if nxt is not None and is_italic(nxt) and rest.strip() == "" and rest:
                phrase += rest + "".join(nxt.itertext())
                i += 1
                continue
            break
        if nxt is not None and is_italic(nxt) and tail.strip() == "":
            phrase += tail + "".join(nxt.itertext())
            i += 1
            continue
        break
    return phrase


def trim_function_words(phrase: str, lang: str) -> str:
    words = phrase.split(" ")
    stop = TRAILING_FUNCTION_WORDS[lang]
    while len(words) > 1 and words[-1].lower() in stop:
        words.pop()
    return " ".join(words)


def junk_reason(phrase: str, formulas: set[str]) -> str | None:
    if not phrase:
        return "empty"
    if len(phrase.split()) > MAX_WORDS:
        return "too long"
    if any(ch.isdigit() for ch in phrase):
        return "digits"
    if not phrase[0].isupper():
        return "not capitalised"
    if phrase in formulas:
        return "enacting formula"
    return None


def first_p(paragraph):
    for path in ("content/p", "list/intro/p"):
        p = paragraph.find("/".join(AKN + step for step in path.split("/")))
        if p is not None:
            return p
    return None


def paragraph_number(paragraph) -> str:
    num = paragraph.find(AKN + "num")
    return norm_ws("".join(num.itertext())) if num is not None else ""


def extract_file(path: Path):
    """Yield (part, raw phrase or None, where) and ('formula', text, where)."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    docs = root.findall(AKN + "statement") or [c for c in root if isinstance(c.tag, str)]
    for doc in docs:
        preamble = doc.find(AKN + "preamble")
        if preamble is not None:
            for formula in preamble.iter(AKN + "formula"):
                yield "formula", clean_phrase("".join(formula.itertext())), path.name
            for container in preamble.iter(AKN + "container"):
                yield "preambular", leading_italic(container.find(AKN + "p")), path.name
        body = doc.find(AKN + "mainBody")
        if body is None:
            continue
        paragraphs = list(body.iter(AKN + "paragraph"))
        numbered = [bool(paragraph_number(par)) for par in paragraphs]
        first_numbered = numbered.index(True) if True in numbered else len(paragraphs)
        for i, paragraph in enumerate(paragraphs):
            # unnumbered paragraphs before the first numbered one are
            # preambular paragraphs tagged wrongly (55/25, 56/20-22 S); a
            # resolution with no numbered paragraph at all has one single
            # unnumbered operative paragraph (56/15)
            preambular = i < first_numbered and first_numbered < len(paragraphs)
            part = "preambular" if preambular else "operative"
            yield part, leading_italic(first_p(paragraph)), path.name


def collect(src: Path, verbose: bool = False):
    """Return {lang: {'formulas': Counter, 'preambular': Counter, 'operative': Counter}}."""
    result = {}
    dropped = collections.defaultdict(collections.Counter)
    for folder, (lang, _name) in LANGUAGES.items():
        files = sorted(src.glob(f"*session/{folder}/*.xml"))
        if not files:
            raise SystemExit(f"build_lexicon: no {folder} XML files under {src}")
        counts = {"formulas": collections.Counter()}
        for part in PARTS:
            counts[part] = collections.Counter()
        raw = []
        for f in files:
            for part, text, where in extract_file(f):
                if part == "formula":
                    if text:
                        counts["formulas"][text] += 1
                else:
                    raw.append((part, text, where))
        formulas = set(counts["formulas"]) | set(KNOWN_FORMULAS[lang])
        for part, text, where in raw:
            if text is None:
                continue  # no leading italic span (headings, untagged text)
            phrase = clean_phrase(text)
            reason = junk_reason(phrase, formulas)
            if reason:
                dropped[lang][(part, reason, phrase, where)] += 1
                continue
            fixed = trim_function_words(phrase, lang)
            fixed = FIXES[lang].get(fixed, fixed)
            if fixed is None or junk_reason(fixed, formulas):
                dropped[lang][(part, "fixes table", phrase, where)] += 1
                continue
            if fixed != phrase:
                dropped[lang][(part, f"corrected to {fixed!r}", phrase, where)] += 1
            counts[part][fixed] += 1
        # a phrase seen in both parts belongs to the part where it dominates
        pre, op = counts["preambular"], counts["operative"]
        for phrase in sorted(set(pre) & set(op)):
            if pre[phrase] >= DOMINANCE * op[phrase]:
                minor = "operative"
            elif op[phrase] >= DOMINANCE * pre[phrase]:
                minor = "preambular"
            else:
                continue
            n = counts[minor].pop(phrase)
            dropped[lang][(minor, "belongs to the other part", phrase, "")] += n
        result[lang] = counts
    if verbose:
        for lang in sorted(dropped):
            for (part, reason, phrase, where), n in sorted(dropped[lang].items()):
                print(f"{lang} {part} [{reason}] {where}: {phrase!r}"
                      + (f" x{n}" if n > 1 else ""), file=sys.stderr)
    return result


# --------------------------------------------------------------------- YAML

def yaml_scalar(s: str) -> str:
    """One string as a YAML scalar valid in flow and block context."""
    out = yaml.safe_dump([s], allow_unicode=True, default_flow_style=True,
                         width=10**6).strip()
    assert out.startswith("[") and out.endswith("]"), out
    return out[1:-1]


def read_extra(path: Path) -> dict[str, list[str]]:
    extra = {part: [] for part in PARTS}
    if not path.exists():
        return extra
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for part in PARTS:
        items = (data.get("extra") or {}).get(part) or []
        extra[part] = [clean_phrase(str(x)) for x in items if clean_phrase(str(x))]
    return extra


def render(lang: str, name: str, counts, extra) -> str:
    formulas = list(KNOWN_FORMULAS[lang])
    formulas += sorted(f for f in counts["formulas"] if f not in formulas)
    lines = [
        f"# Opening phrases of UN resolution paragraphs, {name}. Generated by "
        "tools/build_lexicon.py from the UN's AKN4UN files (sessions 54-57); "
        "hand additions are listed under `extra` and kept by the generator.",
        "# Do not edit `formulas`, `preambular` or `operative` by hand: run "
        "tools/build_lexicon.py. The number after each phrase is how often it "
        "opens a paragraph in the UN files.",
        f"language: {lang}",
        "formulas: [" + ", ".join(yaml_scalar(f) for f in formulas) + "]",
    ]
    for part in PARTS:
        lines.append(f"{part}:")
        for phrase in sorted(counts[part]):
            lines.append(f"  - {yaml_scalar(phrase)}  # {counts[part][phrase]}")
    lines.append("extra:")
    for part in PARTS:
        items = sorted(set(extra[part]) - set(counts[part]))
        if items:
            lines.append(f"  {part}:")
            lines.extend(f"    - {yaml_scalar(p)}" for p in items)
        else:
            lines.append(f"  {part}: []")
    return "\n".join(lines) + "\n"


def build(src: Path, out: Path, verbose: bool = False) -> dict[Path, str]:
    collected = collect(src, verbose)
    files = {}
    for folder, (lang, name) in LANGUAGES.items():
        path = out / f"{lang}.yaml"
        extra = read_extra(path)
        text = render(lang, name, collected[lang], extra)
        # sanity: the text must load back to the same lists
        data = yaml.safe_load(text)
        assert data["preambular"] == sorted(collected[lang]["preambular"]), lang
        files[path] = text
        if verbose:
            print(f"{lang}: preambular {len(data['preambular'])} "
                  f"(+{len(data['extra']['preambular'])} extra), "
                  f"operative {len(data['operative'])} "
                  f"(+{len(data['extra']['operative'])} extra)", file=sys.stderr)
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", nargs="?", default=str(DEFAULT_SRC),
                    help="folder holding NNsession/{English,French,Spanish}/*.xml "
                         "(default: ../shared/unxml from the project root)")
    ap.add_argument("--out", default=str(DEFAULT_OUT),
                    help="output folder (default: convert/data/lexicon)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if the files on disk are out of date")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="report dropped phrases and counts on stderr")
    args = ap.parse_args(argv)
    src = Path(args.src)
    if not src.is_absolute() and not src.exists():
        src = ROOT / src
    if not src.is_dir():
        print(f"build_lexicon: source folder not found: {src}", file=sys.stderr)
        return 2
    out = Path(args.out)
    files = build(src, out, args.verbose)
    stale = []
    for path, text in files.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"build_lexicon: {path} is out of date; run tools/build_lexicon.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
