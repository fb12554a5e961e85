"""word/styles.py: the styles a draft uses, found in a house template by name in any case, or copied in from the default."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.word.styles import StyleSheet, TemplateStyleError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def sheet(*styles: str) -> StyleSheet:
    return StyleSheet(etree.fromstring(f'<w:styles xmlns:w="{W}">' + "".join(styles) + "</w:styles>"), "house.dotx")


def style(kind: str, style_id: str, name: str) -> str:
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/></w:style>'


def test_a_template_style_is_found_by_its_name_in_any_case_under_its_own_id():
    styles = sheet(style("paragraph", "berschrift1", "heading 1"))  # Word's German id for a built-in name
    assert styles.require("Heading 1") == "berschrift1" and styles.added == []


def test_a_missing_style_is_copied_from_the_default_with_the_styles_it_refers_to():
    styles = sheet(style("paragraph", "Heading2", "My own heading"))  # its id is taken
    new_id = styles.require("Heading 2")
    assert new_id == "Heading22" and styles.added == ["heading 2", "Normal", "Numbered Paragraph 3"]
    copied = styles.by_id(new_id)
    assert copied.find(qn("w:basedOn")).get(qn("w:val")) == "Normal"
    assert copied.find(qn("w:next")).get(qn("w:val")) == "NumberedParagraph3"
    assert styles.require("heading 2") == new_id and len(styles.added) == 3  # copied once


def test_a_style_of_another_kind_is_the_one_thing_that_cannot_be_repaired():
    with pytest.raises(TemplateStyleError) as caught:
        sheet(style("character", "Caption", "Caption")).require("Caption")
    assert str(caught.value) == ("house.dotx: the style 'Caption' is a character style; Narrator needs a paragraph style of that "
                                 "name: rename or delete it in the template (Narrator then adds its own)")


def test_look_ups_and_properties():
    styles = sheet(style("paragraph", "Body", "Body Text"))
    with pytest.raises(ValueError, match="^the default template has no style 'No such style'$"):
        styles.require("No such style")
    with pytest.raises(KeyError):
        styles.element_of("Missing")
    assert styles.find("body text") is styles.by_id("Body") and styles.find("Other") is None
    ppr = styles.paragraph_properties("Body")
    assert ppr.tag == qn("w:pPr") and styles.paragraph_properties("Body") is ppr
