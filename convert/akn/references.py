"""The <references> block: one TLC entry for every `#id` the document points to."""

from __future__ import annotations

import re
import threading

from lxml import etree

from .ns import AKN_NS, NS, NSMAP, E

_A = f"{{{AKN_NS}}}"

#: known ids -> (TLC element, href, showAs); order here is the order in the output
KNOWN: dict[str, tuple[str, str, str]] = {
    "unres": ("TLCOrganization", "/akn/ontology/organization/unres", "unres toolkit"),
    "unitedNations": ("TLCOrganization", "/akn/ontology/organization/un", "United Nations"),
    "generalAssembly": ("TLCOrganization", "/akn/ontology/organization/un/generalAssembly", "General Assembly"),
    "humanRightsCouncil": (
        "TLCOrganization",
        "/akn/ontology/organization/un/generalAssembly/humanRightsCouncil",
        "Human Rights Council",
    ),
    "author": ("TLCRole", "/akn/ontology/role/un/author", "Author"),
    "sponsor": ("TLCRole", "/akn/ontology/role/un/sponsor", "Sponsor"),
    "editor": ("TLCRole", "/akn/ontology/role/un/editor", "Editor"),
    "symbol": ("TLCConcept", "/akn/ontology/concept/un/symbol", "Symbol"),
    "dateOfIssuance": ("TLCConcept", "/akn/ontology/concept/un/dateOfIssuance", "Date of issuance"),
    "dateOfAdoption": ("TLCConcept", "/akn/ontology/concept/un/dateOfAdoption", "Date of adoption"),
    "generalDistribution": ("TLCConcept", "/akn/ontology/concept/un/generalDistribution", "General distribution"),
    "limitedDistribution": ("TLCConcept", "/akn/ontology/concept/un/limitedDistribution", "Limited distribution"),
    "restrictedDistribution": (
        "TLCConcept", "/akn/ontology/concept/un/restrictedDistribution", "Restricted distribution"),
    "adoptedWithoutVote": (
        "TLCConcept", "/akn/ontology/concept/un/voting/adoptedWithoutVote", "Adopted without a vote"),
    "adoptedByVote": ("TLCConcept", "/akn/ontology/concept/un/voting/adoptedByVote", "Adopted by a recorded vote"),
    "inFavour": ("TLCConcept", "/akn/ontology/concept/un/voting/inFavour", "In favour"),
    "against": ("TLCConcept", "/akn/ontology/concept/un/voting/against", "Against"),
    "abstaining": ("TLCConcept", "/akn/ontology/concept/un/voting/abstaining", "Abstaining"),
    "meeting": ("TLCEvent", "/akn/ontology/event/un/meeting", "Meeting"),
}

_REF_ATTRS = ("refersTo", "href", "by", "as", "source")
#: the values of those attributes anywhere in a tree (one XPath, compiled once)
_REF_VALUES = etree.XPath(" | ".join(f"descendant-or-self::*/@{a}" for a in _REF_ATTRS), smart_strings=False)


class _Templates(threading.local):
    """The known entries, each made once per thread and copied (a copy appended costs about half a SubElement
    with three attributes; the same XML: its own namespace declarations go on append, the tree has them)."""

    def __init__(self) -> None:
        self.known = {eid: etree.Element(_A + tag, {"eId": eid, "href": href, "showAs": show}, nsmap={None: AKN_NS})
                      for eid, (tag, href, show) in KNOWN.items()}


_TEMPLATES = _Templates()


def slug(name: str) -> str:
    """An id for a named party: "Côte d'Ivoire" -> "coteDIvoire", "Ghana" -> "ghana"."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", plain)
    if not words:
        return "party"
    first, rest = words[0].lower(), "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    out = first + rest
    return out if out[0].isalpha() else "p" + out


def ids_in(values, found: set[str]) -> set[str]:
    """Add to `found` every `#id` the attribute values point to (each value: tokens apart by white space)."""
    for value in values:
        for token in value.split():
            if token.startswith("#"):
                found.add(token[1:])
    return found


def cited_ids(root: etree._Element) -> set[str]:
    """Every `#id` that an attribute of the tree points to."""
    return ids_in(_REF_VALUES(root), set())


def references(root: etree._Element, parties: dict[str, str], extra_shows: dict[str, str], *,
               parent: etree._Element | None = None, cited: set[str] | None = None) -> etree._Element:
    """A <references> element covering every id cited in `root`.

    `parties` maps ids of sponsors to their names (TLCOrganization of a member State);
    `extra_shows` overrides showAs of known ids (e.g. the meeting's own words);
    `parent`: made as its last child (after the ids are gathered), not as an element of its own;
    `cited`: what cited_ids(root) gives, when the caller knows it already (root is then not walked).
    """
    cited = (cited_ids(root) if cited is None else cited) | {"unres", "editor"}
    sub = etree.SubElement  # entries made in place: the same XML as E.x() appended
    refs = E.references(source="#unres") if parent is None else sub(parent, _A + "references", {"source": "#unres"})
    known = _TEMPLATES.known
    for eid in KNOWN:
        if eid in cited:
            entry = known[eid].__copy__()
            refs.append(entry)
            if eid in extra_shows:
                entry.set("showAs", extra_shows[eid])  # (set in its place: the attribute order stays)
    for eid in sorted(cited - KNOWN.keys()):
        if eid in parties:
            sub(refs, _A + "TLCOrganization",
                {"eId": eid, "href": f"/akn/ontology/organization/un/memberState/{eid}", "showAs": parties[eid]})
        else:
            sub(refs, _A + "TLCConcept", {"eId": eid, "href": f"/akn/ontology/concept/un/{eid}", "showAs": eid})
    return refs


__all__ = ["KNOWN", "NS", "cited_ids", "ids_in", "references", "slug"]
