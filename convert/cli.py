"""The `unres` command line: convert sources to canonical AKN, validate AKN files."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from . import __version__
from .akn.serialize import to_bytes
from .errors import EXIT_CODES, INTERNAL_ERROR, InputError, UnresError, ValidationFailed

EPILOG = "exit codes:\n  0  success\n  2  usage error\n" + "\n".join(
    f"  {code:<2} {name}" for name, code in sorted(EXIT_CODES.items(), key=lambda kv: kv[1])
) + (f"\n  {INTERNAL_ERROR} internal error (a bug: please report it with the input; UNRES_DEBUG=1 shows the traceback)"
      "\n  130 interrupted (Ctrl-C)")


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


def _batch_dir(args: argparse.Namespace, several: bool) -> Path | None:
    """The output folder of a batch: --outdir, or -o naming a folder (or any -o with several inputs)."""
    if args.outdir:
        return Path(args.outdir)
    if args.output and args.output != "-" and (several or args.output.endswith("/") or Path(args.output).is_dir()):
        return Path(args.output)
    return None


def _run_batch(jobs: list, args: argparse.Namespace) -> int:
    from .batch import run, summary

    start = time.perf_counter()

    def report(outcome) -> None:
        for warning in outcome.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if outcome.status == "failed":
            print(f"error: {outcome.error}", file=sys.stderr)

    outcomes = run(jobs, workers=args.jobs, scheduler=args.scheduler, force=args.force, on_outcome=report,
                   progress=False if args.quiet else None)
    if not args.quiet or any(o.status == "failed" for o in outcomes):
        print(summary(outcomes, time.perf_counter() - start), file=sys.stderr)
    codes = {o.exit_code for o in outcomes if o.status == "failed"}
    return (codes.pop() if len(codes) == 1 else UnresError.exit_code) if codes else 0


def cmd_convert(args: argparse.Namespace) -> int:
    from .batch import Job, sources_in

    sources = sources_in(args.sources)
    several = len(sources) > 1 or any(Path(s).is_dir() for s in args.sources)
    folder = _batch_dir(args, several)
    formats = _formats(args.to)
    if several and formats != ["akn"]:
        raise SystemExit("unres convert: a batch writes AKN; render it with `unres render DIR -t FMT --outdir DIR`")
    if len(formats) > 1 and folder is None:
        raise SystemExit("unres convert: several formats need --outdir DIR (DIR/FMT/NAME.SUFFIX)")
    if folder is not None and formats != ["akn"]:  # one source, rendered: into the folder, as _emit names it
        args.outdir = str(folder)
    elif folder is not None:
        return _run_batch([Job("convert", str(s), str(folder / (s.name.rsplit(".", 1)[0] + ".xml")), args.format or "")
                           for s in sources], args)
    if several:
        raise SystemExit("unres convert: several sources need -o DIR/ or --outdir DIR")
    (source,) = sources
    data, notices = convert_one(source, args.format)
    for notice in notices:
        where = f"{source}:{notice.line}" if notice.line else str(source)
        print(f"warning: {where}: {notice.message}", file=sys.stderr)
    if formats == ["akn"]:
        _emit_akn(data, source, args)
        return 0
    from .akn.serialize import parse

    from .writers.render import render_many

    root = parse(data)
    wanted = [f for f in formats if f != "akn"]
    failed: list[UnresError] = []
    try:
        outs = render_many(root, wanted)  # one pandoc process for all of them
    except UnresError:
        if len(wanted) < 2:
            raise
        outs = {}  # as a batch does: each format on its own, so a format that fails fails alone
        for fmt in wanted:
            try:
                outs[fmt] = render_many(root, [fmt])[fmt]
            except UnresError as exc:
                failed.append(exc)
    for fmt in formats:
        if fmt == "akn" or fmt in outs:
            _emit(root, fmt, source.name.rsplit(".", 1)[0], args, several=len(formats) > 1, data=outs.get(fmt))
    for exc in failed[:-1]:
        print(f"error: {exc}", file=sys.stderr)
    if failed:
        raise failed[-1]  # main prints it and exits with its code
    return 0


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


def _emit(root, fmt: str, name: str, args: argparse.Namespace, several: bool, data: bytes | None = None) -> None:
    """Write one rendition of `root` (`data`, when already rendered) to -o FILE, --outdir DIR/FMT/NAME.SUFFIX,
    or stdout."""
    from .writers import FORMATS, render

    if data is None:
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
    from .batch import Job, sources_in
    from .writers import FORMATS

    if args.list_formats:
        for name, fmt in FORMATS.items():
            print(f"{name:<6} {fmt.suffix:<6} {'binary' if fmt.binary else 'text'}")
        return 0
    if not args.files:
        raise SystemExit("unres render: give one or more AKN files or folders (or --list-formats)")
    formats = _formats(args.to)
    files = sources_in(args.files, (".xml",))
    several = len(files) > 1 or len(formats) > 1 or any(Path(f).is_dir() for f in args.files)
    folder = _batch_dir(args, several)
    if folder is not None:
        return _run_batch([Job("render", str(f), str((folder / fmt if len(formats) > 1 else folder)
                                                     / (f.stem + FORMATS[fmt].suffix)), fmt)
                           for f in files for fmt in formats], args)
    if several:
        raise SystemExit("unres render: several files or formats need -o DIR/ or --outdir DIR")
    _emit(parse(files[0].read_bytes(), str(files[0])), formats[0], files[0].stem, args, several=False)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from .batch import sources_in
    from .publish import publish

    files = sources_in(args.files, (".xml",))
    if not files:
        raise SystemExit("unres publish: no AKN files found")
    site = publish(files, Path(args.output), Path(args.renditions) if args.renditions else None)
    if not args.quiet:
        print(f"published {len(files)} documents to {site}/index.html", file=sys.stderr)
    return 0


def _add_batch_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                     help="worker processes for a batch (default: all cores)")
    sub.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="run the batch on a Dask cluster (pip install 'unres[dask]')")
    sub.add_argument("--force", action="store_true", help="redo outputs whose inputs have not changed")
    sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


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
    conv.add_argument("sources", nargs="+", metavar="SOURCE", help="source files or folders of them")
    out = conv.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="FILE|DIR/",
                     help="output file for one source (default: stdout), or a folder for a batch")
    out.add_argument("--outdir", metavar="DIR", help="write DIR/NAME.xml for each SOURCE (a batch)")
    conv.add_argument("-f", "--format", choices=["text", "markdown"], help="source format (default: by suffix)")
    conv.add_argument("-t", "--to", default="akn", metavar="FMT[,FMT]",
                      help="akn (default) or any render format, e.g. pdf or html,md: read, then render")
    _add_batch_options(conv)
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
    rout.add_argument("-o", "--output", metavar="FILE|DIR/",
                      help="output file for one FILE and one format, or a folder")
    rout.add_argument("--outdir", metavar="DIR", help="write DIR/NAME.SUFFIX (DIR/FMT/NAME.SUFFIX for several formats)")
    ren.add_argument("--list-formats", action="store_true", help="list the formats and exit")
    _add_batch_options(ren)
    ren.set_defaults(func=cmd_render)

    pub = sub.add_parser(
        "publish", help="build a static site: index, a page per document, downloads, checksums, validation",
        description="Publish AKN files (or folders of them) as a static site with only relative links, so the "
                    "folder can be served from anywhere. Built aside and swapped in: never half a site.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    pub.add_argument("files", nargs="+", metavar="FILE|DIR")
    pub.add_argument("-o", "--output", default="public", metavar="DIR", help="the site folder (default: public)")
    pub.add_argument("--renditions", metavar="DIR",
                     help="reuse DIR/FMT/NAME.SUFFIX renditions that are newer than their XML (e.g. build)")
    pub.add_argument("-q", "--quiet", action="store_true")
    pub.set_defaults(func=cmd_publish)

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
    except OSError as exc:  # the file system's own message names the file
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: say so plainly, with the exit code the help promises
        if os.environ.get("UNRES_DEBUG"):
            raise
        command = " ".join(["unres", *(argv if argv is not None else sys.argv[1:])])
        print(f"internal error: {type(exc).__name__}: {exc}\n  while running: {command}\n"
              "  this is a bug in unres: please report it with the input (UNRES_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
