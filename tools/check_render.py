"""Check that rendering every format in one pandoc process (`render_many`) gives the bytes one pandoc process
per format (`render_separately`) gives, for every file named (default: akn/*.xml and tests/goldens/*.xml).

    .venv/bin/python tools/check_render.py [FILE_OR_DIR ...] [--formats html,md,txt,pdf,docx] [--sample N]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convert.akn.serialize import parse  # noqa: E402
from convert.writers.render import FORMATS, render_many, render_separately  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=["akn", "tests/goldens"])
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--sample", type=int, default=0, help="at most N files of each folder, chosen at random (seed 1)")
    args = ap.parse_args()
    fmts = args.formats.split(",")
    files: list[Path] = []
    for name in args.paths:
        p = Path(name)
        found = sorted(p.glob("*.xml")) if p.is_dir() else [p]
        if args.sample and len(found) > args.sample:
            found = sorted(random.Random(1).sample(found, args.sample))
        files += found
    bad = 0
    for f in files:
        try:
            root = parse(f.read_bytes(), str(f))
        except Exception as exc:  # not AKN we can read: not this check's business
            print(f"skip {f}: {exc}")
            continue
        many = render_many(root, fmts)
        for fmt in fmts:
            if many[fmt] != render_separately(root, fmt):
                bad += 1
                print(f"DIFFERS {f} {fmt}")
    print(f"{len(files)} files x {len(fmts)} formats: {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
