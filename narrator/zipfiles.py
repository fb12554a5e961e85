"""Deterministic zip packages: the same parts always give the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; never the clock


_RECENT: dict[bytes, list[tuple[str, bytes]]] = {}  # the last packages written, with their parts
RECENT = 4


def write_zip(parts: Iterable[tuple[str, bytes]], *, compress: bool = True) -> bytes:
    """A zip of ``parts`` (name, content) in the order given, with fixed times and attributes;
    ``compress=False`` stores them as they are (a package about to be stamped, and zipped again)."""
    parts = list(parts)
    data = _write(parts, zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
    if len(_RECENT) >= RECENT:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[data] = parts  # read_zip of a package just written here need not inflate it again
    return data


def _write(parts: list[tuple[str, bytes]], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=TIMESTAMP)
            info.compress_type = method
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=6 if method == zipfile.ZIP_DEFLATED else None)
    return out.getvalue()


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    """The parts of the zip ``data`` as (name, content), in the archive's order."""
    recent = _RECENT.get(data)
    if recent is not None:
        return list(recent)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]
