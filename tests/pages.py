"""Pages as LibreOffice lays them out: convert .docx to PDF once, and measure blank space.

"Blank" is measured on the page as a reader sees it, not on the text: each page is drawn
by pdftoppm in grey at 36 dpi, and a pixel row of the body (the page less its margins,
so the footer's page number is left out) is blank when no pixel in it is darker than
light grey (a rule, a shaded cell, a chart line or a letter all count as ink). A page's
blank share is its tallest run of blank rows over the body's height: the gap at the foot
of a page that ends early, or a hole in the middle of one. Ordinary spacing between lines
and paragraphs is a few rows; the foot of a page that Word or LibreOffice had to leave
empty before a block that would not fit is one long run.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

SOFFICE, PDFTOTEXT, PDFTOPPM = shutil.which("soffice"), shutil.which("pdftotext"), shutil.which("pdftoppm")
TIMEOUT = 90  # seconds for LibreOffice to convert every file (a cold start takes about 5)
DPI = 36
INK = 230  # a grey level below this (0 black, 255 white) is ink
CM = DPI / 2.54


def to_pdf(documents: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Each .docx converted to PDF by LibreOffice headless, in one run with its own profile."""
    for name, data in documents.items():
        (folder / f"{name}.docx").write_bytes(data)
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in documents)]
    subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
    pdfs = {name: folder / f"{name}.pdf" for name in documents}
    for name, pdf in pdfs.items():
        assert pdf.exists(), f"LibreOffice wrote no PDF for {name}"
    return pdfs


def pdf_text(pdf: Path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout.decode("utf-8")


def page_images(pdf: Path) -> list[np.ndarray]:
    """Every page as a grey image (rows × columns, 0 black to 255 white)."""
    folder = pdf.parent / f"{pdf.stem}-grey"
    folder.mkdir(exist_ok=True)
    subprocess.run([PDFTOPPM, "-gray", "-r", str(DPI), str(pdf), str(folder / "p")], check=True, timeout=120)
    return [_read_pgm(path) for path in sorted(folder.glob("p-*.pgm"))]


def _read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    fields, position = [], 0
    while len(fields) < 4:  # magic, width, height, maximum; comments never occur in pdftoppm's output
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5", path
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(data, dtype=np.uint8, count=width * height, offset=position + 1).reshape(height, width)


def blank_share(page: np.ndarray, margins_cm: tuple[float, float] = (2.5, 2.5)) -> float:
    """The tallest run of blank pixel rows in the body (between the top and bottom margins), over its height."""
    top, bottom = round(margins_cm[0] * CM), page.shape[0] - round(margins_cm[1] * CM)
    inked = (page[top:bottom] < INK).any(axis=1)
    longest = run = 0
    for ink in inked:
        run = 0 if ink else run + 1
        longest = max(longest, run)
    return longest / (bottom - top)


def blank_shares(pdf: Path) -> list[float]:
    return [blank_share(page) for page in page_images(pdf)]
