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
#: the maker of templates to copy into a tree (which declares NSMAP at its root): a copy declares only the
#: namespace its elements use, which append finds redundant and drops, so there is less to copy and check;
#: the XML is the same (the copies of E's elements declared akn4un too, dropped alike)
T = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
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


#: elements whose text stands apart from their neighbours' (blocks and line breaks)
SEPARATE = {"p", "eol", "br", "num", "heading", "container", "paragraph", "content", "intro", "point", "list",
            "formula", "section", "tblock", "td", "th"}


def _texts(el: etree._Element, out: list[str]) -> None:
    apart = local(el) in SEPARATE
    out.append(" " if apart else "")
    out.append(el.text or "")
    for child in el:
        if isinstance(child.tag, str):
            _texts(child, out)
        out.append(child.tail or "")
    out.append(" " if apart else "")


def text_of(el: etree._Element) -> str:
    """All text below an element, a line break (eol) counting as a space, whitespace collapsed."""
    out: list[str] = []
    _texts(el, out)
    return " ".join("".join(out).split())


def safe_parser() -> etree.XMLParser:
    """An XML parser that never touches the network and never expands entities."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
