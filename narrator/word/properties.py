"""Document properties (File → Info in Word) from the report's settings, never the clock.

Contract: :func:`write_properties` replaces ``docProps/core.xml`` and ``docProps/app.xml``
entirely, so nothing of the template's own properties survives (its title, author,
revision count, "python-docx"). Core: title, subject, creator and last-modified-by
(``author``), keywords, created = modified (``created``, an ISO date or datetime; a fixed
date of 2000-01-01 when absent), revision 1. Extended: Application "Narrator" and
Company (``organisation``, when given). ``docProps/custom.xml`` is not touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .package import WordPackage
from .xml import escape

__all__ = ["EPOCH", "parse_date", "write_properties"]

EPOCH = datetime(2000, 1, 1)


def parse_date(value: object) -> datetime:
    """``"YYYY-MM-DD"`` (or a full ISO timestamp, or a date) as a naive UTC datetime."""
    if not value:
        return EPOCH
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        when = datetime(value.year, value.month, value.day)
    else:
        when = datetime.fromisoformat(str(value))
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


def _element(tag: str, value: str, attributes: str = "") -> str:
    return f"<{tag}{attributes}>{escape(value)}</{tag}>" if value else ""


def write_properties(package: WordPackage, properties: Mapping[str, object], title: str) -> None:
    """Set the core and extended properties of ``package`` from ``properties``."""

    def text(key: str) -> str:
        value = properties.get(key)
        return "" if value is None else " ".join(str(value).split())

    created = parse_date(properties.get("created")).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = text("author")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + _element("dc:title", text("title") or " ".join(title.split()))
        + _element("dc:subject", text("subject"))
        + _element("dc:creator", author)
        + _element("cp:keywords", text("keywords"))
        + _element("cp:lastModifiedBy", author)
        + "<cp:revision>1</cp:revision>"
        + _element("dcterms:created", created, ' xsi:type="dcterms:W3CDTF"')
        + _element("dcterms:modified", created, ' xsi:type="dcterms:W3CDTF"')
        + "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Narrator</Application><DocSecurity>0</DocSecurity>"
        + _element("Company", text("organisation"))
        + "</Properties>"
    )
    package.replace_blob(RT.CORE_PROPERTIES, CT.OPC_CORE_PROPERTIES, "/docProps/core.xml", core.encode("utf-8"))
    package.replace_blob(RT.EXTENDED_PROPERTIES, CT.OFC_EXTENDED_PROPERTIES, "/docProps/app.xml", app.encode("utf-8"))
