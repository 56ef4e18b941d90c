"""Batch conversion and rendering: many documents, all cores (or a Dask cluster), progress, a summary.

Each document is one job that returns its output bytes (the caller writes them atomically), so the
local process pool and a Dask cluster give byte-identical files; the render jobs of one AKN file run
together (`run_jobs`: one pandoc AST and one pandoc process for all its formats). A failing document
never stops the others. Unchanged inputs are skipped: `.unres-manifest.json` in the output folder keeps,
per output, the sha256 of what made it (source, metadata file, toolkit version, format).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import INTERNAL_ERROR, UnresError

MANIFEST = ".unres-manifest.json"
SOURCE_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True)
class Job:
    kind: str  # "convert" (source -> AKN) or "render" (AKN -> format)
    source: str
    target: str
    fmt: str  # reader format for convert ("" = by suffix), output format for render


@dataclass
class Outcome:
    job: Job
    status: str  # converted, skipped, failed
    data: bytes = b""
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    exit_code: int = 0
    seconds: float = 0.0


def fingerprint(job: Job) -> str:
    """sha256 of everything an output depends on: input bytes, metadata file, toolkit version, format."""
    h = hashlib.sha256(f"{__version__}\0{job.kind}\0{job.fmt}\0".encode())
    source = Path(job.source)
    h.update(source.read_bytes())
    meta = source.with_name(source.name.rsplit(".", 1)[0] + ".meta.yaml")
    if job.kind == "convert" and meta.exists():
        h.update(b"\0meta\0" + meta.read_bytes())
    return h.hexdigest()


def run_job(job: Job) -> Outcome:
    """Do one job (in whatever process or worker); never raises for bad input."""
    start = time.perf_counter()
    try:
        if job.kind == "convert":
            from .cli import convert_one

            data, notices = convert_one(Path(job.source), job.fmt or None)
            warnings = [f"{job.source}:{n.line or ''}: {n.message}" for n in notices]
        else:
            from .akn.serialize import parse
            from .writers import render

            data, warnings = render(parse(Path(job.source).read_bytes(), job.source), job.fmt), []
        return Outcome(job, "converted", data, warnings, seconds=time.perf_counter() - start)
    except UnresError as exc:
        exc.file = exc.file or job.source
        return Outcome(job, "failed", error=str(exc), exit_code=exc.exit_code, seconds=time.perf_counter() - start)
    except OSError as exc:
        return Outcome(job, "failed", error=f"{job.source}: {exc}", exit_code=1,
                       seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a bug in unres: this document fails, the batch goes on
        return Outcome(job, "failed", error=f"{job.source}: internal error: {type(exc).__name__}: {exc} "
                       "(a bug in unres: please report it with this input)", exit_code=INTERNAL_ERROR,
                       seconds=time.perf_counter() - start)


def run_jobs(jobs: tuple[Job, ...]) -> list[Outcome]:
    """Do jobs that belong together: the render jobs of one AKN file are written in one go
    (`render_many`: one AST, one pandoc process for all its formats); anything else one by one.

    If rendering them together fails, each is done on its own, so a format that fails fails alone."""
    if len(jobs) < 2 or any(j.kind != "render" or j.source != jobs[0].source for j in jobs):
        return [run_job(j) for j in jobs]
    start = time.perf_counter()
    try:
        from .akn.serialize import parse
        from .writers.render import render_many

        outs = render_many(parse(Path(jobs[0].source).read_bytes(), jobs[0].source), [j.fmt for j in jobs])
    except Exception:  # noqa: BLE001 - each on its own, so a format that fails fails alone, with its reason
        return [run_job(j) for j in jobs]
    seconds = (time.perf_counter() - start) / len(jobs)
    return [Outcome(j, "converted", outs[j.fmt], [], seconds=seconds) for j in jobs]


def bundles(jobs: list[Job]) -> list[tuple[Job, ...]]:
    """Jobs grouped for `run_jobs`: the render jobs of each AKN file together (in their order), others alone."""
    groups: dict[str, list[Job]] = {}
    out: list[list[Job]] = []
    for job in jobs:
        if job.kind != "render":
            out.append([job])
        elif job.source in groups:
            groups[job.source].append(job)
        else:
            groups[job.source] = [job]
            out.append(groups[job.source])
    return [tuple(group) for group in out]


def _warm() -> None:
    """Load the XSD once per worker process, not once per document."""
    from .akn.validate import schema

    schema()


class Manifest:
    """Fingerprints of the outputs in one folder."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        try:
            self.entries: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def fresh(self, job: Job, print_: str) -> bool:
        return Path(job.target).exists() and self.entries.get(Path(job.target).name) == print_

    def record(self, job: Job, print_: str) -> None:
        self.entries[Path(job.target).name] = print_

    def save(self) -> None:
        from .cli import write_atomically

        write_atomically(self.path, (json.dumps(self.entries, indent=1, sort_keys=True) + "\n").encode())


def _execute(jobs: list[Job], workers: int, scheduler: str | None) -> Iterator[Outcome]:
    work = bundles(jobs)
    if scheduler:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise UnresError("--scheduler needs Dask: pip install 'unres[dask]'") from None
        with Client(scheduler) as client:
            futures = client.map(run_jobs, work, pure=False)
            for future in as_completed(futures):
                yield from future.result()
    elif workers <= 1 or len(work) <= 1:
        for group in work:
            yield from run_jobs(group)
    else:
        # never fork a process that may hold typst's or pandoc's threads (a forked copy can deadlock)
        context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                              else "spawn")
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm, mp_context=context) as pool:
            for done in pool.map(run_jobs, work, chunksize=max(1, min(16, len(work) // (workers * 4) or 1))):
                yield from done


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        stream = stream or sys.stderr
        self.total, self.done, self.stream = total, 0, stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.counts = {"converted": 0, "skipped": 0, "failed": 0}
        self.start = time.perf_counter()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.counts[outcome.status] += 1
        if self.enabled:
            width = 24
            filled = width * self.done // max(1, self.total)
            rate = self.done / max(1e-9, time.perf_counter() - self.start)
            name = Path(outcome.job.source).name[:30]
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                              f"{rate:5.1f}/s  failed {self.counts['failed']}  {name:<30}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


def run(jobs: Iterable[Job], *, workers: int = 0, scheduler: str | None = None, force: bool = False,
        on_outcome: Callable[[Outcome], None] | None = None, progress: bool | None = None) -> list[Outcome]:
    """Run jobs, write every output that succeeded, skip fresh ones; return all outcomes in job order."""
    from .cli import write_atomically

    jobs = list(jobs)
    workers = workers or os.cpu_count() or 1
    manifests: dict[Path, Manifest] = {}
    todo, outcomes, prints = [], {}, {}
    for job in jobs:
        folder = Path(job.target).parent
        manifest = manifests.setdefault(folder, Manifest(folder))
        try:
            prints[job] = fingerprint(job)
        except OSError as exc:
            outcomes[job] = Outcome(job, "failed", error=f"{job.source}: {exc}", exit_code=1)
            continue
        if not force and manifest.fresh(job, prints[job]):
            outcomes[job] = Outcome(job, "skipped")
        else:
            todo.append(job)
    bar = Progress(len(jobs), enabled=progress)
    for outcome in outcomes.values():
        bar.update(outcome)
    try:
        for outcome in _execute(todo, workers, scheduler):
            job = outcome.job
            if outcome.status == "converted":
                write_atomically(Path(job.target), outcome.data)
                manifests[Path(job.target).parent].record(job, prints[job])
                outcome.data = b""  # written: keep no copy, so memory stays flat as a batch grows
            outcomes[job] = outcome
            bar.update(outcome)
            if on_outcome:
                on_outcome(outcome)
    finally:
        bar.close()
        for manifest in manifests.values():
            if manifest.entries:
                manifest.save()
    return [outcomes[job] for job in jobs]


def summary(outcomes: list[Outcome], seconds: float) -> str:
    """The closing report of a batch: counts, then each failure with its reason."""
    count = {s: sum(o.status == s for o in outcomes) for s in ("converted", "skipped", "failed")}
    warned = sum(bool(o.warnings) for o in outcomes)
    lines = [f"{len(outcomes)} documents in {seconds:.1f} s: {count['converted']} converted, "
             f"{count['skipped']} unchanged (skipped), {count['failed']} failed; {warned} with warnings"]
    lines += [f"  failed: {o.error}" for o in outcomes if o.status == "failed"]
    return "\n".join(lines)


def sources_in(paths: Iterable[str], suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> list[Path]:
    """Files named, and the matching files of folders named, in a stable order."""
    found: list[Path] = []
    for name in paths:
        p = Path(name)
        if p.is_dir():
            found += sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in suffixes)
        else:
            found.append(p)
    return found
