"""Loads a source file as text, refusing empty, binary, mis-encoded and oversized input with clear errors."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BinaryInputError, EmptyInputError, EncodingInputError, InputTooLargeError

_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: larger sources are refused before any parsing (a resolution is 5–100 KB; a session's worth < 5 MB)
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    name: str  # file name as given to the user
    text: str
    sha256: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, name: str) -> SourceText:
    """Bytes -> text, or an InputError naming the file and the line at fault.

    >>> decode(b"1. Decides", "x.txt").text
    '1. Decides'
    """
    if len(data) > MAX_BYTES:
        raise InputTooLargeError(
            f"{len(data):,} bytes; the limit is {MAX_BYTES:,} (is this one resolution?)", file=name)
    if not data.strip():
        raise EmptyInputError("the file is empty" if not data else "the file holds only white space", file=name)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError("binary data (a NUL byte); expected UTF-8 text", file=name, line=line_of(data, nul))
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + (len(data) - len(body))
        raise EncodingInputError(
            f"not UTF-8: byte 0x{data[start]:02x} at offset {start} "
            "(convert it first, e.g. `iconv -f latin1 -t utf-8`)",
            file=name, line=line_of(data, start)) from None
    # control characters other than tab, line feed, vertical tab, form feed and carriage return: in UTF-8
    # each is one byte of its own, so count the bytes (a C loop, not a regex scan)
    controls = len(body) - len(body.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(text) // 100):
        raise BinaryInputError(f"{controls} control characters; this looks like binary data", file=name)
    if "\r" in text or "\v" in text:  # (each `in` a quick scan; a replace that finds nothing scans slower)
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    # characters XML 1.0 cannot hold (stray controls, U+FFFE/U+FFFF) carry no words: each becomes a space;
    # a form feed stays, for the readers to see the page break
    if controls or "\ufffe" in text or "\uffff" in text:  # (UTF-8 holds no surrogates: decoding refused them)
        text = _XML_FORBIDDEN.sub(" ", text)
    return SourceText(name=name, text=text, sha256=hashlib.sha256(data).hexdigest())


def load(path: str | Path) -> SourceText:
    p = path if isinstance(path, Path) else Path(path)  # (a Path made again of a Path is the same path)
    # one open file for the size and the bytes (unbuffered: read whole at once), not a stat by name and
    # Path.read_bytes' buffered reader; the file system's errors are the same (they name str(p))
    with open(p, "rb", buffering=0) as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_BYTES:
            raise InputTooLargeError(f"{size:,} bytes; the limit is {MAX_BYTES:,} (is this one resolution?)",
                                     file=str(path))
        data = f.read()
    return decode(data, p.name)
