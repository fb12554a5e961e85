"""The figure map kept a second time, in the draft's custom document properties, where round trips keep it.

Contract. Word and LibreOffice keep a .docx's custom XML part (the map, :mod:`narrator.word.figuremap`)
when they save a .docx, but LibreOffice drops it when the draft goes through .odt or .doc and
back, while it keeps custom document properties in both (in the .odt's meta, in the .doc's
summary information). So :func:`map_properties` gives the map, deflated and in base64, as
properties ``NarratorMap001``, ``NarratorMap002`` … of at most :data:`CHUNK` characters each
(the length Word lets a property's value have), and :func:`stored_map` reads it back from a
package's parts, or gives None when there is none or it does not read as a map (a damaged or
partly kept copy is never half-used).
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Mapping

from lxml import etree

from ..word.figuremap import FigureMap, is_figure_map
from .files import CUSTOM_NS, custom_part_name

__all__ = ["CHUNK", "PREFIX", "map_properties", "stored_map"]

PREFIX = "NarratorMap"
CHUNK = 255
LIMIT = 64 << 20  # the most a stored map may inflate to


def map_properties(figure_map: FigureMap, xml: bytes | None = None) -> dict[str, str]:
    """The map as properties (name → text), in order; ``xml``: the map's part, if written already."""
    blob = base64.b64encode(zlib.compress(figure_map.to_xml() if xml is None else xml, 9)).decode("ascii")
    return {f"{PREFIX}{number:03d}": blob[start:start + CHUNK] for number, start in enumerate(range(0, len(blob), CHUNK), start=1)}


def stored_map(parts: Mapping[str, bytes]) -> FigureMap | None:
    """The map kept in the package's custom properties, if a whole one is there."""
    name = custom_part_name(parts)
    if name is None or name not in parts:
        return None
    try:
        root = etree.fromstring(parts[name])
    except etree.XMLSyntaxError:
        return None
    chunks = {}
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        key = prop.get("name") or ""
        if key.startswith(PREFIX) and key[len(PREFIX):].isdigit():
            chunks[int(key[len(PREFIX):])] = "".join(prop.itertext()).strip()
    if not chunks or sorted(chunks) != list(range(1, len(chunks) + 1)):
        return None
    try:
        inflater = zlib.decompressobj()
        xml = inflater.decompress(base64.b64decode("".join(chunks[n] for n in sorted(chunks)), validate=True), LIMIT)
        if inflater.unconsumed_tail or not inflater.eof or not is_figure_map(xml):
            return None
        return FigureMap.from_xml(xml)
    except (binascii.Error, zlib.error, ValueError, etree.XMLSyntaxError):
        return None
