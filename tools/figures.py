"""Print the figures the README records: text preservation on the corpus, agreement with the UN's own XML.

    .venv/bin/python tools/figures.py            # needs ../shared (corpus/ and unxml/)

The UN side is read by the same independent code the tests use (tests/test_unxml.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from convert.report import check  # noqa: E402


def corpus(shared: Path) -> None:
    print("| file | document | preambular | operative | sub-paragraphs | footnotes | words kept in order | valid |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    kept = total = 0
    for path in sorted((shared / "corpus").iterdir()):
        if path.suffix not in (".txt", ".md"):
            continue
        r = check(path)
        kept, total = kept + r["words_kept_in_order"], total + r["source_words"]
        print(f"| `{path.name}` | {r['kind']} {r['symbol']} ({r['language']}) | {r['preambular']} | {r['operative']} "
              f"| {r['points']} | {r['footnotes']} | {100 * r['preservation']:.2f}% | {'yes' if not r['errors'] else 'NO'} |")
    print(f"\ncorpus: {kept} of {total} source words kept in order ({100 * kept / total:.2f}%)\n")


def unxml() -> None:
    import test_unxml as ux  # the tests' own reading of the UN side, and the list of known exceptions

    start = time.perf_counter()
    results = ux.converted()
    found = ux.disagreements(results)
    bad = {stem for _, stem, _, _ in found}
    for lang in ("eng", "fra", "spa"):
        stems = [s for s, r in results.items() if r["lang"] == lang]
        ok = sum(s not in bad for s in stems)
        valid = sum(not results[s]["errors"] for s in stems)
        same_words = sum(results[s]["un_words"] == results[s]["our_words"] for s in stems)
        print(f"unxml {lang}: {ok}/{len(stems)} agree on every check ({100 * ok / len(stems):.1f}%), "
              f"{valid} valid, {same_words} with every word in order")
    ok = sum(s not in bad for s in results)
    print(f"unxml all: {ok}/{len(results)} ({100 * ok / len(results):.1f}%) in {time.perf_counter() - start:.1f} s")
    for check_name, stem, _, _ in found:
        print(f"  {stem} {check_name}: {ux.EXCEPTIONS.get((check_name, stem), 'UNEXPECTED')}")


if __name__ == "__main__":
    shared = ROOT.parent / "shared"
    if not shared.is_dir():
        sys.exit(f"figures: {shared} is absent")
    corpus(shared)
    unxml()
