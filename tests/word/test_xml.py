"""word/xml.py: WordprocessingML elements built as python-docx builds them, and children kept in schema order."""

from __future__ import annotations

import pytest
from lxml import etree

from narrator.word.xml import get_or_add, insert_ordered, local, parse, run_content, serialize, twips, w

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xml(element) -> str:
    return etree.tostring(element).decode().replace(f' xmlns:w="{W}"', "")


def test_an_element_and_its_attributes():
    assert xml(w("pStyle", val="Heading1")) == '<w:pStyle w:val="Heading1"/>'
    assert xml(w("ind", left=720, hanging=None)) == '<w:ind w:left="720"/>'  # None is left out
    assert xml(w("t", text=" a ", xml_space="preserve")) == '<w:t xml:space="preserve"> a </w:t>'
    reference = w("footerReference", r_id="rId7", type="default")  # r:id is the relationships namespace's
    assert reference.get(f"{{{R}}}id") == "rId7" and reference.get(f"{{{W}}}type") == "default"
    assert xml(w("pPr", w("keepNext"), None, w("jc", val="center"))) == '<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>'


def test_text_as_the_children_of_a_run():
    assert [xml(e) for e in run_content("a\tb\nc")] == ["<w:t>a</w:t>", "<w:tab/>", "<w:t>b</w:t>", "<w:br/>", "<w:t>c</w:t>"]
    assert [xml(e) for e in run_content(" 12,196 ")] == ['<w:t xml:space="preserve"> 12,196 </w:t>']
    assert [xml(e) for e in run_content("(-33.8%)", unbreakable_hyphens=True)] == ["<w:t>(</w:t>", "<w:noBreakHyphen/>", "<w:t>33.8%)</w:t>"]
    assert run_content("") == []


def test_units_names_and_serialisation():
    assert twips(914400) == 1440 and twips(635) == 1  # an inch; a twip
    assert local(w("pPr")) == "pPr"
    assert serialize(parse(f'<w:p xmlns:w="{W}"/>')) == (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                                                        f'<w:p xmlns:w="{W}"/>').encode()


def test_children_go_where_the_schema_wants_them_replacing_one_of_the_same_tag():
    ppr = w("pPr", w("pStyle", val="Body"), w("jc", val="left"))
    insert_ordered(ppr, w("spacing", after=0))  # between pStyle and jc
    insert_ordered(ppr, w("keepNext"))
    insert_ordered(ppr, w("jc", val="center"))  # replaces the old jc
    assert [local(c) for c in ppr] == ["pStyle", "keepNext", "spacing", "jc"] and ppr[3].get(f"{{{W}}}val") == "center"
    assert get_or_add(ppr, "ind") is ppr.find(f"{{{W}}}ind") and [local(c) for c in ppr] == ["pStyle", "keepNext", "spacing", "ind", "jc"]
    assert get_or_add(ppr, "ind") is ppr.find(f"{{{W}}}ind") and len(ppr) == 5  # found, not added again


def test_another_namespaces_children_stay_last_and_a_wrong_child_is_refused():
    settings = w("settings")
    settings.append(etree.Element("{http://schemas.microsoft.com/office/word/2010/wordml}docId"))
    insert_ordered(settings, w("zoom", percent=100))
    assert [local(c) for c in settings] == ["zoom", "docId"]
    with pytest.raises(ValueError, match="^<w:b> is not a child of <w:pPr>$"):
        insert_ordered(w("pPr"), w("b"))
