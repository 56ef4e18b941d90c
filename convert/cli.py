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


def _emit_akn(data: bytes, source: Path, args: argparse.Namespace) -> None:
    if args.outdir:
        write_atomically(Path(args.outdir) / (source.name.rsplit(".", 1)[0] + ".xml"), data)
    elif args.output and args.output != "-":
        write_atomically(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)


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
        formats = _formats(args.to)
        if formats == ["akn"]:
            _emit_akn(data, source, args)
        else:
            from .akn.serialize import parse

            root = parse(data)
            try:
                for fmt in formats:
                    _emit(root, fmt, source.name.rsplit(".", 1)[0], args, several=len(formats) > 1)
            except UnresError as exc:
                exc.file = exc.file or str(source)
                print(f"error: {exc}", file=sys.stderr)
                failures.append(exc)
                continue
        if not args.quiet and len(sources) > 1 and sys.stderr.isatty():
            print(f"[{n}/{len(sources)}] {source}", file=sys.stderr)
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


def _formats(spec: str) -> list[str]:
    from .writers import FORMATS

    names = [f.strip() for f in spec.split(",") if f.strip()]
    unknown = [n for n in names if n not in FORMATS and n != "akn"]
    if unknown or not names:
        raise SystemExit(f"unres: unknown format {', '.join(unknown) or spec!r}; see `unres render --list-formats`")
    return names


def _emit(root, fmt: str, name: str, args: argparse.Namespace, several: bool) -> None:
    """Write one rendition of `root` to -o FILE, --outdir DIR/FMT/NAME.SUFFIX, or stdout."""
    from .writers import FORMATS, render

    data = to_bytes(root) if fmt == "akn" else render(root, fmt)
    suffix = ".xml" if fmt == "akn" else FORMATS[fmt].suffix
    if args.outdir:
        target = Path(args.outdir) / fmt / (name + suffix) if several else Path(args.outdir) / (name + suffix)
    elif args.output and args.output != "-":
        target = Path(args.output)
    else:
        if fmt != "akn" and FORMATS[fmt].binary and sys.stdout.isatty():
            raise SystemExit(f"unres: {fmt} is binary: give -o FILE or --outdir DIR")
        sys.stdout.buffer.write(data)
        return
    write_atomically(target, data)


def cmd_render(args: argparse.Namespace) -> int:
    from .akn.serialize import parse
    from .writers import FORMATS

    if args.list_formats:
        for name, fmt in FORMATS.items():
            print(f"{name:<6} {fmt.suffix:<6} {'binary' if fmt.binary else 'text'}")
        return 0
    if not args.files:
        raise SystemExit("unres render: give one or more AKN files (or --list-formats)")
    formats = _formats(args.to)
    files = [p for f in args.files for p in (sorted(Path(f).glob("*.xml")) if Path(f).is_dir() else [Path(f)])]
    if args.output and (len(files) > 1 or len(formats) > 1):
        raise SystemExit("unres render: -o takes one file and one format; use --outdir for more")
    for n, path in enumerate(files, 1):
        root = parse(path.read_bytes())
        for fmt in formats:
            _emit(root, fmt, path.stem, args, several=len(formats) > 1)
        if len(files) > 1 and sys.stderr.isatty():
            print(f"[{n}/{len(files)}] {path}", file=sys.stderr)
    return 0


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
    conv.add_argument("-t", "--to", default="akn", metavar="FMT[,FMT]",
                      help="akn (default) or any render format, e.g. pdf or html,md: read, then render")
    conv.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    conv.set_defaults(func=cmd_convert)

    ren = sub.add_parser(
        "render", help="write AKN files as html, md, pdf, docx, txt (through pandoc and typst)",
        description="Render each AKN FILE (or every *.xml in a folder) into the formats asked for. Writers read "
                    "AKN only, so hand-corrected or imported AKN renders the same way. Text formats go to stdout "
                    "by default; nothing is written for a file that fails.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ren.add_argument("files", nargs="*", metavar="FILE")
    ren.add_argument("-t", "--to", default="html", metavar="FMT[,FMT]", help="formats, comma-separated (default html)")
    rout = ren.add_mutually_exclusive_group()
    rout.add_argument("-o", "--output", metavar="FILE", help="output file for one FILE and one format")
    rout.add_argument("--outdir", metavar="DIR", help="write DIR/NAME.SUFFIX (DIR/FMT/NAME.SUFFIX for several formats)")
    ren.add_argument("--list-formats", action="store_true", help="list the formats and exit")
    ren.set_defaults(func=cmd_render)

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
