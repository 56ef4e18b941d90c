"""Regenerate the goldens: akn/*.xml from seeds/, tests/goldens/*.xml from their sources. Review with git diff."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.cli import convert_one, write_atomically  # noqa: E402
from convert.errors import UnresError  # noqa: E402

SOURCES = (".txt", ".md")


def main() -> int:
    if os.environ.get("CI"):
        print("accept: refusing to rewrite goldens under CI (CI is set)", file=sys.stderr)
        return 2
    pairs = [(s, ROOT / "akn" / (s.stem + ".xml")) for s in sorted((ROOT / "seeds").iterdir()) if s.suffix in SOURCES]
    goldens = ROOT / "tests" / "goldens"
    pairs += [(s, s.with_suffix(".xml")) for s in sorted(goldens.iterdir()) if s.suffix in SOURCES]
    changed = 0
    for source, target in pairs:
        try:
            data, _ = convert_one(source, None)
        except UnresError as exc:
            print(f"accept: {exc}", file=sys.stderr)
            return exc.exit_code
        if not target.exists() or target.read_bytes() != data:
            write_atomically(target, data)
            changed += 1
            print(f"updated {target.relative_to(ROOT)}")
    print(f"{len(pairs)} goldens, {changed} updated; review them with `git diff`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
