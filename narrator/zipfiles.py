"""Deterministic zip packages: the same parts always give the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; never the clock


def write_zip(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``parts`` (name, content) in the order given, with fixed times and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    """The parts of the zip ``data`` as (name, content), in the archive's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]
