"""Namespaces, the element maker and small tree helpers for Akoma Ntoso 3.0."""

from __future__ import annotations

from lxml import etree
from lxml.builder import ElementMaker

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
AKN4UN_NS = "http://un.org/akn4un"
UNRES_NS = "urn:x-unres:provenance:1"
NSMAP = {None: AKN_NS, "akn4un": AKN4UN_NS}
NS = {"a": AKN_NS, "u": UNRES_NS}

E = ElementMaker(namespace=AKN_NS, nsmap=NSMAP)
U = ElementMaker(namespace=UNRES_NS, nsmap={"unres": UNRES_NS})


def q(name: str) -> str:
    """Qualified name of an AKN element: q("p") -> "{ns}p"."""
    return f"{{{AKN_NS}}}{name}"


def local(el: etree._Element) -> str:
    """Local name of an element (comments and PIs give "")."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def xp(el: etree._Element, path: str) -> list:
    """XPath with the `a:` prefix bound to the AKN namespace (and `u:` to ours)."""
    return el.xpath(path, namespaces=NS)


def text_of(el: etree._Element) -> str:
    """All text below an element, whitespace collapsed."""
    return " ".join("".join(el.itertext()).split())


def safe_parser() -> etree.XMLParser:
    """An XML parser that never touches the network and never expands entities."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
