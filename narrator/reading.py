"""Ground: the one way Narrator reads a file it did not write itself.

Every input (data, YAML, templates), a house template, a draft given to ``check`` or ``refresh``
or found under ``--out``, and every cache entry is read here, so that one set of promises holds
for all of them, however hostile the file:

* only an ordinary file is read: a folder, a named pipe, a device or a socket is refused from
  its ``stat``, never opened, so nothing ever waits on a pipe or reads a device without end; the
  file is then opened without blocking and looked at again through its open handle;
* at most :data:`LIMIT` bytes are read from one file, and a zip package (.docx, .dotx, .xlsx)
  unpacks to at most :data:`LIMIT` bytes in all: every member is inflated in chunks and counted
  as it comes, whatever its header declares, so a zip bomb is refused after :data:`LIMIT` bytes;
* an XML member that declares a DTD (``<!DOCTYPE``) is refused before anything parses it, so no
  entity is ever defined, let alone expanded or fetched;
* text that Word's XML cannot hold (control characters, NUL, lone surrogates) is found by
  :func:`xml_problem`, and a value shown in a message is shortened by :func:`shown`.

Every refusal is an :class:`~narrator.errors.InputError` of one line naming the file.
"""

from __future__ import annotations

import io
import os
import re
import reprlib
import stat
import zipfile
import zlib
from pathlib import Path

from .errors import InputError

__all__ = [
    "LIMIT", "NotAFile", "PackageProblem", "Unreadable", "check_members", "has_dtd", "read_bytes", "read_members", "read_text",
    "character_problem", "safe_member_name", "shortened", "shown", "special_kind", "xml_problem", "describe_character",
]

LIMIT = 64 * 2**20  # bytes read from one file, or unpacked from one zip package
CHUNK = 2**20
HEAD = 2**16  # the bytes of an XML member in which its prolog (and any DTD) must lie


class NotAFile(InputError):
    """Not an ordinary file (a folder, a pipe, a device), or larger than :data:`LIMIT`: never read."""


class Unreadable(InputError):
    """The file could not be opened or read; ``oserror`` is why."""

    def __init__(self, message: str, oserror: OSError) -> None:
        super().__init__(message)
        self.oserror = oserror


class PackageProblem(InputError):
    """A zip package that cannot be read safely: damaged, too large unpacked, or with a DTD."""


# --------------------------------------------------------------------------- files


def special_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not an ordinary file ("a named pipe" …), else None."""
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                        (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not an ordinary file"


def _refusal(path: Path, mode: int, expected: str) -> NotAFile:
    kind = special_kind(mode) or "not an ordinary file"
    if kind == "a folder":
        return NotAFile(f"{path}: is a folder; {expected}")
    return NotAFile(f"{path}: is {kind}, not a file; {expected}")


def _unreadable(path: Path, error: OSError) -> Unreadable:
    return Unreadable(f"{path}: cannot be read ({error.strerror or error})", error)


def read_bytes(path: Path | str, *, expected: str = "expected an ordinary file", limit: int = LIMIT,
               follow: bool = True) -> bytes:
    """The bytes of the ordinary file ``path`` (at most ``limit``); anything else an InputError.

    ``expected`` ends each message ("expected a YAML file"). With ``follow=False`` a symbolic
    link is refused too (the cache's entries)."""
    path = Path(path)
    try:
        mode = (os.stat(path) if follow else os.lstat(path)).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if not stat.S_ISREG(mode):
        raise _refusal(path, mode, expected)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise _unreadable(path, error) from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):  # replaced between the look and the open
            raise _refusal(path, status.st_mode, expected)
        if status.st_size > limit:
            raise NotAFile(f"{path}: {_size(status.st_size)}, more than the {_size(limit)} Narrator reads from one file; {expected}")
        chunks, total = [], 0
        while True:
            chunk = os.read(handle, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # a file that grows as it is read
                raise NotAFile(f"{path}: more than the {_size(limit)} Narrator reads from one file; {expected}")
        return b"".join(chunks)
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(handle)


def read_text(path: Path | str, *, expected: str = "expected a text file", limit: int = LIMIT, bom: bool = False) -> str:
    """The UTF-8 text of the ordinary file ``path`` (a byte-order mark dropped when ``bom``)."""
    data = read_bytes(path, expected=expected, limit=limit)
    if bom and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\0" in data[:HEAD]:
        raise InputError(f"{path}: {utf16_problem()}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None


def utf16_problem() -> str:
    """The words for text that holds NUL bytes: UTF-16 (perhaps without its byte-order mark)."""
    return "holds NUL bytes, so it is not UTF-8 text (UTF-16, perhaps?); save it as UTF-8"


def _size(count: int) -> str:
    return f"{count / 2**20:,.0f} MB" if count >= 2**20 else f"{count:,} bytes"


# --------------------------------------------------------------------------- zip packages


def safe_member_name(name: str) -> bool:
    """Whether a zip member's name stays inside the package (no ``..``, no root, no drive)."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name or re.match(r"[A-Za-z]:", name):
        return False
    return all(part not in ("..", ".") for part in name.split("/")[:-1]) and name.split("/")[-1] not in ("..", ".")


def _members(data: bytes, source: str, what: str, limit: int, keep: bool) -> list[tuple[str, bytes]]:
    def problem(detail: str) -> PackageProblem:
        return PackageProblem(f"{source}: not {what} that Narrator can read ({detail})")

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise problem(str(error) or type(error).__name__) from None
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > limit:
            raise problem(f"its parts would unpack to {_size(declared)}, more than the {_size(limit)} Narrator unpacks from one file")
        found, left = [], limit
        for info in infos:
            try:
                content = _inflate(archive, info, left, keep)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError) as error:
                raise problem(f"the part {shown(info.filename)} is damaged: {str(error) or type(error).__name__}") from None
            if content is None:
                raise problem(f"its parts unpack to more than the {_size(limit)} Narrator unpacks from one file")
            left -= content[0]
            if info.filename.lower().endswith((".xml", ".rels", ".vml")) and has_dtd(content[1]):
                raise PackageProblem(
                    f"{source}: the part {shown(info.filename)} declares a DTD (<!DOCTYPE …>), which Narrator never reads "
                    "(its entities could insert or multiply text); save the file again from the program that made it"
                )
            found.append((info.filename, content[1]))
    return found


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int, keep: bool) -> tuple[int, bytes] | None:
    """(size, content) of one member, inflated chunk by chunk; None past ``left`` bytes.
    Without ``keep`` only the member's head is kept (for :func:`has_dtd`)."""
    chunks, total = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > left:
                return None
            if keep or total - len(chunk) < HEAD:
                chunks.append(chunk)
    content = b"".join(chunks)
    return total, content if keep else content[:HEAD]


def read_members(data: bytes, source: str, *, what: str = "a Word document (.docx)", limit: int = LIMIT) -> list[tuple[str, bytes]]:
    """The members of the zip ``data`` as (name, content), in the archive's order, each checked
    as the module docstring says; a PackageProblem naming ``source`` otherwise."""
    return _members(data, source, what, limit, keep=True)


def check_members(data: bytes, source: str, *, what: str, limit: int = LIMIT) -> None:
    """The checks of :func:`read_members`, keeping nothing (for a package another library reads)."""
    _members(data, source, what, limit, keep=False)


# --------------------------------------------------------------------------- XML

_PROLOG = re.compile(r"\s*(?:<\?xml.*?\?>)?(?:\s+|<!--.*?-->|<\?.*?\?>)*", re.S)


def has_dtd(head: bytes) -> bool:
    """Whether the XML beginning with ``head`` declares a DTD (or anything else but comments and
    processing instructions before its first element)."""
    if head.startswith((b"\xff\xfe\0\0", b"\0\0\xfe\xff")) or head.startswith((b"<\0\0\0", b"\0\0\0<")):
        encoding = "utf-32"
        text = head.decode("utf-32-le" if head[:1] in (b"<", b"\xff") else "utf-32-be", "replace")
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.startswith((b"<\0", b"\0<")):
        encoding = "utf-16-le" if head[:1] in (b"<", b"\xff") else "utf-16-be"
        text = head.decode(encoding, "replace")
    else:
        text = head.decode("latin-1")
    text = text.lstrip("\ufeff\xef\xbb\xbf\ufffe")
    rest = text[_PROLOG.match(text).end():]
    return rest.startswith("<!")


# --------------------------------------------------------------------------- text that reaches Word

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_problem(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that XML (so Word) cannot hold, or None."""
    return XML_INVALID.search(text)


def describe_character(char: str) -> str:
    """'the control character U+0007', 'the lone surrogate U+D800' …"""
    code = ord(char)
    if code == 0:
        kind = "the NUL character"
    elif code < 0x20:
        kind = "the control character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "the lone surrogate"
    else:
        kind = "the non-character"
    return f"{kind} U+{code:04X}"


def character_problem(char: str) -> str:
    """The words for a character Word cannot hold, found in the analyst's text."""
    return f"{describe_character(char)} is not allowed (a Word document cannot hold it); remove it"


_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxtuple, _SHORT.maxlevel = 80, 80, 6, 6, 6, 3
_SHORT.maxset = _SHORT.maxfrozenset = _SHORT.maxdeque = _SHORT.maxarray = 6


def shortened(text: str, limit: int = 80) -> str:
    """``text`` as it is, or its first ``limit`` characters and "…"."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object) -> str:
    """``repr(value)``, cut short (80 characters a text, 6 items a level, 3 levels, 120 in all),
    so that no message ever repeats an input without bound."""
    return shortened(_SHORT.repr(value), 120)
