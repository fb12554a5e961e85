"""word/external.py: a house template's external relationships dropped, and what referred to them, so a draft never reaches out."""

from __future__ import annotations

from lxml import etree

from narrator.word.external import drop_external

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LONG = "https://intranet.example/templates/" + "x" * 80 + ".dotm"


def rels(*relationships: tuple[str, str, str, str | None]) -> bytes:
    items = "".join(f'<Relationship Id="{i}" Type="{TYPES}/{kind}" Target="{target}"' + (f' TargetMode="{mode}"' if mode else "") + "/>"
                    for i, kind, target, mode in relationships)
    return f'<Relationships xmlns="{RELS}">{items}</Relationships>'.encode()


MEMBERS = [
    ("word/_rels/document.xml.rels", rels(("rId1", "styles", "styles.xml", None), ("rId2", "hyperlink", "https://example.org/a", "External"))),
    ("word/document.xml", f'<w:document xmlns:w="{W}" xmlns:r="{TYPES}"><w:body><w:p><w:hyperlink r:id="rId2"><w:r><w:t>Our site</w:t></w:r>'
                          "</w:hyperlink></w:p></w:body></w:document>".encode()),
    ("word/_rels/settings.xml.rels", rels(("rId9", "attachedTemplate", LONG, "external"))),
    ("word/settings.xml", f'<w:settings xmlns:w="{W}" xmlns:r="{TYPES}"><w:zoom w:percent="100"/><w:attachedTemplate r:id="rId9"/></w:settings>'.encode()),
    ("word/styles.xml", b"<styles/>"),
]


def test_external_links_are_dropped_with_what_means_nothing_without_them_and_named():
    members, dropped = drop_external(MEMBERS)
    parts = dict(members)
    assert [name for name, _ in members] == [name for name, _ in MEMBERS]  # the same members, in their order
    assert dropped == ["hyperlink https://example.org/a", "attachedTemplate " + LONG[:80] + "…"]
    assert [r.get("Id") for r in etree.fromstring(parts["word/_rels/document.xml.rels"])] == ["rId1"]
    assert list(etree.fromstring(parts["word/_rels/settings.xml.rels"])) == []
    link = etree.fromstring(parts["word/document.xml"]).find(f".//{{{W}}}hyperlink")
    assert link is not None and dict(link.attrib) == {} and "".join(link.itertext()) == "Our site"  # the text kept, the link gone
    settings = etree.fromstring(parts["word/settings.xml"])
    assert [etree.QName(c).localname for c in settings] == ["zoom"]  # the attached template removed whole
    assert parts["word/styles.xml"] == b"<styles/>"


def test_a_package_without_external_links_is_left_as_it_was():
    members = [MEMBERS[0][0:1] + (rels(("rId1", "styles", "styles.xml", None)),), MEMBERS[4]]
    assert drop_external(members) == (members, [])
