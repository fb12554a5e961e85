"""Writing drafts safely: never a half-written file, never a lost edit.

Every draft Narrator writes carries a fingerprint of what it wrote:

* a Word draft, in a custom document property ``NarratorFingerprint``
  (``docProps/custom.xml``): ``sha256:`` and the hash of every part of the package outside
  ``docProps/`` (the text, tables, styles, numbering, customXml parts…), taken in name order;
* a Markdown draft, a web page, and each chart image (SVG) beside a Markdown draft, in a last line
  ``<!-- narrator-fingerprint: sha256:… -->`` holding the hash of everything above it;
* a PDF, in a last comment line ``%narrator-fingerprint: sha256:…``, the same way.

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
into place, so a crash or a full disk leaves the old file as it was. :func:`write_draft` does
the same for a draft and its attachments together: every file is checked first, every
temporary file written next, and only then are they renamed into place, the main file last,
so a failed build changes none of them and the draft never links to a missing image.
:func:`replace_keeping_backup` first copies the file it replaces to a free name beside it.

The output path must be an ordinary file, or a name for one: a symbolic link is followed, and the
draft is written to the file it names, with the same checks (the link itself stays as it was).
A folder, a device, a named pipe or a socket is refused before anything is opened, so Narrator
never blocks on one or puts a file in its place; so is a folder Narrator may not write in.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from lxml import etree

from ..errors import InputError, NarratorError
from ..reading import NotAFile, Unreadable, read_bytes, read_members, shortened
from .temporary import NAME_MAX, create, release, remove_stale
from ..zipfiles import add_override, add_relationship, read_zip, related, write_zip

PROPERTY = "NarratorFingerprint"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Word gives user-defined properties
PDF_LINE = re.compile(rb"%narrator-fingerprint: (sha256:[0-9a-f]{64})\r?\n?\Z")
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
    if fmt in ("md", "svg", "html"):
        return stamp_markdown(data)  # an HTML comment, as in Markdown and SVG
    if fmt == "pdf":
        return stamp_pdf(data)
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
    return _with_properties(data, lambda parts: {PROPERTY: (REFRESHED if refreshed else "") + _docx_fingerprint(parts)}, PROPERTY)


def set_properties(data: bytes, values: Mapping[str, str], replacing: str, *, compress: bool = True) -> bytes:
    """The .docx ``data`` with the custom document properties ``values`` (text), every property whose
    name starts with ``replacing`` taken away first; as :func:`stamp_docx`, no other part touched.
    ``compress=False``: the members stored, for a package about to be stamped (and deflated then)."""
    return _with_properties(data, lambda parts: values, replacing, compress)


def _with_properties(data: bytes, values_of, replacing: str, compress: bool = True) -> bytes:
    members = read_zip(data)
    names = [name for name, _ in members]
    parts = dict(members)
    custom = custom_part_name(parts) or CUSTOM_PART
    if custom_part_name(parts) is None:
        parts["_rels/.rels"] = add_relationship(parts["_rels/.rels"], CUSTOM_REL, custom)
    parts["[Content_Types].xml"] = add_override(parts["[Content_Types].xml"], custom, CUSTOM_TYPE)
    parts[custom] = _custom_properties(parts.get(custom), values_of(parts), replacing)
    if custom not in names:
        names.append(custom)
    return write_zip(((name, parts[name]) for name in names), compress=compress)


def stamp_pdf(data: bytes) -> bytes:
    """A PDF with its fingerprint as a last comment line, after ``%%EOF`` (readers look for the end
    marker in the last kilobyte, and skip comments)."""
    body = data if data.endswith(b"\n") else data + b"\n"
    return body + b"%narrator-fingerprint: " + _sha256(body).encode() + b"\n"


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


def custom_part_name(parts: dict[str, bytes]) -> str | None:
    """The zip name of the custom-properties part the package relationships point to, if any."""
    return related(parts.get("_rels/.rels"), CUSTOM_REL)


def _custom_properties(existing: bytes | None, values: Mapping[str, str], replacing: str) -> bytes:
    """custom.xml holding ``values`` as properties, those named ``replacing…`` taken away first, others kept."""
    if existing:
        root = etree.fromstring(existing)
        old = [prop for prop in root.findall(f"{{{CUSTOM_NS}}}property") if (prop.get("name") or "").startswith(replacing)]
        if [(prop.get("name"), "".join(prop.itertext())) for prop in old] == list(values.items()):
            return existing  # the same values: the same bytes
        for prop in old:
            root.remove(prop)
    else:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    pids = [int(p.get("pid")) for p in root.findall(f"{{{CUSTOM_NS}}}property") if (p.get("pid") or "").isdigit()]
    for number, (name, value) in enumerate(values.items(), start=max(pids, default=1) + 1):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=FMTID, pid=str(number), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- checking


def draft_state(path: Path) -> str:
    """What is at ``path``: absent, empty, unchanged (a Narrator draft as written), refreshed
    (a Word draft ``narrator refresh`` wrote, unchanged since), changed, or foreign.

    Anything but an ordinary file (a device, a named pipe) is foreign, and is never opened.
    """
    path = Path(path)
    if not path.exists():
        return "absent"
    try:
        content = read_bytes(path)  # an ordinary file, bounded (reading.py)
    except NotAFile:
        return "foreign"  # a pipe, a device, or larger than any draft: never Narrator's, never read
    except Unreadable as error:
        raise error.oserror from None
    if not content:
        return "empty"
    if zipfile.is_zipfile(io.BytesIO(content)):
        return _docx_state(content)
    if content.startswith(b"%PDF-"):
        return _pdf_state(content)
    return markdown_state(content)


def _pdf_state(content: bytes) -> str:
    match = PDF_LINE.search(content)
    if match is None:
        return "foreign"
    return "unchanged" if _sha256(content[: match.start()]) == match.group(1).decode() else "changed"


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
        parts = dict(read_members(content, "the draft"))  # bounded, no DTD
        custom = custom_part_name(parts)
        if custom is None or custom not in parts:
            return "foreign"
        root = etree.fromstring(parts[custom])
    except (InputError, etree.XMLSyntaxError, KeyError, ValueError, OSError):
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


# What a path that is not an ordinary file is, by its stat type.
SPECIAL = (
    (stat.S_ISDIR, "is a folder; --out must name a file"),
    (stat.S_ISCHR, "is a device, not a file; --out must name an ordinary file"),
    (stat.S_ISBLK, "is a device, not a file; --out must name an ordinary file"),
    (stat.S_ISFIFO, "is a named pipe, not a file; --out must name an ordinary file"),
    (stat.S_ISSOCK, "is a socket, not a file; --out must name an ordinary file"),
)


def output_file(path: Path) -> Path:
    """The ordinary file a draft for ``path`` goes to: ``path``, or the file a symbolic link there
    names (which need not exist yet). Anything else is an InputError, found without opening it."""
    path = Path(path)
    check_name(path)
    target = path
    if path.is_symlink():
        try:
            target = path.resolve()
        except (RuntimeError, OSError):  # a loop of links
            raise InputError(f"{path}: is a symbolic link that leads round in a loop; --out must name an ordinary file") from None
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        if target != path:
            raise InputError(f"{path}: is a symbolic link to {target}, in a folder that does not exist")
        raise InputError(f"{path}: folder {folder} does not exist")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be looked at ({error.strerror or error})") from None
    if mode is not None and not stat.S_ISREG(mode):
        words = next((w for test, w in SPECIAL if test(mode)), "is not an ordinary file; --out must name one")
        raise InputError(f"{path}: {words}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteFailed(f"{path}: cannot write in {folder} (Permission denied); use --out to write the draft elsewhere")
    return target


PATH_MAX = 4096  # bytes in a path, with its final NUL (Linux)


def check_name(path: Path) -> None:
    """A name a draft can be written under and printed: UTF-8 text, each part within NAME_MAX
    bytes and the whole within PATH_MAX; an InputError otherwise, before anything is done."""
    raw = os.fsencode(path)
    shown_name = raw.decode("utf-8", "replace")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{shown_name}: the name is not UTF-8 text (byte 0x{raw[error.start]:02X}); give the draft a name "
                         "of UTF-8 text") from None
    if len(raw) >= PATH_MAX:
        raise InputError(f"{shortened(shown_name)}: the path is {len(raw):,} bytes long; a path may have at most "
                         f"{PATH_MAX - 1:,} (use a shorter --out)")
    longest = max(raw.split(b"/"), key=len)
    if len(longest) > NAME_MAX:
        raise InputError(f"{shortened(shown_name)}: the name {shortened(longest.decode('utf-8'))} is {len(longest):,} bytes "
                         f"long; a file name may have at most {NAME_MAX} (use a shorter --out)")


def check_not_an_input(path: Path, inputs: Iterable[Path]) -> None:
    """Refuse ``path`` when it is (or links to) one of ``inputs``: not even --force writes over data."""
    target = output_file(path)
    for source in inputs:
        source = Path(source)
        if target.exists() and source.exists() and os.path.samefile(target, source):
            what = "one of the report's inputs" if Path(path) == source else f"the same file as {source}, one of the report's inputs"
            raise InputError(f"{path}: is {what}; --out must name a draft, never an input, even with --force")


def check_overwrite(path: Path, *, force: bool = False) -> Path:
    """Raise DraftProtected unless writing ``path`` loses nothing (or ``force`` is given); return
    the file the draft will be written to (see :func:`output_file`)."""
    target = output_file(path)
    if force:
        return target
    try:
        state = draft_state(target)
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
    return target


def write_draft(path: Path, data: bytes, fmt: str, *, force: bool = False, attachments: Mapping[str, bytes] | None = None) -> None:
    """Stamp ``data`` with its fingerprint and write it to ``path``, never over an analyst's work.

    ``attachments`` (file name → bytes, written beside ``path``, or beside the file a link there
    names; their format is their extension) are stamped, checked and written with it, all or none.
    """
    path = Path(path)
    for name in attachments or {}:
        if name in ("", ".", "..") or Path(name).name != name:
            raise ValueError(f"attachment {name!r} is not a plain file name")
    beside = output_file(path).parent  # the folder of the file itself, when path is a link to it
    files = [(beside / name, content, Path(name).suffix.lstrip(".")) for name, content in (attachments or {}).items()]
    files.append((path, data, fmt))
    files = [(check_overwrite(target, force=force), content, kind) for target, content, kind in files]  # links followed
    written: list[tuple[Path, Path]] = []
    try:
        for target, content, kind in files:
            written.append((_temporary(target, stamp(content, kind)), target))
        for temporary, target in written:
            _replace(temporary, target)
    finally:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)
            release(temporary)


# --------------------------------------------------------------------------- writing


def write_atomically(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` (or the file a link there names) through a temporary file in
    the same folder, then rename; never over anything but an ordinary file. ``mode``: the new
    file's permissions (default: those of the file replaced, or the umask's)."""
    path = output_file(path)
    temporary = _temporary(path, data, mode)
    try:
        _replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
        release(temporary)


def _temporary(path: Path, data: bytes, mode: int | None = None) -> Path:
    """``data`` written and synced to a new temporary file beside ``path``, with the permissions ``path`` will have."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    remove_stale(path)  # what a killed run left beside it
    try:
        handle, temporary = create(path)  # .NAME.XXXXXXXX.tmp, within NAME_MAX, locked until released
    except OSError as error:
        raise WriteFailed(f"{path}: cannot write in {folder} ({error.strerror or error})") from None
    try:
        os.fchmod(handle, _mode_for(path) if mode is None else mode)  # made 0600; a draft is an ordinary file
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        release(temporary)
        kept = "the file already there is unchanged" if path.exists() else "nothing was written"
        raise WriteFailed(f"{path}: could not be written ({error.strerror or error}); {kept}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        release(temporary)
        raise
    return temporary


def _replace(temporary: Path, path: Path) -> None:
    try:
        os.replace(temporary, path)
    except OSError as error:
        kept = "the file already there is unchanged" if path.exists() else "nothing was written"
        raise WriteFailed(f"{path}: could not be written ({error.strerror or error}); {kept}") from error


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
        old = read_bytes(path)
    except Unreadable as error:
        raise WriteFailed(f"{path}: cannot be read to keep a backup ({error.oserror.strerror or error.oserror}); nothing was written") from None
    backup = backup_path(path)
    write_atomically(backup, old, mode=_mode_for(path))  # the backup as open to others as the file was
    try:
        write_atomically(path, data)
    except NarratorError:
        backup.unlink(missing_ok=True)  # the draft is unchanged, so its copy is not needed
        raise
    return backup


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or what a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
