"""Carrying an AKN file's provenance through a rendition and back, so AKN -> Markdown -> AKN is byte-identical.

The canonical XML records where its text came from (`<proprietary><unres:provenance>`: the file read, its
checksum, the reader, each fact with its origin, the page furniture removed). A Markdown rendition read back
would otherwise name *itself* as the source. So the Markdown writer puts the provenance in the front matter
(`provenance:` with the entries in document order and `xml-sha256`, the checksum of the whole canonical XML it
was written from), and the Markdown reader gives it back, but only when it proves true: the XML read from
the Markdown, with that provenance put back, must have exactly that checksum. A Markdown file edited by hand
fails the proof; its XML then names the Markdown file as its source, with a warning. (An unkeyed checksum:
it catches edits, not a forger who recomputes it.)

    >>> from convert.akn.ns import U
    >>> prov = U.provenance(U.source(name="x.txt", sha256="ab", reader="text"), U.furniture("12", line="40", rule="page-number"))
    >>> entries(prov)
    [{'source': {'name': 'x.txt', 'sha256': 'ab', 'reader': 'text'}}, {'furniture': {'line': '40', 'rule': 'page-number', 'text': '12'}}]
    >>> etree.tostring(element(entries(prov))) == etree.tostring(prov)
    True
"""

from __future__ import annotations

import hashlib
from typing import Any

from lxml import etree

from .ns import UNRES_NS, U
from .serialize import to_bytes

#: the key that holds an entry's text (no provenance element has an attribute of that name)
TEXT = "text"
_PROVENANCE = f"{{{UNRES_NS}}}provenance"

Entries = list[dict[str, dict[str, str]]]

#: attribute order as the builder writes them (a rendition's metadata keeps no order: pandoc sorts its maps)
ORDER = {"source": ("name", "sha256", "reader"), "toolkit": ("name", "version"), "fact": ("name", "value", "origin"),
         "furniture": ("line", "rule")}


def digest(root: etree._Element) -> str:
    """sha256 of the canonical bytes of a tree."""
    return hashlib.sha256(to_bytes(root)).hexdigest()


def find(root: etree._Element) -> etree._Element | None:
    """The `<unres:provenance>` of a document (None for XML that unres did not write)."""
    return next(root.iter(_PROVENANCE), None)


def entries(prov: etree._Element) -> Entries:
    """The children of `<unres:provenance>` as plain data: [{local-name: {attribute: value, "text": text}}]."""
    out: Entries = []
    for child in prov:
        if not isinstance(child.tag, str):
            continue
        fields = dict(child.attrib)
        if child.text:
            fields[TEXT] = child.text
        out.append({etree.QName(child).localname: fields})
    return out


def element(data: Entries) -> etree._Element:
    """The inverse of `entries`; anything but the builder's own entries, with string values, raises ValueError.

    The names come from a file, so they are looked up in ORDER, never used to find a Python attribute, and a
    value must already be a string (YAML aliases that would expand a list into a huge string are refused).
    """
    prov = U.provenance()
    for entry in data:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise ValueError("a provenance entry is one `name: {attributes}` mapping")
        (name, fields), = entry.items()
        if name not in ORDER or not isinstance(fields, dict):
            raise ValueError("not an entry the builder writes")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
            raise ValueError(f"provenance entry {name}: every attribute and text must be a string")
        order = ORDER[name]
        keys = [k for k in order if k in fields] + sorted(k for k in fields if k not in order and k != TEXT)
        child = etree.SubElement(prov, f"{{{UNRES_NS}}}{name}", {k: fields[k] for k in keys})
        if TEXT in fields:
            child.text = fields[TEXT]
    return prov


def carry(root: etree._Element) -> dict[str, Any] | None:
    """What a rendition carries: the provenance entries and the checksum of the whole XML (None without one)."""
    prov = find(root)
    if prov is None:
        return None
    return {"xml-sha256": digest(root), "entries": entries(prov)}


def restore(root: etree._Element, carried: dict[str, Any]) -> bool:
    """Put a carried provenance back into `root` if that gives the XML it was carried from; say whether it did.

    `root` is left unchanged when the proof fails (the text was edited, or the entries were mangled).
    """
    prov = find(root)
    if prov is None or not isinstance(carried, dict):
        return False
    try:
        new = element(carried.get("entries") or [])
    except (ValueError, TypeError):
        return False
    parent = prov.getparent()
    index = parent.index(prov)
    parent[index] = new
    if digest(root) == carried.get("xml-sha256"):
        return True
    parent[index] = prov
    return False


__all__ = ["carry", "digest", "element", "entries", "find", "restore"]
