"""A disk cache of compiled templates and rule phrases, so a build does not compile them again.

Compiling Jinja is most of a small build's own work. What is kept, keyed by the SHA-256 of the
source (so an edited template or phrase is simply a new entry) and by everything else that shapes
the compiled code (Narrator's version, Jinja's, Python's, the guard module's own bytes and the
environment's options):

* templates read from files (Jinja's bytecode cache interface, with entries of our own);
* phrases compiled from strings (rules, chart words);
* the names a phrase prints and the templates a template includes, which the load-time checks
  read from the parse.

Only what compiled (and passed the guards of :mod:`narrator.wording.sandbox`, which run as a
template compiles) is ever stored, so a cached entry never hides an error.

A cache entry is code that runs, so the cache must never run code it did not write itself:

* every entry is signed with HMAC-SHA256 under a key of this user's, kept outside the cache
  (``$XDG_CONFIG_HOME/narrator/cache.key``, else ``~/.config/narrator/cache.key``: made once, 32
  random bytes, mode 0600, in a folder of the user's alone); an entry whose signature (over its
  name and content) does not match is ignored, never unpickled or unmarshalled; nothing is
  unpickled at all;
* the folder (and the folder it is in) must be this user's and writable by no one else;
  otherwise it is not used, and one line says so;
* an entry is read only if it is an ordinary file (not a link, a pipe or a device), and at most
  :data:`ENTRY_LIMIT` bytes of it.

The folder is ``$NARRATOR_CACHE``, else ``$XDG_CACHE_HOME/narrator``, else ``~/.cache/narrator``;
when it (or the key) cannot be made or written Narrator compiles as if there were no cache.
``NARRATOR_CACHE=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import BytecodeCache

from .. import __version__
from ..errors import InputError
from ..reading import read_bytes

MAGIC = b"narrator-cache-1\n"
ENTRY_LIMIT = 16 * 2**20
KEY_SIZE = 32

_FOLDER: Path | None | bool = False  # not yet looked for
_KEY: bytes | None = None


def _note(message: str) -> None:
    print(f"narrator: note: {message}", file=sys.stderr)


def unsafe(folder: Path) -> str | None:
    """Why ``folder`` may not hold code Narrator runs (not a folder, another's, writable by
    others), or None."""
    try:
        status = os.stat(folder)
    except OSError as error:
        return f"{folder} cannot be used ({error.strerror or error})"
    if not stat.S_ISDIR(status.st_mode):
        return f"{folder} is not a folder"
    if status.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if status.st_mode & 0o022:
        return f"{folder} can be written by other users (mode {stat.S_IMODE(status.st_mode):o})"
    return None


def folder() -> Path | None:
    """The cache folder for this version of Narrator, Jinja and Python (made if need be), or None."""
    global _FOLDER, _KEY
    if _FOLDER is not False:
        return _FOLDER  # type: ignore[return-value]
    _FOLDER = None
    given = os.environ.get("NARRATOR_CACHE")
    if given is not None and given.strip().lower() in ("off", "0", "no", ""):
        return None
    base = Path(given) if given else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "narrator"
    guard = hashlib.sha256(Path(__file__).with_name("sandbox.py").read_bytes()).hexdigest()[:12]
    here = base / f"{__version__}-jinja{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-{guard}"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        problem = unsafe(base)
        if problem is None:
            here.mkdir(exist_ok=True, mode=0o700)
            problem = unsafe(here) or (f"{here} is a link" if os.path.islink(here) else None)
    except OSError:
        return None
    if problem is not None:
        _note(f"the cache folder {problem}, so it is not used; templates are compiled afresh "
              "(NARRATOR_CACHE may name a folder of your own)")
        return None
    if not os.access(here, os.W_OK):
        return None
    _KEY = key()
    _FOLDER = here if _KEY is not None else None
    return _FOLDER  # type: ignore[return-value]


def key_path() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "narrator" / "cache.key"


def key() -> bytes | None:
    """This user's key for signing cache entries (made once), or None if it cannot be had safely."""
    path = key_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    problem = unsafe(path.parent)
    if problem is not None:
        _note(f"the folder of the cache's key, {problem}, so the cache is not used")
        return None
    for _ in range(3):
        try:
            data = read_bytes(path, follow=False, limit=KEY_SIZE)
        except InputError:
            data = None
        if data is not None:
            status = os.lstat(path)
            if len(data) == KEY_SIZE and status.st_uid == os.getuid() and not status.st_mode & 0o077:
                return data
            return None  # someone else's, or readable by others: never trusted
        if path.exists() or path.is_symlink():
            return None
        try:  # written whole under a temporary name, then linked: a reader never sees half a key
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(os.urandom(KEY_SIZE))
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another run made it first: read theirs
            finally:
                os.unlink(temporary)
        except OSError:
            return None
    return None


def _sign(name: str, payload: bytes) -> bytes:
    return hmac.new(_KEY or b"", name.encode() + b"\0" + payload, hashlib.sha256).digest()


def _read(path: Path) -> object | None:
    """The value stored at ``path`` if it is an ordinary file signed with this user's key."""
    try:
        data = read_bytes(path, follow=False, limit=ENTRY_LIMIT)
    except InputError:
        return None
    if _KEY is None or not data.startswith(MAGIC) or len(data) < len(MAGIC) + 32:
        return None
    signature, payload = data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if not hmac.compare_digest(signature, _sign(path.name, payload)):
        return None  # not written by this user's Narrator: never unmarshalled
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def _write(path: Path, value: object) -> None:
    """Keep ``value`` at ``path``, signed (written whole, then renamed: a reader never sees half a file)."""
    try:
        payload = marshal.dumps(value)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC + _sign(path.name, payload) + payload)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass  # no cache this time: compiled again next time


class SignedBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache of file templates, as signed entries in the cache folder."""

    def __init__(self, here: Path) -> None:
        self.here = here

    def load_bytecode(self, bucket) -> None:
        value = _read(self.here / f"t-{bucket.key}")
        if isinstance(value, tuple) and len(value) == 2 and value[0] == bucket.checksum and isinstance(value[1], CodeType):
            bucket.code = value[1]

    def dump_bytecode(self, bucket) -> None:
        if bucket.code is not None:
            _write(self.here / f"t-{bucket.key}", (bucket.checksum, bucket.code))


def bytecode_cache() -> SignedBytecodeCache | None:
    """The bytecode cache of file templates, in the cache folder (None without one)."""
    here = folder()
    return None if here is None else SignedBytecodeCache(here)


def _path(kind: str, environment, source: str) -> Path | None:
    here = folder()
    if here is None:
        return None
    options = (environment.block_start_string, environment.variable_start_string, environment.comment_start_string,
               environment.trim_blocks, environment.lstrip_blocks, environment.keep_trailing_newline,
               bool(environment.autoescape), type(environment).__name__)
    key = hashlib.sha256(f"{kind}\0{options!r}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
    return here / f"{kind[0]}-{key}"


def load(kind: str, environment, source: str) -> object | None:
    """What was stored for ``source`` under ``kind`` (code, or a tuple of names), or None."""
    path = _path(kind, environment, source)
    return None if path is None else _read(path)


def store(kind: str, environment, source: str, value: object) -> None:
    """Keep ``value`` for ``source``."""
    path = _path(kind, environment, source)
    if path is not None:
        _write(path, value)
