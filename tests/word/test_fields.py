"""word/fields.py: a complex field as the five runs Word writes, showing the value Word would compute."""

from __future__ import annotations

from lxml import etree

from narrator.word.fields import field_runs, noteref, page, seq
from narrator.word.xml import w

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def shape(runs) -> list[str]:
    """Each run as what it holds: a field character's type, the instruction, or the result's text."""
    said = []
    for run in runs:
        child = [c for c in run if c.tag != W + "rPr"][0]
        said.append(child.get(W + "fldCharType") or child.text)
    return said


def test_a_field_is_begin_instruction_separate_result_end():
    assert shape(field_runs("SEQ Table \\* ARABIC", "3")) == ["begin", " SEQ Table \\* ARABIC ", "separate", "3", "end"]
    instruction = field_runs("PAGE", "1")[1].find(W + "instrText")
    assert instruction.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_every_run_carries_its_own_copy_of_the_format():
    rpr = w("rPr")
    rpr.append(w("b"))
    runs = field_runs("PAGE", "1", rpr)
    copies = [run.find(W + "rPr") for run in runs]
    assert all(etree.tostring(c) == etree.tostring(rpr) for c in copies) and len({id(c) for c in copies}) == 5
    assert all(run.find(W + "rPr") is None for run in field_runs("PAGE", "1"))


def test_captions_footnote_references_and_pages():
    assert shape(seq("Figure", 2)) == ["begin", " SEQ Figure \\* ARABIC ", "separate", "2", "end"]
    assert shape(noteref("_Ref7", 4)) == ["begin", " NOTEREF _Ref7 \\f \\h ", "separate", "4", "end"]
    assert shape(page()) == ["begin", " PAGE ", "separate", "1", "end"]
