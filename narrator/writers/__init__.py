"""Output writers: each turns a numbered :class:`~narrator.document.Document` into a file.

``WRITERS`` maps an output format (the file extension) to its writer, which returns a
:class:`Rendered`: the main file's bytes and the files that go beside it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Document
from .docx import render_docx
from .html import render_html, render_html_files
from .markdown import render_markdown, render_markdown_files
from .options import WriterOptions
from .pdf import render_pdf_files
from .rendered import Rendered

__all__ = ["WRITERS", "Rendered", "WriterOptions", "render_docx", "render_html", "render_markdown"]


def _docx_files(document: Document, options: WriterOptions) -> Rendered:
    return Rendered(render_docx(document, options))


WRITERS: dict[str, Callable[[Document, WriterOptions], Rendered]] = {
    "md": render_markdown_files,
    "docx": _docx_files,
    "html": render_html_files,
    "pdf": render_pdf_files,
}
