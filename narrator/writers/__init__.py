"""Output writers: each turns a numbered :class:`~narrator.document.Document` into a file.

``WRITERS`` maps an output format (the file extension) to its writer.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Document
from .docx import render_docx
from .markdown import render_markdown
from .options import WriterOptions

__all__ = ["WRITERS", "WriterOptions", "render_docx", "render_markdown"]

WRITERS: dict[str, Callable[[Document, WriterOptions], str | bytes]] = {
    "md": render_markdown,
    "docx": render_docx,
}
