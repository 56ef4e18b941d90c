"""The `unres` command line: convert sources to canonical AKN, validate AKN files."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .akn.serialize import to_bytes
from .errors import EXIT_CODES, InputError, UnresError, ValidationFailed

EPILOG = "exit codes:\n  0  success\n  2  usage error\n" + "\n".join(
    f"  {code:<2} {name}" for name, code in sorted(EXIT_CODES.items(), key=lambda kv: kv[1])
) + "\n  70 internal error (a bug: please report it with the input)"


def write_atomically(path: Path, data: bytes) -> None:
    """Write all of `data` or nothing: a temporary file beside `path`, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def convert_one(source: Path, fmt: str | None) -> tuple[bytes, list]:
    """Read a source and return canonical AKN bytes (checked) and the reader's warnings."""
    from .akn.validate import validate_tree
    from .readers import read_path

    result = read_path(source, fmt)
    data = to_bytes(result.root)
    problems = [p for p in validate_tree(result.root, source.name) if p.severity == "error"]
    if problems:
        raise ValidationFailed("the XML written for this source fails validation (a reader defect):\n  "
                               + "\n  ".join(map(str, problems)), file=str(source))
    return data, result.notices


def cmd_convert(args: argparse.Namespace) -> int:
    sources = [Path(s) for s in args.sources]
    if args.output and len(sources) > 1:
        raise SystemExit("unres convert: -o takes one source; use --outdir for several")
    failures: list[UnresError] = []
    for n, source in enumerate(sources, 1):
        try:
            data, notices = convert_one(source, args.format)
        except UnresError as exc:
            exc.file = exc.file or str(source)
            print(f"error: {exc}", file=sys.stderr)
            failures.append(exc)
            continue
        for notice in notices:
            where = f"{source}:{notice.line}" if notice.line else str(source)
            print(f"warning: {where}: {notice.message}", file=sys.stderr)
        if args.outdir:
            target = Path(args.outdir) / (source.name.rsplit(".", 1)[0] + ".xml")
        elif args.output and args.output != "-":
            target = Path(args.output)
        else:
            sys.stdout.buffer.write(data)
            continue
        write_atomically(target, data)
        if not args.quiet and len(sources) > 1 and sys.stderr.isatty():
            print(f"[{n}/{len(sources)}] {source} -> {target}", file=sys.stderr)
    codes = {exc.exit_code for exc in failures}
    if len(sources) > 1 and not args.quiet:
        print(f"converted {len(sources) - len(failures)} of {len(sources)}; {len(failures)} failed", file=sys.stderr)
    return (codes.pop() if len(codes) == 1 else UnresError.exit_code) if codes else 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .akn.validate import validate_file

    errors = 0
    for name in args.files:
        problems = validate_file(name)
        for p in problems:
            print(p, file=sys.stderr)
        n_err = sum(p.severity == "error" for p in problems)
        errors += n_err
        if not args.quiet:
            print(f"{name}: {'valid' if not n_err else f'{n_err} error(s)'}")
    return ValidationFailed.exit_code if errors else 0


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .report import as_text, check

    reports, failures = [], 0
    for name in args.sources:
        try:
            reports.append(check(Path(name), args.format))
        except UnresError as exc:
            exc.file = exc.file or name
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        if not args.json:
            print(as_text(reports[-1]))
    if args.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    invalid = sum(bool(r["errors"]) for r in reports)
    return InputError.exit_code if failures else ValidationFailed.exit_code if invalid else 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="unres",
        description="Normalise UN resolutions: read PDF text or Markdown, write canonical Akoma Ntoso 3.0.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"unres {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    conv = sub.add_parser(
        "convert", help="read sources (.txt from PDFs, .md) and write canonical AKN XML",
        description="Read each SOURCE (and NAME.meta.yaml beside it, if present) and write its AKN XML. "
                    "Nothing is written for a source that fails.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    conv.add_argument("sources", nargs="+", metavar="SOURCE")
    out = conv.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="FILE", help="output file for one source (default: stdout)")
    out.add_argument("--outdir", metavar="DIR", help="write DIR/NAME.xml for each SOURCE")
    conv.add_argument("-f", "--format", choices=["text", "markdown"], help="source format (default: by suffix)")
    conv.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    conv.set_defaults(func=cmd_convert)

    chk = sub.add_parser(
        "check", help="report what a conversion recognised and how much text it kept",
        description="Convert each SOURCE in memory and report: structure found, metadata and where it came from, "
                    "page furniture dropped, warnings, and the share of source words that reach the XML in order.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    chk.add_argument("sources", nargs="+", metavar="SOURCE")
    chk.add_argument("-f", "--format", choices=["text", "markdown"], help="source format (default: by suffix)")
    chk.add_argument("--json", action="store_true", help="machine-readable output")
    chk.set_defaults(func=cmd_check)

    val = sub.add_parser(
        "validate", help="check AKN files against the OASIS schema and the unres profile",
        description="Validate each FILE against the strict OASIS Akoma Ntoso 3.0 XSD and the profile checks "
                    "(references resolve, eIds unique and by convention, FRBR consistent, numbering, footnotes).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    val.add_argument("files", nargs="+", metavar="FILE")
    val.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    val.set_defaults(func=cmd_validate)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UnresError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (OSError, KeyboardInterrupt) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
