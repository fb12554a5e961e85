"""drafts/mapstore.py: the figure map kept a second time in the custom properties, read back whole or not at all."""

from __future__ import annotations

import base64
import re
import zlib

from narrator.drafts.files import custom_part_name
from narrator.drafts.mapstore import CHUNK, PREFIX, map_properties, stored_map
from narrator.zipfiles import read_zip

from .editing import figure_map


def properties_xml(parts: dict[str, bytes]) -> str:
    return parts[custom_part_name(parts)].decode("utf-8")


def with_xml(parts: dict[str, bytes], xml: str) -> dict[str, bytes]:
    return {**parts, custom_part_name(parts): xml.encode("utf-8")}


def test_the_map_is_in_numbered_chunks_of_at_most_255_characters_of_deflated_base64(built):
    properties = map_properties(figure_map(built))
    names = list(properties)
    assert names[:3] == ["NarratorMap001", "NarratorMap002", "NarratorMap003"] and PREFIX == "NarratorMap" and CHUNK == 255
    assert names == [f"NarratorMap{n:03d}" for n in range(1, len(names) + 1)]
    assert all(len(value) == 255 for value in list(properties.values())[:-1]) and 0 < len(properties[names[-1]]) <= 255
    assert zlib.decompress(base64.b64decode("".join(properties.values()))) == figure_map(built).to_xml()


def test_a_built_draft_keeps_the_same_map_in_its_properties(built):
    parts = dict(read_zip(built))
    assert stored_map(parts).to_xml() == figure_map(built).to_xml()
    assert properties_xml(parts).count('name="NarratorMap') == len(map_properties(figure_map(built)))


def test_a_partly_kept_or_damaged_copy_is_never_half_used(built):
    parts = dict(read_zip(built))
    xml = properties_xml(parts)
    assert stored_map(with_xml(parts, xml.replace('name="NarratorMap002"', 'name="Other"'))) is None  # a chunk missing
    damaged = re.sub(r'(name="NarratorMap001"[^>]*>\s*<[^>]+>)(.)', lambda m: m.group(1) + ("A" if m.group(2) != "A" else "B"), xml, count=1)
    assert damaged != xml and stored_map(with_xml(parts, damaged)) is None  # does not inflate, or not to a map
    assert stored_map(with_xml(parts, "<not xml")) is None
    assert stored_map({name: data for name, data in parts.items() if name != custom_part_name(parts)}) is None
