"""Writers: from an AKN tree to the output formats, all through pandoc's AST (never from a reader).

    from convert.writers import render, FORMATS
    html = render(root, "html")   # bytes; also "md", "docx", "txt", "pdf"
    outs = render_many(root, ["html", "md", "pdf"])   # {format: bytes}, one pandoc process for all

Adding a format: one `Format` entry in `render.FORMATS` (pandoc writer name, options, suffix).
"""

from __future__ import annotations

from .pandoc_ast import to_pandoc
from .render import FORMATS, Format, render, render_many

__all__ = ["FORMATS", "Format", "render", "render_many", "to_pandoc"]
