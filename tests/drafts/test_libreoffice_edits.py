"""A draft edited for real in LibreOffice (a Basic macro run headless), then checked and refreshed;
and the refreshed draft read back by LibreOffice: its comments show, its bookmarks hold.

Needs LibreOffice (``soffice``); skips with the reason when it is missing. ``.ci/run`` installs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from narrator.word import figure_bookmarks
from narrator.zipfiles import read_zip

from .test_check import REVISED_STALE

SOFFICE = shutil.which("soffice")
pytestmark = [pytest.mark.office, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH); "
               "install libreoffice-writer-nogui, as .ci/run does, to test drafts edited in LibreOffice")]
TIMEOUT = 90

# What the analyst does in LibreOffice: type over a figure, add a paragraph, rewrite words,
# delete a figure, and copy a paragraph with its figures to the end (LibreOffice renames the
# copies' bookmarks "… Copy 1"). Then save as Word.
MACRO = """Sub Edit(source As String, target As String)
  On Error Goto Failed
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, args())
  marks = doc.getBookmarks()
  marks.getByName("F_da_recorded_baseline__2").getAnchor().setString("about 10,700")
  marks.getByName("F_csa_recorded_change_pct").getAnchor().setString("")
  cursor = doc.getText().createTextCursorByRange(marks.getByName("F_da_recorded_change_pct").getAnchor().getEnd())
  cursor.gotoEndOfParagraph(False)
  doc.getText().insertControlCharacter(cursor, com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)
  doc.getText().insertString(cursor, "A paragraph typed in LibreOffice.", False)
  descriptor = doc.createReplaceDescriptor()
  descriptor.SearchString = "steadily increasing"
  descriptor.ReplaceString = "rising steadily"
  doc.replaceAll(descriptor)
  paragraph = doc.getText().createTextCursorByRange(marks.getByName("F_cse_recorded_current").getAnchor().getStart())
  paragraph.gotoStartOfParagraph(False)
  paragraph.gotoEndOfParagraph(True)
  controller = doc.getCurrentController()
  controller.select(paragraph)
  copied = controller.getTransferable()
  ending = doc.getText().createTextCursor()
  ending.gotoEnd(False)
  doc.getText().insertControlCharacter(ending, com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)
  controller.select(ending)
  controller.insertTransferable(copied)
  Dim props(0) As New com.sun.star.beans.PropertyValue
  props(0).Name = "FilterName"
  props(0).Value = "MS Word 2007 XML"
  doc.storeToURL(ConvertToURL(target), props())
  doc.close(True)
  Exit Sub
Failed:
  n = FreeFile
  Open ConvertToURL(target & ".error") For Output As #n
  Print #n, "line " & Erl & ": " & Error$
  Close #n
End Sub
"""


def _module(code: str) -> str:
    escaped = code.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
            '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
            f'script:language="StarBasic">{escaped}</script:module>\n')


def _soffice(profile: Path, *arguments: str) -> None:
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *arguments]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice took more than {TIMEOUT} s: {' '.join(arguments)}")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A LibreOffice profile of its own, holding the editing macro."""
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"
    _soffice(profile, "--terminate_after_init")
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.exists(), "LibreOffice made no Basic library in its new profile"
    module.write_text(_module(MACRO), encoding="utf-8")
    return folder, profile


@pytest.fixture(scope="module")
def edited(office, built):
    folder, profile = office
    source, target = folder / "draft.docx", folder / "edited.docx"
    source.write_bytes(built)
    _soffice(profile, f'macro:///Standard.Module1.Edit("{source}","{target}")')
    error = target.with_name(target.name + ".error")
    assert not error.exists(), error.read_text()
    assert target.exists(), "the macro saved nothing"
    return target.read_bytes()


def statuses(data: bytes, current) -> dict[str, str]:
    return {f.bookmark: f.status for f in check_draft(OpenedDraft(data, "edited.docx"), current).figures if f.status != "current"}


def test_a_draft_edited_in_libreoffice_against_unchanged_data(edited, now, total):
    assert statuses(edited, now) == {"F_da_recorded_baseline__2": "hand-edited", "F_csa_recorded_change_pct": "missing"}
    assert len(figure_bookmarks(edited)) == total
    body = re.findall(rb'w:name="([^"]+)"', dict(read_zip(edited))["word/document.xml"])
    assert b"F_cse_recorded_current_Copy_1" in body  # the copy, renamed by LibreOffice, is not a figure


def test_a_draft_edited_in_libreoffice_against_revised_data(edited, revised):
    expected = {name: "stale" for name in REVISED_STALE}
    expected.update({"F_da_recorded_baseline__2": "hand-edited", "F_csa_recorded_change_pct": "missing",
                     "F_da_recorded_equal_month_1": "unknown"})
    assert statuses(edited, revised) == expected


def test_the_refreshed_draft_read_back_by_libreoffice(office, edited, revised):
    folder, profile = office
    draft = OpenedDraft(edited, "edited.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    (folder / "refreshed.docx").write_bytes(refreshed.data)
    _soffice(profile, "--convert-to", "fodt", "--outdir", str(folder / "odt"), str(folder / "refreshed.docx"))
    _soffice(profile, "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "again"), str(folder / "refreshed.docx"))
    flat = (folder / "odt" / "refreshed.fodt").read_text(encoding="utf-8")
    annotations = re.findall(r"<office:annotation\b.*?</office:annotation>", flat, re.S)
    assert len(annotations) == len(refreshed.flagged) == 4
    assert all("<dc:creator>Narrator</dc:creator>" in a and "the data have changed" in a for a in annotations)
    assert len(re.findall(r"<office:annotation-end\b", flat)) == 4  # each covers its sentence
    assert "A paragraph typed in LibreOffice." in flat and "rising steadily" in flat
    # saved again by LibreOffice, every figure still sits in its bookmark
    again = (folder / "again" / "refreshed.docx").read_bytes()
    assert statuses(again, revised) == {"F_da_recorded_baseline__2": "hand-edited", "F_csa_recorded_change_pct": "missing",
                                        "F_da_recorded_equal_month_1": "unknown"}
