"""The temporary file a draft is written to before it is renamed over its target.

Its name is ``.NAME.XXXXXXXX.tmp`` beside the target, shortened so that it stays within the
255 bytes a file name may have (a valid 250-byte ``--out`` name works). The writer holds a lock
on it while it lives; a run killed between writing and renaming leaves it behind, unlocked, and
the next write of the same target removes it. Only names of this shape beside that target, and
only unlocked ordinary files of this user, are ever removed, so a concurrent run's file is kept.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no locks, so nothing is ever taken for stale
    fcntl = None  # type: ignore[assignment]

__all__ = ["NAME_MAX", "create", "release", "remove_stale"]

_HELD: dict[Path, int] = {}  # temporary file → its open, locked descriptor, until release()

NAME_MAX = 255
_EXTRA = len(b"..12345678.tmp")
_FRESH = 5.0  # seconds: an empty file this young may be a writer's that has not locked it yet


def _base(target: Path) -> bytes:
    return os.fsencode(target.name)[: NAME_MAX - _EXTRA]


def create(target: Path) -> tuple[int, Path]:
    """A new temporary file beside ``target``, open for writing and locked: (descriptor, path).
    Raises OSError as :func:`os.open` does."""
    folder = os.fsencode(target.parent if str(target.parent) else Path("."))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = b"." + _base(target) + b"." + secrets.token_hex(4).encode() + b".tmp"
        path = os.path.join(folder, name)
        try:
            handle = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD[Path(os.fsdecode(path))] = handle
        return handle, Path(os.fsdecode(path))
    raise FileExistsError(f"no free temporary name beside {target}")


def release(path: Path) -> None:
    """Close (and so unlock) the temporary file ``path``, once it is renamed or removed."""
    handle = _HELD.pop(Path(path), None)
    if handle is not None:
        os.close(handle)


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary files a killed run left beside ``target``; return them."""
    if fcntl is None:
        return []
    folder = os.fsencode(target.parent if str(target.parent) else Path("."))
    pattern = re.compile(rb"\." + re.escape(_base(target)) + rb"\.[a-z0-9_]{8}\.tmp\Z")
    removed = []
    try:
        entries = [entry.name for entry in os.scandir(folder) if pattern.match(entry.name)]
    except OSError:
        return []
    for name in entries:
        path = os.path.join(folder, name)
        try:
            status = os.lstat(path)
            if not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid():
                continue
            if status.st_size == 0 and time.time() - status.st_mtime < _FRESH:
                continue
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by a live writer: kept
            os.unlink(path)
            removed.append(Path(os.fsdecode(path)))
        except OSError:
            pass
        finally:
            os.close(handle)
    return removed
