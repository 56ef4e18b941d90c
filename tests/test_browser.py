"""The published site in a real browser: headless Chromium opens the index over HTTP, follows the link to a
document, finds its paragraph 1, and takes screenshots (desktop and phone) kept in build/test-artifacts/."""

from __future__ import annotations

import functools
import shutil
import struct
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from conftest import AKN, ROOT

from convert.publish import publish

ARTIFACTS = ROOT / "build" / "test-artifacts"
DOCUMENT = AKN / "A-HRC-RES-46-28.xml"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
TIMEOUT = 90  # seconds, per browser run

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless Chromium (Debian: apt-get install chromium): the browser tests need one")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the signature of the base class
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The published site of akn/*.xml, served on 127.0.0.1 (a free port) from a thread; its base URL."""
    site = publish(sorted(AKN.glob("*.xml")), tmp_path_factory.mktemp("browser") / "public")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}"
    return done


def dom(tmp_path: Path, url: str) -> lxml.html.HtmlElement:
    """The page's DOM as Chromium built it (after loading, styles and scripts)."""
    out = chromium(tmp_path, "--dump-dom", url).stdout
    assert out.strip(), f"chromium dumped no DOM for {url}"
    return lxml.html.fromstring(out)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def screenshot(tmp_path: Path, url: str, name: str, width: int, height: int) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    chromium(tmp_path, f"--screenshot={target}", f"--window-size={width},{height}", url)
    assert target.is_file(), f"no screenshot written for {url}"
    assert png_size(target) == (width, height)
    assert target.stat().st_size > 20_000, "the screenshot is (nearly) blank"
    return target


def test_the_index_leads_to_a_document_with_its_numbered_paragraphs(server, tmp_path):
    index = dom(tmp_path, server)
    assert index.xpath("string(//h1)").strip() == "United Nations resolutions"
    links = index.xpath("//table[contains(@class, 'documents')]//td[1]//a[normalize-space()='A/HRC/RES/46/28']")
    assert links, "the index has no link to A/HRC/RES/46/28"
    href = links[0].get("href")
    assert not urlsplit(href).scheme and not href.startswith("/"), f"not a relative link: {href}"
    url = urljoin(server, href)

    document = dom(tmp_path, url)
    assert document.xpath("string(//title)").startswith("A/HRC/RES/46/28")
    para = document.get_element_by_id("para_1")
    assert para.text_content().strip().startswith("1."), para.text_content()[:80]
    assert document.xpath("//main/article") and document.get("lang") == "en"

    shot = screenshot(tmp_path, url, f"{DOCUMENT.stem}-1280.png", 1280, 2000)
    screenshot(tmp_path, url, f"{DOCUMENT.stem}-phone-390.png", 390, 1600)
    screenshot(tmp_path, server, "index-1280.png", 1280, 900)
    assert shot.parent == ARTIFACTS
