"""A house template (--template house.docx): its styles, page set-up, headers and footers carry over."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, RGBColor

from narrator.document.numbering import format_number
from narrator.errors import InputError
from narrator.writers import WriterOptions, render_docx
from narrator.word import TemplateStyleError, figure_bookmarks
from word.wordxml import out_of_order

from writers import sample_document
from .wordxml import Package, W, paragraph_style, text, top_paragraphs, word_numbers

STRAPLINE = "Creating a safer Cambridgeshire"


def png(width: int = 8, height: int = 4) -> bytes:
    """A small valid PNG, a logo stand-in."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    rows = b"".join(b"\x00" + b"\x1f\x3a\x93" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def make_house_template(path: Path, *, note_as_character_style: bool = False) -> Path:
    """A force's letterhead as python-docx makes it: strap line and logo in the header,
    A4 with 2 cm side margins, Georgia headings in navy."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(3)
    header = section.header.paragraphs[0]
    header.text = STRAPLINE
    header.add_run().add_picture(io.BytesIO(png()), width=Cm(3))
    section.footer.paragraphs[0].text = "OFFICIAL"
    heading = document.styles["Heading 1"]
    fonts = heading.element.rPr.find(qn("w:rFonts"))
    fonts.attrib.clear()  # theme fonts would win over a named font
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    if note_as_character_style:
        document.styles.add_style("Note", WD_STYLE_TYPE.CHARACTER)
    document.add_paragraph("The template's own body text, which the draft must not keep.")
    document.save(path)
    return path


@pytest.fixture(scope="module")
def house(tmp_path_factory) -> Path:
    return make_house_template(tmp_path_factory.mktemp("house") / "house.docx")


@pytest.fixture(scope="module")
def data(house) -> bytes:
    return render_docx(sample_document(), WriterOptions(reference=house))


@pytest.fixture(scope="module")
def package(data) -> Package:
    return Package(data)


def test_the_draft_keeps_the_header_with_strap_line_and_logo(package):
    word = docx.Document(io.BytesIO(package.data))
    section = word.sections[0]
    assert section.header.paragraphs[0].text == STRAPLINE
    assert section.footer.paragraphs[0].text == "OFFICIAL"
    assert any(name.startswith("word/media/") for name in package.names())


def test_the_strap_line_the_header_shows_is_not_repeated_in_the_body(package):
    first = top_paragraphs(package)[0]
    assert text(first) == "To:\tBusiness Coordination Board"
    assert all(STRAPLINE not in text(p).replace("\n", " ") for p in top_paragraphs(package))


def test_the_template_body_is_cleared(package):
    assert all("template's own body" not in text(p) for p in top_paragraphs(package))


def test_the_draft_keeps_the_page_set_up(package):
    section = docx.Document(io.BytesIO(package.data)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.0
    assert round(section.top_margin.cm, 2) == 3.0
    widths = [int(c.get(qn("w:w"))) for c in package.body.find(qn("w:tbl")).iter(qn("w:gridCol"))]
    assert abs(sum(widths) - round((Mm(210) - 2 * Cm(2)) / 635)) <= 1  # tables fit the house margins


def test_the_draft_keeps_the_house_heading_font_and_numbers_the_headings(package):
    heading = package.style_named("heading 1")
    fonts = heading.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:ascii")) == "Georgia"
    assert heading.find(f"{W}rPr/{W}color").get(qn("w:val")) == "1F3864"
    assert heading.find(f"{W}pPr/{W}numPr") is None  # the number is text, never the house list's too
    shown = [n for _, n in word_numbers(package) if n]
    blocks = [b for b in sample_document().blocks if getattr(b, "numbered", False) and not hasattr(b, "rows")]
    assert shown == [format_number(b.number) for b in blocks]


def test_styles_the_template_lacks_are_added_from_the_default(package):
    for name in ("Numbered Paragraph 2", "Numbered Paragraph 3", "Report Table", "Memo", "Note", "footnote text",
                 "footnote reference", "Table Text"):
        assert package.style_named(name) is not None, name
    # the house's own Caption and Title are used, not replaced
    assert len([s for s in package.styles.iter(qn("w:style")) if s.find(qn("w:name")).get(qn("w:val")).casefold() == "caption"]) == 1
    # an added style names no font: it takes the house's
    assert package.style_named("Numbered Paragraph 3").find(f".//{W}rFonts") is None


def test_every_part_keeps_schema_order(package):
    for name in package.names():
        if name.startswith("word/") and name.endswith(".xml") and "media" not in name:
            assert list(out_of_order(package.xml(name))) == [], name


def test_nothing_of_the_template_says_python_docx(package):
    for name in package.names():
        assert b"python-docx" not in package.zip.read(name).lower(), name
    assert "word/stylesWithEffects.xml" not in package.names()
    assert "docProps/thumbnail.jpeg" not in package.names()


def test_the_figure_map_joins_the_template_s_own_custom_xml(package):
    items = sorted(n for n in package.names() if re.fullmatch(r"customXml/item\d+\.xml", n))
    assert items == ["customXml/item1.xml", "customXml/item2.xml"]  # the template's bibliography, then ours
    assert len(figure_bookmarks(package.data)) == 8


def test_same_template_same_bytes(house, data):
    assert render_docx(sample_document(), WriterOptions(reference=house)) == data


def test_a_template_style_of_the_wrong_kind_is_named(tmp_path):
    house = make_house_template(tmp_path / "house.docx", note_as_character_style=True)
    with pytest.raises(TemplateStyleError, match=r"house\.docx: the style 'Note' is a character style") as raised:
        render_docx(sample_document(), WriterOptions(reference=house))
    assert isinstance(raised.value, InputError)


def test_a_file_that_is_not_a_word_document_is_an_input_error(tmp_path):
    fake = tmp_path / "house.docx"
    fake.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match=r"house\.docx: not a Word document"):
        render_docx(sample_document(), WriterOptions(reference=fake))


def test_a_dotx_template_is_taken(house, tmp_path, data):
    source = zipfile.ZipFile(house)
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(dotx, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(member, content)
    assert render_docx(sample_document(), WriterOptions(reference=dotx)) == data


def test_an_earlier_draft_as_template_leaves_one_figure_map(tmp_path):
    earlier = tmp_path / "earlier.docx"
    earlier.write_bytes(render_docx(sample_document()))
    package = Package(render_docx(sample_document(), WriterOptions(reference=earlier)))
    items = [n for n in package.names() if re.fullmatch(r"customXml/item\d+\.xml", n)]
    assert items == ["customXml/item1.xml"]
    assert len(figure_bookmarks(package.data)) == 8
    linked = [p.get(qn("w:val")) for p in package.xml("word/numbering.xml").iter(qn("w:pStyle"))]
    assert linked == []  # no list numbers the headings: their numbers are text
    shown = [n for _, n in word_numbers(package) if n]
    assert shown == ["1.", "1.1", "2.", "2.1", "2.2", "2.2.1", "2.2.2"]
    assert [paragraph_style(p) for p in top_paragraphs(package)][:1] == ["Strapline"]


def test_styles_the_template_lacks_are_reported_by_name(house):
    notes = []
    render_docx(sample_document(), WriterOptions(reference=house, notify=notes.append))
    assert notes == [
        f"{house} has no style 'Numbered Paragraph 1', 'Numbered Paragraph 2', 'Numbered Paragraph 3', "
        "'Numbered Paragraph 4', 'Strapline', 'Memo', 'Note', 'Table Caption', 'Table Text', 'footnote text', "
        "'footnote reference', 'Report Table'; the draft uses Narrator's own for them"
    ]


def test_the_default_template_needs_no_report():
    notes = []
    render_docx(sample_document(), WriterOptions(notify=notes.append))
    assert notes == []


# --------------------------------------------------------------------------- hostile templates


def _edited(source: Path, target: Path, edits: dict[str, object]) -> Path:
    """``source`` with members replaced (bytes), edited (a function of the bytes) or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            content = old.read(member)
            edit = edits.pop(member.filename, None)
            new.writestr(member, edit(content) if callable(edit) else content if edit is None else edit)
        for name, content in edits.items():
            new.writestr(name, content)
    return target


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
ATTACHED = (f'<Relationship Id="rIdT" Type="{R}/attachedTemplate" Target="https://templates.example/macros.dotm" '
            'TargetMode="External"/></Relationships>')
LINKED = (f'<Relationship Id="rIdL" Type="{R}/image" Target="\\\\server\\share\\logo.png" TargetMode="External"/>'
          '</Relationships>')


def test_external_links_of_a_dotx_are_dropped_with_a_line(house, tmp_path):
    def settings(xml: bytes) -> bytes:
        return xml.replace(b"</w:settings>", f'<w:attachedTemplate xmlns:r="{R}" r:id="rIdT"/></w:settings>'.encode())

    def footer(xml: bytes) -> bytes:  # the footer's picture linked from a share instead of embedded
        return xml.replace(b"</w:p>", f'<w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                                      f'xmlns:r="{R}" r:link="rIdL"/></w:drawing></w:r></w:p>'.encode(), 1)

    with zipfile.ZipFile(house) as source:
        names = source.namelist()
    footer_name = next(n for n in names if re.fullmatch(r"word/footer\d*\.xml", n))
    footer_rels = footer_name.replace("word/", "word/_rels/") + ".rels"
    edits = {
        "[Content_Types].xml": lambda xml: xml.replace(b"document.main+xml", b"template.main+xml"),
        "word/settings.xml": settings,
        footer_name: footer,
        "word/_rels/settings.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{RELS}">{ATTACHED}'.encode(),
    }
    if footer_rels in names:
        edits[footer_rels] = lambda xml: xml.replace(b"</Relationships>", LINKED.encode())
    else:
        edits[footer_rels] = f'<?xml version="1.0"?><Relationships xmlns="{RELS}">{LINKED}'.encode()
    dotx = _edited(house, tmp_path / "house.dotx", edits)
    told: list[str] = []
    data = render_docx(sample_document(), WriterOptions(reference=dotx, notify=told.append))
    assert told[0] == (f"{dotx}: 2 external links dropped from the template (attachedTemplate https://templates.example/macros.dotm; "
                       "image \\\\server\\share\\logo.png), since Word would fetch them when the draft is opened")
    with zipfile.ZipFile(io.BytesIO(data)) as draft:
        everything = b"".join(draft.read(name) for name in draft.namelist())
        assert b"External" not in everything and b"macros.dotm" not in everything and b"logo.png" not in everything
        assert b"attachedTemplate" not in draft.read("word/settings.xml")
        assert b'r:link="rIdL"' not in draft.read(footer_name)
    docx.Document(io.BytesIO(data))  # still a package python-docx (so Word) opens


def test_a_dtd_in_a_template_s_footer_is_one_line(house, tmp_path):
    with zipfile.ZipFile(house) as source:
        footer_name = next(n for n in source.namelist() if re.fullmatch(r"word/footer\d*\.xml", n))
    hostile = _edited(house, tmp_path / "house.docx", {
        footer_name: lambda xml: xml.replace(b"?>", b'?><!DOCTYPE w:ftr [<!ENTITY big "OFFICIAL">]>', 1)})
    with pytest.raises(InputError) as caught:
        render_docx(sample_document(), WriterOptions(reference=hostile))
    assert str(caught.value) == (f"{hostile}: the part '{footer_name}' declares a DTD (<!DOCTYPE …>), which Narrator never reads "
                                 "(its entities could insert or multiply text); save the file again from the program that made it")


@pytest.mark.slow  # a fresh interpreter, memory measured
def test_a_template_whose_unused_member_is_a_bomb(house, tmp_path):
    from conftest import copy_example
    from hostile import MEMORY_MB, run_narrator
    from test_reading import bomb

    hostile = bomb(tmp_path / "house.dotx", base=house.read_bytes(), name="unused/bomb.xml")
    declared = sum(info.file_size for info in zipfile.ZipFile(hostile).infolist())
    copy_example(tmp_path)
    code, err, peak = run_narrator("build", "--data", "data", "--template", "house.dotx", "--out", "r.docx", cwd=tmp_path)
    assert (code, err) == (2, f"narrator: house.dotx: not a Word document (.docx or .dotx) that Narrator can read "
                              f"(its parts would unpack to {declared / 2**20:,.0f} MB, more than the 64 MB Narrator unpacks from one file)")
    assert peak < MEMORY_MB and not (tmp_path / "r.docx").exists()
    assert hostile.exists()
