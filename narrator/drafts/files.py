"""Writing drafts safely: never a half-written file, never a lost edit.

Every draft Narrator writes carries a fingerprint of what it wrote:

* a Word draft, in a custom document property ``NarratorFingerprint``
  (``docProps/custom.xml``): ``sha256:`` and the hash of every part of the package outside
  ``docProps/`` (the text, tables, styles, numbering, customXml parts…), taken in name order;
* a Markdown draft, in a last line ``<!-- narrator-fingerprint: sha256:… -->`` holding the
  hash of everything above it.

Before a draft is written over an existing file, :func:`check_overwrite` reads that file's
fingerprint and hashes its content again. An unchanged Narrator draft is replaced; a file
whose content no longer matches its fingerprint (the analyst edited it, or Word saved it:
Word keeps custom properties but rewrites the document on every save) or a file with no
fingerprint at all (not Narrator's) is refused, unless ``force`` is given. An empty file
holds no work and is replaced.

A Word draft written by ``narrator refresh`` holds the analyst's edits: its fingerprint is
marked ``refreshed:`` (:func:`stamp` with ``refreshed=True``), and such a draft is never
replaced by a build, even while unchanged (state ``refreshed``).

:func:`write_atomically` writes through a temporary file in the same folder and renames it
into place, so a crash or a full disk leaves the old file as it was;
:func:`replace_keeping_backup` first copies the file it replaces to a free name beside it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import InputError, NarratorError
from ..zipfiles import add_override, add_relationship, read_zip, related, write_zip

PROPERTY = "NarratorFingerprint"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Word gives user-defined properties
MARKDOWN_LINE = re.compile(rb"<!-- narrator-fingerprint: (sha256:[0-9a-f]{64}) -->[ \t]*\r?\n?\Z")
ADVICE = "use --out to write the new draft elsewhere, or --force to replace it"
REFRESHED = "refreshed:"  # the fingerprint of a draft `narrator refresh` wrote starts so


class DraftProtected(InputError):
    """The file at the output path holds work that writing the draft would destroy."""


class WriteFailed(NarratorError):
    """The operating system refused the write (full disk, no permission); the old file is intact."""


# --------------------------------------------------------------------------- stamping


def stamp(data: bytes, fmt: str, *, refreshed: bool = False) -> bytes:
    """``data`` (a rendered draft of format ``fmt``) carrying its fingerprint.

    ``refreshed``: a Word draft written by ``narrator refresh``, which a build never replaces.
    """
    if fmt == "docx":
        return stamp_docx(data, refreshed=refreshed)
    if fmt == "md":
        return stamp_markdown(data)
    return data


def stamp_markdown(data: bytes) -> bytes:
    body = data if not data or data.endswith(b"\n") else data + b"\n"
    return body + b"<!-- narrator-fingerprint: " + _sha256(body).encode() + b" -->\n"


def stamp_docx(data: bytes, *, refreshed: bool = False) -> bytes:
    """The .docx ``data`` with the fingerprint property; deterministic, any valid package.

    ``_rels/.rels`` and ``[Content_Types].xml`` gain the custom-properties relationship and
    type if they lack them; ``docProps/custom.xml`` is created, or keeps its other properties.
    No other part is touched. Members keep their order, with fixed timestamps.
    """
    members = read_zip(data)
    names = [name for name, _ in members]
    parts = dict(members)
    custom = _custom_part_name(parts) or CUSTOM_PART
    if _custom_part_name(parts) is None:
        parts["_rels/.rels"] = add_relationship(parts["_rels/.rels"], CUSTOM_REL, custom)
    parts["[Content_Types].xml"] = add_override(parts["[Content_Types].xml"], custom, CUSTOM_TYPE)
    fingerprint = (REFRESHED if refreshed else "") + _docx_fingerprint(parts)
    parts[custom] = _custom_properties(parts.get(custom), fingerprint)
    if custom not in names:
        names.append(custom)
    return write_zip((name, parts[name]) for name in names)


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _docx_fingerprint(parts: dict[str, bytes]) -> str:
    """The hash of every part outside docProps/, in name order, each with its name and length."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name.startswith("docProps/"):
            continue
        content = parts[name]
        digest.update(name.encode("utf-8") + b"\0" + len(content).to_bytes(8, "big") + content)
    return "sha256:" + digest.hexdigest()


def _custom_part_name(parts: dict[str, bytes]) -> str | None:
    """The zip name of the custom-properties part the package relationships point to, if any."""
    return related(parts.get("_rels/.rels"), CUSTOM_REL)


def _custom_properties(existing: bytes | None, fingerprint: str) -> bytes:
    """custom.xml holding ``fingerprint`` as the NarratorFingerprint property, others kept."""
    if existing:
        root = etree.fromstring(existing)
        for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
            if prop.get("name") == PROPERTY:
                root.remove(prop)
    else:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    pids = [int(p.get("pid")) for p in root.findall(f"{{{CUSTOM_NS}}}property") if (p.get("pid") or "").isdigit()]
    prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=FMTID, pid=str(max(pids, default=1) + 1), name=PROPERTY)
    etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = fingerprint
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- checking


def draft_state(path: Path) -> str:
    """What is at ``path``: absent, empty, unchanged (a Narrator draft as written), refreshed
    (a Word draft ``narrator refresh`` wrote, unchanged since), changed, or foreign."""
    path = Path(path)
    if not path.exists():
        return "absent"
    content = path.read_bytes()
    if not content:
        return "empty"
    if zipfile.is_zipfile(io.BytesIO(content)):
        return _docx_state(content)
    return markdown_state(content)


def markdown_state(content: bytes) -> str:
    """A Markdown draft's state: unchanged, changed, or foreign (no fingerprint line)."""
    match = MARKDOWN_LINE.search(content)
    if match is None:
        return "foreign"
    return "unchanged" if _sha256(content[: match.start()]) == match.group(1).decode() else "changed"


def strip_markdown_fingerprint(content: bytes) -> bytes:
    """A Markdown draft without its fingerprint line."""
    match = MARKDOWN_LINE.search(content)
    return content if match is None else content[: match.start()]


def _docx_state(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = {info.filename: package.read(info) for info in package.infolist()}
        custom = _custom_part_name(parts)
        if custom is None or custom not in parts:
            return "foreign"
        root = etree.fromstring(parts[custom])
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError, OSError):
        return "foreign"
    recorded = None
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        if prop.get("name") == PROPERTY:
            recorded = "".join(prop.itertext()).strip()
    if recorded is None:
        return "foreign"
    if recorded.startswith(REFRESHED):
        return "refreshed" if recorded[len(REFRESHED):] == _docx_fingerprint(parts) else "changed"
    return "unchanged" if recorded == _docx_fingerprint(parts) else "changed"


def check_overwrite(path: Path, *, force: bool = False) -> None:
    """Raise DraftProtected unless writing ``path`` loses nothing (or ``force`` is given)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; --out must name a file")
    if force:
        return
    try:
        state = draft_state(path)
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be read to check it is safe to replace ({error.strerror or error})") from None
    if state == "changed":
        raise DraftProtected(f"{path}: edited since Narrator wrote it, so it was not overwritten; {ADVICE}")
    if state == "refreshed":
        raise DraftProtected(
            f"{path}: written by narrator refresh, so it holds your edits, and it was not overwritten; {ADVICE}"
        )
    if state == "foreign":
        raise DraftProtected(
            f"{path}: not a draft Narrator wrote (it carries no Narrator fingerprint), so it was not overwritten; {ADVICE}"
        )


def write_draft(path: Path, data: bytes, fmt: str, *, force: bool = False) -> None:
    """Stamp ``data`` with its fingerprint and write it to ``path``, never over an analyst's work."""
    check_overwrite(path, force=force)
    write_atomically(path, stamp(data, fmt))


# --------------------------------------------------------------------------- writing


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteFailed(f"{path}: cannot write in {folder} ({error.strerror or error})") from None
    try:
        os.chmod(temporary, _mode_for(path))  # mkstemp makes 0600; a draft is an ordinary file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        kept = "the file already there is unchanged" if path.exists() else "nothing was written"
        raise WriteFailed(f"{path}: could not be written ({error.strerror or error}); {kept}") from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def backup_path(path: Path) -> Path:
    """A free name beside ``path`` for a copy of it: ``report.backup.docx``, ``report.backup-2.docx`` …"""
    path = Path(path)
    number = 1
    while True:
        candidate = path.with_name(f"{path.stem}.backup{'' if number == 1 else f'-{number}'}{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def replace_keeping_backup(path: Path, data: bytes) -> Path:
    """Write ``data`` over ``path`` after copying the file there to :func:`backup_path`; return the backup."""
    path = Path(path)
    try:
        old = path.read_bytes()
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be read to keep a backup ({error.strerror or error}); nothing was written") from None
    backup = backup_path(path)
    write_atomically(backup, old)
    write_atomically(path, data)
    return backup


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or what a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
