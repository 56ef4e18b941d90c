"""The provenance a Markdown rendition carries in its front matter, so the Markdown reader can give it back.

See `convert.akn.provenance`: the entries of `<unres:provenance>` and the checksum of the whole XML go into
the front matter under `provenance:`, written here with PyYAML (exact strings: pandoc's own metadata writer
would escape Markdown and collapse runs of spaces, which page furniture of `-layout` text holds).
"""

from __future__ import annotations

import yaml
from lxml import etree

from ..akn import provenance

#: libyaml's dumper where PyYAML has it (ten times faster, the same text), else the pure-Python one
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def with_provenance(markdown: str, root: etree._Element) -> str:
    """The Markdown with `provenance:` added at the end of its front matter (unchanged if the XML has none).

    >>> from convert.akn.ns import E, U
    >>> root = E.akomaNtoso(E.statement(E.meta(E.proprietary(U.provenance(U.toolkit(name="unres"))))))
    >>> print(with_provenance("---\\ntitle: x\\n---\\n\\nText\\n", root))  # doctest: +ELLIPSIS
    ---
    title: x
    provenance:
      xml-sha256: ...
      entries:
      - toolkit:
          name: unres
    ---
    <BLANKLINE>
    Text
    <BLANKLINE>
    """
    carried = provenance.carry(root)
    if carried is None:
        return markdown
    block = yaml.dump({"provenance": carried}, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)
    if markdown.startswith("---\n") and (end := markdown.find("\n---\n", 3)) != -1:
        return markdown[: end + 1] + block + markdown[end + 1:]
    return f"---\n{block}---\n\n{markdown}"


__all__ = ["with_provenance"]
