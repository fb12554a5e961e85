"""The Word draft laid out as a PDF by LibreOffice: the version to print or attach.

Contract: :func:`render_pdf` renders the document as the Word writer does (:func:`.docx.render_docx`,
with the same options: a house template's pages and styles too), then has LibreOffice
(``soffice --headless --convert-to pdf``) lay it out, with a profile of its own in a temporary
folder, so it runs while the analyst has LibreOffice open and leaves nothing behind. The export
asks for an accessible PDF: tagged (the structure tree that screen readers read: headings,
paragraphs, tables with their header rows, figures with their alt text), bookmarks from the
headings, and the document title shown in the window's title bar; the title and language come
from the Word draft's properties (``docProps/core.xml``, the styles' language).

Without LibreOffice the build stops with one line saying how to install it
(:class:`LibreOfficeMissing`, exit 2); nothing is written. ``NARRATOR_SOFFICE`` names the program
when it is not ``soffice`` on the PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lxml import etree

from ..errors import NarratorError
from ..model import Document
from ..word.charts import C_NS, MC_NS
from ..word.numbertext import Sequences, number_prefix
from ..zipfiles import read_zip, write_zip
from .docx import render_docx
from .options import WriterOptions
from .rendered import Rendered

__all__ = ["EXPORT_OPTIONS", "LibreOfficeMissing", "render_pdf", "render_pdf_files", "soffice"]

# writer_pdf_Export's filter options (LibreOffice 7.4 and later read them as JSON)
EXPORT_OPTIONS = {
    "UseTaggedPDF": True,  # the structure tree: headings, paragraphs, tables, figures' alt text
    "PDFUACompliance": True,  # PDF/UA: tags, title shown, language, alt text checked by the exporter
    "ExportBookmarks": True,  # an outline from the headings
    "ExportNotes": False,
    "DisplayPDFDocumentTitle": True,  # the title, not the file name, in the reader's title bar
    "OpenBookmarks": True,
    "ExportFormFields": False,
    "IsSkipEmptyPages": True,
    "SelectPdfVersion": 0,
}
TIMEOUT = 600  # seconds: a long report with many charts takes under a minute on a slow machine
INSTALL = (
    "LibreOffice is needed to write a PDF, and 'soffice' was not found; install it "
    "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; macOS: brew install --cask libreoffice; "
    "Windows: from libreoffice.org) or set NARRATOR_SOFFICE to the soffice program, "
    "or write a .docx and save it as PDF from Word"
)


class LibreOfficeMissing(NarratorError):
    """``soffice`` is not installed (or not where NARRATOR_SOFFICE says)."""


class ConversionFailed(NarratorError):
    """LibreOffice ran but gave no PDF."""


def soffice() -> str:
    """The LibreOffice program: NARRATOR_SOFFICE, else ``soffice`` (or ``libreoffice``) on the PATH."""
    given = os.environ.get("NARRATOR_SOFFICE")
    if given:
        found = shutil.which(given)
        if found is None:
            raise LibreOfficeMissing(f"NARRATOR_SOFFICE={given}: no such program; {INSTALL}")
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeMissing(INSTALL)


def _filter() -> str:
    options = {name: {"type": "boolean" if isinstance(value, bool) else "long",
                      "value": (str(value).lower() if isinstance(value, bool) else str(value))}
               for name, value in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def convert(docx: bytes, name: str = "report") -> bytes:
    """The PDF LibreOffice lays out of the Word package ``docx``."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="narrator-pdf-") as folder:
        work = Path(folder)
        source = work / f"{name or 'report'}.docx"
        source.write_bytes(docx)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", _filter(), "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice took more than {TIMEOUT} seconds to lay the draft out; nothing was written") from None
        except OSError as error:
            raise LibreOfficeMissing(f"{program} could not be started ({error.strerror or error}); {INSTALL}") from None
        pdf = work / "out" / f"{source.stem}.pdf"
        if not pdf.is_file():
            said = " ".join((done.stderr or done.stdout).split())[:300]
            raise ConversionFailed(f"LibreOffice gave no PDF (exit code {done.returncode}{': ' + said if said else ''}); nothing was written")
        return pdf.read_bytes()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def for_libreoffice(docx: bytes) -> bytes:
    """The Word package as LibreOffice is given it for the PDF: numbers as plain text, list levels
    unlinked from the heading styles, and each chart drawn as its picture.

    A number's SEQ fields (narrator.word.numbering) become the number they count to: LibreOffice
    draws the hidden fields that set the deeper levels back as nothing on the page, but puts their
    zeros into the PDF's bookmarks ("1.00 Purpose").

    LibreOffice makes a list linked to the heading styles (``w:lvl/w:pStyle``: a house template's)
    its chapter numbering, and then takes every paragraph numbered in that list for a heading: the
    tagged PDF would call each numbered paragraph a heading, and the bookmarks would list them all.
    Unlinked, the headings are headings by their styles' outline level.

    LibreOffice (7.4) drops a chart's alt text when it reads it, so the tagged PDF's figure would
    have none; it keeps a picture's. Each chart's choice of the native chart is removed, and
    LibreOffice draws the fallback: the same chart as a picture (our SVG, vector in the PDF) with
    its alt text, the PDF figure's /Alt.
    """
    out = []
    for name, data in read_zip(docx):
        if name == "word/numbering.xml":
            root = etree.fromstring(data)
            for link in root.findall(f".//{{{W}}}lvl/{{{W}}}pStyle"):
                link.getparent().remove(link)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        elif name == "word/document.xml":
            root = etree.fromstring(data)
            for choice in root.iterfind(f".//{{{MC_NS}}}Choice[@Requires='wps']"):
                if choice.find(f".//{{{C_NS}}}chart") is not None:
                    choice.getparent().remove(choice)
            _numbers_as_text(root)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((name, data))
    return write_zip(out)


def _numbers_as_text(root: etree._Element) -> None:
    """Each number held as SEQ fields replaced by its text: "4.3.1" and the tab."""
    sequences = Sequences()
    for paragraph in root.iter(f"{{{W}}}p"):
        number, runs = sequences.number(paragraph), number_prefix(paragraph)
        if runs:
            runs[0].addprevious(etree.fromstring(f'<w:r xmlns:w="{W}"><w:t>{number}</w:t><w:tab/></w:r>'))
            for run in runs:
                paragraph.remove(run)


def render_pdf(document: Document, options: WriterOptions | None = None) -> bytes:
    """``document`` as the bytes of a PDF: the Word draft, laid out by LibreOffice."""
    options = options or WriterOptions()
    soffice()  # before the work of rendering: say at once when LibreOffice is missing
    return convert(for_libreoffice(render_docx(document, options)), options.name)


def render_pdf_files(document: Document, options: WriterOptions | None = None) -> Rendered:
    return Rendered(render_pdf(document, options))
