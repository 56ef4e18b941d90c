"""The fidelity report of one conversion: what was recognised, what was dropped, how much text survived."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .akn.ns import xp
from .akn.serialize import parse, to_bytes
from .akn.validate import validate_tree
from .fidelity import compare
from .readers import format_for, read_path
from .readers.source import load


def check(path: Path, fmt: str | None = None) -> dict:
    """Read `path` and describe the result (raises the reader's errors as they are)."""
    fmt = fmt or format_for(path)
    result = read_path(path, fmt)
    root = parse(to_bytes(result.root))
    notes = xp(root, "//a:authorialNote")
    fidelity = compare(load(path).text, fmt, root)
    problems = validate_tree(root, path.name)
    return {
        "source": str(path),
        "format": fmt,
        "kind": xp(root, "string(//a:statement/@name)"),
        "symbol": xp(root, "string(//a:FRBRalias[@name='symbol']/@value)") or None,
        "date": xp(root, "string(//a:FRBRWork/a:FRBRdate/@date)"),
        "language": xp(root, "string(//a:FRBRlanguage/@language)"),
        "preambular": len(xp(root, "//a:preamble/a:container")),
        "operative": len(xp(root, "//a:mainBody//a:paragraph")),
        "points": len(xp(root, "//a:mainBody//a:point")),
        "footnotes": len(notes),
        "footnotes_without_text": sum(n.get("status") == "unknown" for n in notes),
        "facts": {f.get("name"): {"value": f.get("value"), "origin": f.get("origin")} for f in xp(root, "//u:fact")},
        "furniture": dict(sorted(Counter(f.get("rule") for f in xp(root, "//u:furniture")).items())),
        "warnings": [{"line": n.line, "message": n.message} for n in result.notices],
        "source_words": fidelity.source_words,
        "words_kept_in_order": fidelity.kept_in_order,
        "preservation": round(fidelity.ratio, 6),
        "differences": fidelity.diff[:20],
        "errors": [str(p) for p in problems if p.severity == "error"],
    }


def as_text(r: dict) -> str:
    """A report for people."""
    facts = "; ".join(f"{k}={v['value']} ({v['origin']})" for k, v in r["facts"].items()) or "none"
    furniture = ", ".join(f"{rule} ×{n}" for rule, n in r["furniture"].items()) or "none"
    lines = [
        f"{r['source']} ({r['format']}) -> {r['kind']} {r['symbol'] or '(no symbol)'}, {r['date']}, {r['language']}",
        f"  structure   {r['preambular']} preambular, {r['operative']} operative, {r['points']} sub-paragraphs, "
        f"{r['footnotes']} footnotes ({r['footnotes_without_text']} without text)",
        f"  metadata    {facts}",
        f"  furniture   {furniture}",
        f"  warnings    {len(r['warnings']) or 'none'}",
        *[f"    line {w['line'] or '?'}: {w['message']}" for w in r["warnings"]],
        f"  text        {r['words_kept_in_order']} of {r['source_words']} source words in the XML in order "
        f"({100 * r['preservation']:.2f}%)",
        *[f"    {d}" for d in r["differences"]],
        f"  valid       {'yes (XSD + profile)' if not r['errors'] else 'NO'}",
        *[f"    {e}" for e in r["errors"]],
    ]
    return "\n".join(lines)
