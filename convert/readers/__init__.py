"""Readers: a registry from source formats to functions that turn a source into an AKN tree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..akn.build import Builder, Notice
from ..errors import InputError
from . import markdown, metadata, patterns, text, unxml
from .language import detect_language
from .source import SourceText, decode, load

#: format name -> (file suffixes, reader)
READERS: dict[str, tuple[tuple[str, ...], Callable[[SourceText, str], Builder]]] = {
    "text": ((".txt",), text.read),
    "markdown": ((".md", ".markdown"), markdown.read),
    "unxml": ((".xml",), unxml.read),
}


@dataclass
class Result:
    """What reading one source gave: the AKN root and the warnings about it."""

    root: etree._Element
    notices: list[Notice]
    builder: Builder


def format_for(path: Path) -> str:
    for name, (suffixes, _) in READERS.items():
        if path.suffix.lower() in suffixes:
            return name
    known = ", ".join(s for suffixes, _ in READERS.values() for s in suffixes)
    raise InputError(f"unknown source format {path.suffix!r}; known: {known}", file=str(path))


def read_source(src: SourceText, fmt: str, meta: dict[str, str] | None = None) -> Result:
    """Decoded source + optional metadata facts -> AKN."""
    meta = meta or {}
    patterns.forget_lines()
    language = meta.get("language") or (detect_language(src.text) if fmt != "unxml" else "eng")
    try:
        builder = READERS[fmt][1](src, language)
        for key, value in meta.items():
            builder.fact(key, value, "metadata file", authoritative=True)
        if "language" in meta:
            builder.language = meta["language"]
        root = builder.finish()
    except InputError as exc:
        exc.file = exc.file or src.name
        raise
    return Result(root, builder.notices, builder)


def read_path(path: str | Path, fmt: str | None = None) -> Result:
    """Read a source file (and `NAME.meta.yaml` beside it, if any)."""
    p = path if isinstance(path, Path) else Path(path)  # (a Path made again of a Path is the same path)
    fmt = fmt or format_for(p)
    src = load(p)
    return read_source(src, fmt, metadata.load(metadata.path_for(p)))


def read_bytes(data: bytes, name: str, fmt: str) -> Result:
    return read_source(decode(data, name), fmt)


__all__ = ["READERS", "Result", "format_for", "read_bytes", "read_path", "read_source"]
