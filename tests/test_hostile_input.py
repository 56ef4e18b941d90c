"""Hostile input: a 50 MB source, XML external entities (XXE), entity bombs (billion laughs, quadratic blow-up)
and entities, DTDs or includes that point at the network.

What is asserted (bounds), and what was measured when this file was written (Linux, Python 3.11.7, lxml 6.0.3,
libxml2 2.14.6):
- a 50 MB text or Markdown source (a real seed repeated) through `unres convert SRC -o OUT`: exit code 15
  (InputTooLargeError), a message naming the file, its size and the limit, no output file, folder or temporary
  file left, in < 2 s (measured ~10 ms: the size is checked with stat() before anything is read); Python
  allocations during the call < 1 MB (tracemalloc, measured ~50 KB) and the peak RSS of a fresh process running
  it grows < 16 MB (ru_maxrss, measured: 0 KB, 52 MB before and after). 50 MB handed to `read_bytes` in memory
  (all three formats) and `unres check` fail the same way;
- XML declaring an external entity (file:///etc/passwd, a secret file made here, one used in an attribute), a
  billion-laughs bomb (3 GB if expanded) and a quadratic blow-up (2 GB from a 200 KB file), through
  `read_bytes(..., "unxml")`, `validate_bytes` (what `unres validate` runs) and the CLI (`convert`, `validate`,
  `render`): a project error (InputError, exit 10; `validate`: an "xml" problem, exit 20) whose message says
  DOCTYPE or entity and names the file, in < 1 s (measured 2–15 ms), tracemalloc peak < 10 MB (measured
  0.13–1.3 MB), the peak RSS of a fresh process running both bombs grows < 32 MB (measured 0 KB), and no byte of
  the named file in anything returned, printed or rendered;
- the file an external entity names is never even opened: it is a named pipe whose opening a thread records
  (the reader refuses a DOCTYPE only after parsing, so output alone could not show an expansion);
- entities, an external DTD (SYSTEM and PUBLIC), an external parameter entity, an XInclude and an
  xsi:schemaLocation pointing at a TCP listener this test runs on 127.0.0.1 (and at 127.0.0.1:9): through the
  reader, validate, `parse` and the CLI, the listener gets no connection (a control connection shows it would
  see one). Note: libxml2 2.14 has no HTTP client at all, so here this guards against a future resolver or an
  older libxml2 rather than against today's parser options.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, SHARED

from convert.akn.serialize import parse
from convert.akn.validate import validate_bytes
from convert.cli import main
from convert.errors import InputError, InputTooLargeError, UnresError, ValidationFailed
from convert.readers import read_bytes
from convert.readers.source import MAX_BYTES

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
HUGE = 50 * 1024 * 1024
SEED_FOR = {".txt": SEEDS / "A-HRC-RES-34-39.txt", ".md": SEEDS / "A-HRC-RES-46-28.md"}
RSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
MB = 1024 * 1024


def _write_huge(path: Path, seed: Path, size: int = HUGE) -> None:
    """A real seed repeated to `size` bytes, written in pieces (the test never holds it all)."""
    chunk = seed.read_bytes() * 64
    with path.open("wb") as fh:
        written = 0
        while written < size:
            fh.write(chunk)
            written += len(chunk)


def _child(code: str, *args: str) -> dict:
    """Run `code` in a fresh interpreter (cwd ROOT) and return the JSON it prints last."""
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def huge(tmp_path):
    """make(suffix) -> a 50 MB source in tmp_path; removed afterwards (pytest keeps the last temp folders)."""
    made: list[Path] = []

    def make(suffix: str) -> Path:
        path = tmp_path / f"huge{suffix}"
        _write_huge(path, SEED_FOR[suffix])
        made.append(path)
        return path

    yield make
    for path in made:
        path.unlink(missing_ok=True)


def test_the_limit_is_below_50_mb():
    assert MAX_BYTES < HUGE  # else the tests below would convert 50 MB (minutes) instead of refusing it


# --- 50 MB ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_50_mb_source_fails_fast_with_input_too_large(tmp_path, capsys, huge, suffix):
    warm = tmp_path / "warm-up"
    warm.mkdir()
    (warm / f"empty{suffix}").write_bytes(b"")
    main(["convert", str(warm / f"empty{suffix}")])  # first call imports the lazily imported modules: not measured
    shutil.rmtree(warm)
    src, out = huge(suffix), tmp_path / "out" / "huge.xml"
    assert src.stat().st_size >= HUGE
    capsys.readouterr()
    tracemalloc.start()
    start = time.perf_counter()
    code = main(["convert", str(src), "-o", str(out)])
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    err = capsys.readouterr().err
    assert code == InputTooLargeError.exit_code == 15
    assert seconds < 2.0, f"{seconds:.2f} s"
    assert peak < 1 * MB, f"{peak:,} bytes allocated while refusing the file"
    assert not out.exists() and not out.parent.exists()  # nothing written, not even the folder or a temp file
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]
    assert src.name in err and f"{src.stat().st_size:,} bytes" in err and f"the limit is {MAX_BYTES:,}" in err


def test_50_mb_source_peak_rss_stays_flat(tmp_path, huge):
    """A fresh process: its peak RSS before and after `unres convert` on 50 MB."""
    src, out = huge(".txt"), tmp_path / "out.xml"
    got = _child(
        "import json, resource, sys, time\n"
        "from convert.cli import main\n"
        "import convert.readers, convert.akn.validate\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.perf_counter(); code = main(sys.argv[1:]); t = time.perf_counter() - t\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'code': code, 'seconds': t, 'before': before, 'after': after}))\n",
        "convert", str(src), "-o", str(out))
    grown = (got["after"] - got["before"]) * RSS_UNIT
    assert got["code"] == InputTooLargeError.exit_code
    assert got["seconds"] < 2.0
    assert grown < 16 * MB, f"peak RSS grew by {grown / MB:.1f} MB"
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["text", "markdown", "unxml"])
def test_50_mb_in_memory_fails_fast(fmt):
    data = (SEED_FOR[".txt"].read_bytes() * (HUGE // 12_000 + 1))[:HUGE + 1]
    start = time.perf_counter()
    with pytest.raises(InputTooLargeError) as exc:
        read_bytes(data, "huge", fmt)
    assert time.perf_counter() - start < 0.5
    assert "the limit is" in str(exc.value) and "huge" in str(exc.value)


def test_50_mb_check_fails_fast(capsys, huge):
    src = huge(".txt")
    start = time.perf_counter()
    assert main(["check", str(src)]) == InputError.exit_code
    assert time.perf_counter() - start < 2.0
    assert "the limit is" in capsys.readouterr().err


# --- XML: external entities and entity bombs ----------------------------------------------------------
def _base_xml() -> str:
    """A real UN file (../shared/unxml) when there is one: the attack sits in an otherwise valid resolution."""
    real = SHARED / "unxml" / "57session" / "English" / "A_HRC_RES_57_10E.xml"
    if real.is_file():
        return real.read_text(encoding="utf-8")
    return (f'<akomaNtoso xmlns="{AKN}"><statement name="resolution"><meta/><preamble><formula name="enactingFormula">'
            "<p>The Human Rights Council,</p></formula></preamble><mainBody><paragraph><num>1.</num><content>"
            "<p>Decides to act.</p></content></paragraph></mainBody></statement></akomaNtoso>")


def _with_doctype(subset: str, reference: str, root: str = "akomaNtoso") -> bytes:
    """The base document with `<!DOCTYPE root [subset]>` and `reference` as the text of its first <p>."""
    xml = _base_xml()
    if xml.startswith("<?xml"):
        xml = xml[xml.index("?>") + 2:]
    assert "<p>" in xml
    xml = xml.replace("<p>", f"<p>{reference}", 1)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [\n{subset}\n]>\n{xml}'.encode()


def _billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return _with_doctype("\n".join(levels), "&lol9;")  # 10^9 x "lol" = 3 GB if expanded


def _quadratic() -> bytes:
    subset = f'<!ENTITY big "{"x" * 100_000}">'
    return _with_doctype(subset, "&big;" * 20_000)  # 2 GB if expanded, from a 200 KB file


def _secret_file(tmp_path: Path) -> tuple[Path, str]:
    token = "UNRES-SECRET-7d1f0c2e-must-never-appear"
    path = tmp_path / "secret.txt"
    path.write_text(token + "\n", encoding="utf-8")
    return path, token


def _passwd_token() -> str | None:
    try:
        first = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None
    return first.split(":")[0] + ":" + first.split(":")[1] + ":" if first.count(":") >= 2 else first


def _xxe_cases(tmp_path: Path) -> list[tuple[str, bytes, str | None]]:
    """(name, document, text that must never appear in any output)."""
    secret, token = _secret_file(tmp_path)
    cases = [
        ("secret-file", _with_doctype(f'<!ENTITY e SYSTEM "{secret.as_uri()}">', "&e;"), token),
        ("secret-in-attribute", _with_doctype(f'<!ENTITY e SYSTEM "{secret.as_uri()}">', "").replace(
            b"<statement ", b'<statement title="&e;" ', 1), token),
    ]
    passwd = _passwd_token()
    if passwd:
        cases.append(("etc-passwd", _with_doctype('<!ENTITY e SYSTEM "file:///etc/passwd">', "&e;"), passwd))
    return cases


def _measure(fn):
    """(result or exception, seconds, tracemalloc peak in bytes)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - the caller asserts which
        result = exc
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def _assert_read_refuses(data: bytes, name: str, forbidden: str | None = None) -> InputError:
    result, seconds, peak = _measure(lambda: read_bytes(data, name, "unxml"))
    assert isinstance(result, InputError), f"read_bytes gave {result!r}"
    message = str(result)
    assert any(w in message.lower() for w in ("doctype", "entit")), message  # says what is wrong
    assert name in message  # and where
    assert seconds < 1.0, f"{seconds:.2f} s"
    assert peak < 10 * MB, f"{peak:,} bytes"
    if forbidden:
        assert forbidden not in message and forbidden not in repr(result.__dict__)
    return result


def _assert_validate_refuses(data: bytes, name: str, forbidden: str | None = None) -> None:
    problems, seconds, peak = _measure(lambda: validate_bytes(data, name))
    assert isinstance(problems, list), f"validate_bytes raised {problems!r}"
    xml = [p for p in problems if p.rule == "xml" and p.severity == "error"]
    assert xml, [str(p) for p in problems]
    assert any(w in xml[0].message.lower() for w in ("doctype", "entit")), xml[0].message
    assert seconds < 1.0 and peak < 10 * MB, (seconds, peak)
    if forbidden:
        assert not any(forbidden in str(p) for p in problems)


@pytest.fixture
def canary(tmp_path):
    """A named pipe that records being opened: a writer thread blocks in open() until somebody opens the pipe to
    read. An entity pointing at it tells whether the parser touched the file at all, which the output alone
    cannot (the reader refuses a DOCTYPE after parsing, so a parser that expanded would leave no trace)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "canary.fifo"
    os.mkfifo(path)
    opened, stop = threading.Event(), threading.Event()

    def writer():  # serves every opening (a second one would otherwise block its reader for ever)
        while not stop.is_set():
            with open(path, "wb") as fh:
                if stop.is_set():
                    return
                opened.set()
                fh.write(b"UNRES-CANARY\n")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    yield path, opened
    stop.set()
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # release a writer waiting in open()
    thread.join(2)
    os.close(fd)


def test_external_entity_file_is_never_opened(tmp_path, capsys, canary):
    path, opened = canary
    data = _with_doctype(f'<!ENTITY e SYSTEM "{path.as_uri()}">', "&e;")
    _assert_read_refuses(data, "canary.xml", "UNRES-CANARY")
    _assert_validate_refuses(data, "canary.xml", "UNRES-CANARY")
    src = tmp_path / "canary.xml"
    src.write_bytes(data)
    assert main(["convert", str(src), "-o", str(tmp_path / "out.xml")]) == InputError.exit_code
    assert main(["validate", str(src)]) == ValidationFailed.exit_code
    main(["render", str(src), "-t", "md", "-o", str(tmp_path / "out.md")])
    try:
        parse(data)  # what `unres render` parses with
    except UnresError:
        pass
    capsys.readouterr()
    assert not opened.wait(0.2), "a parser opened the file an external entity names"


def test_external_entity_is_never_expanded_by_the_reader(tmp_path):
    for name, data, forbidden in _xxe_cases(tmp_path):
        _assert_read_refuses(data, f"{name}.xml", forbidden)


def test_external_entity_is_never_expanded_by_validate(tmp_path):
    for name, data, forbidden in _xxe_cases(tmp_path):
        _assert_validate_refuses(data, f"{name}.xml", forbidden)


def test_external_entity_through_the_cli(tmp_path, capsys):
    for name, data, forbidden in _xxe_cases(tmp_path):
        src, out = tmp_path / f"{name}.xml", tmp_path / f"{name}.out.xml"
        src.write_bytes(data)
        assert main(["convert", str(src), "-o", str(out)]) == InputError.exit_code
        assert not out.exists()
        assert main(["validate", str(src)]) == ValidationFailed.exit_code
        printed = capsys.readouterr()
        assert "DOCTYPE" in printed.err or "entity" in printed.err
        assert forbidden not in printed.out + printed.err
        # `unres render` renders such a file (it checks no DOCTYPE) but expands nothing into it
        main(["render", str(src), "-t", "md", "-o", str(tmp_path / f"{name}.md")])
        rendered = tmp_path / f"{name}.md"
        printed = capsys.readouterr()
        assert forbidden not in printed.out + printed.err
        assert not rendered.exists() or forbidden not in rendered.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("bomb", [_billion_laughs, _quadratic], ids=["billion-laughs", "quadratic-blowup"])
def test_entity_bomb_is_refused_fast_and_small(tmp_path, capsys, bomb):
    data = bomb()
    _assert_read_refuses(data, "bomb.xml")
    _assert_validate_refuses(data, "bomb.xml")
    src = tmp_path / "bomb.xml"
    src.write_bytes(data)
    start = time.perf_counter()
    assert main(["convert", str(src), "-o", str(tmp_path / "out.xml")]) == InputError.exit_code
    assert main(["validate", str(src)]) == ValidationFailed.exit_code
    assert time.perf_counter() - start < 2.0
    assert not (tmp_path / "out.xml").exists()
    capsys.readouterr()


def test_entity_bombs_peak_rss_stays_flat(tmp_path):
    """libxml2 allocates outside tracemalloc's sight: measure a fresh process's peak RSS instead."""
    paths = []
    for bomb in (_billion_laughs, _quadratic):
        paths.append(tmp_path / f"{bomb.__name__}.xml")
        paths[-1].write_bytes(bomb())
    got = _child(
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from convert.readers import read_bytes\n"
        "from convert.akn.validate import validate_bytes, schema\n"
        "from convert.errors import UnresError\n"
        "schema()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.perf_counter(); kinds = []\n"
        "for p in sys.argv[1:]:\n"
        "    data = Path(p).read_bytes()\n"
        "    try:\n"
        "        read_bytes(data, p, 'unxml'); kinds.append('returned')\n"
        "    except UnresError as exc:\n"
        "        kinds.append(type(exc).__name__)\n"
        "    kinds.append(sorted({x.rule for x in validate_bytes(data, p)}))\n"
        "t = time.perf_counter() - t\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'kinds': kinds, 'seconds': t, 'before': before, 'after': after}))\n",
        *map(str, paths))
    grown = (got["after"] - got["before"]) * RSS_UNIT
    assert got["kinds"] == ["InputError", ["xml"], "InputError", ["xml"]], got["kinds"]
    assert got["seconds"] < 2.0
    assert grown < 32 * MB, f"peak RSS grew by {grown / MB:.1f} MB"


# --- XML: nothing is fetched from the network -----------------------------------------------------------
class Listener:
    """A TCP server on 127.0.0.1 that accepts every connection, records it and hangs up at once (so a parser that
    did connect gets an error instead of waiting for an answer, and the test fails instead of hanging)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            if select.select([self.sock], [], [], 0.05)[0]:
                conn, peer = self.sock.accept()
                self.connections.append(peer)
                conn.close()

    def settle(self) -> int:
        """The number of connections so far, once any pending one has been accepted."""
        time.sleep(0.1)
        return len(self.connections)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _network_cases(url: str) -> list[tuple[str, bytes]]:
    base = _base_xml()
    body = base[base.index("?>") + 2:] if base.startswith("<?xml") else base
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    located = (re.sub(r'xsi:schemaLocation="[^"]*"', f'xsi:schemaLocation="{AKN} {url}/akn.xsd"', body, count=1)
               if "xsi:schemaLocation=" in body
               else body.replace(f'xmlns="{AKN}"', f'xmlns="{AKN}" {xsi} xsi:schemaLocation="{AKN} {url}/akn.xsd"', 1))
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}/inc.xml" parse="text"/>'
    return [
        ("external-entity", _with_doctype(f'<!ENTITY e SYSTEM "{url}/entity">', "&e;")),
        ("external-entity-port-9", _with_doctype('<!ENTITY e SYSTEM "http://127.0.0.1:9/x">', "&e;")),
        ("external-parameter-entity", _with_doctype(f'<!ENTITY % p SYSTEM "{url}/param.ent"> %p;', "")),
        ("external-dtd", f'<!DOCTYPE akomaNtoso SYSTEM "{url}/akn.dtd">\n{body}'.encode()),
        ("public-dtd", f'<!DOCTYPE akomaNtoso PUBLIC "-//X//DTD X//EN" "{url}/pub.dtd">\n{body}'.encode()),
        ("xinclude", body.replace("<p>", f"<p>{include}", 1).encode()),
        ("schema-location", located.encode()),
    ]


def test_xml_input_never_touches_the_network(tmp_path, capsys, listener):
    for name, data in _network_cases(listener.url):
        assert listener.url.encode() in data or b":9/" in data, name
        try:
            read_bytes(data, f"{name}.xml", "unxml")
        except UnresError:
            pass
        validate_bytes(data, f"{name}.xml")
        try:
            parse(data)  # what `unres render` and `convert -t` parse AKN with
        except UnresError:
            pass
        src = tmp_path / f"{name}.xml"
        src.write_bytes(data)
        main(["convert", str(src), "-o", str(tmp_path / "out.xml")])
        main(["validate", str(src)])
        main(["render", str(src), "-t", "md", "-o", str(tmp_path / "out.md")])
        assert listener.settle() == 0, f"{name}: something connected to {listener.url}"
    capsys.readouterr()
    socket.create_connection(("127.0.0.1", int(listener.url.rsplit(":", 1)[1])), timeout=2).close()
    assert listener.settle() == 1  # control: a connection is seen


def test_a_doctype_without_entities_is_refused_too():
    data = _with_doctype("", "")
    with pytest.raises(InputError, match="DOCTYPE"):
        read_bytes(data, "doctype.xml", "unxml")


# --- `unres render` reads AKN too ------------------------------------------------------------------------
@pytest.mark.parametrize("data", [b"<akomaNtoso", _billion_laughs()], ids=["truncated", "billion-laughs"])
def test_render_refuses_malformed_xml_with_a_project_error(tmp_path, capsys, data):
    """Found with these tests and fixed in f21f8f2 (DEFECT_R1): lxml's XMLSyntaxError escaped `unres render`
    as a traceback; convert.akn.serialize.parse now raises InputError."""
    src = tmp_path / "bad.xml"
    src.write_bytes(data)
    start = time.perf_counter()
    assert main(["render", str(src), "-t", "md", "-o", str(tmp_path / "out.md")]) == InputError.exit_code
    assert time.perf_counter() - start < 1.0
    assert "bad.xml" in capsys.readouterr().err
    assert not (tmp_path / "out.md").exists()
