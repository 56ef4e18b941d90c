"""Canonical bytes of an AKN tree: UTF-8, declaration, pretty-printed, the same bytes for the same tree."""

from __future__ import annotations

from lxml import etree

from ..errors import InputError
from .ns import safe_parser


def to_bytes(root: etree._Element) -> bytes:
    """Serialise a tree that holds no layout white space of its own (as the builder makes them)."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def parse(data: bytes, name: str = "<xml>") -> etree._Element:
    """Parse AKN bytes safely (no network, no entity expansion); malformed XML is an InputError."""
    try:
        return etree.fromstring(data, safe_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"not well-formed XML: {exc}", file=name, line=getattr(exc, "lineno", None)) from None
