"""A disk cache of compiled templates and rule phrases, so a build does not compile them again.

Compiling Jinja is most of a small build's own work. What is kept, keyed by the SHA-256 of the
source (so an edited template or phrase is simply a new entry) and by everything else that shapes
the compiled code (Narrator's version, Jinja's, Python's, the guard module's own bytes and the
environment's options):

* templates read from files, through Jinja's own :class:`~jinja2.FileSystemBytecodeCache`;
* phrases compiled from strings (rules, chart words);
* the names a phrase prints and the templates a template includes, which the load-time checks
  read from the parse.

Only what compiled (and passed the guards of :mod:`narrator.wording.sandbox`, which run as a
template compiles) is ever stored, so a cached entry never hides an error. The folder is
``$NARRATOR_CACHE``, else ``$XDG_CACHE_HOME/narrator``, else ``~/.cache/narrator``; it is made
for this user alone, and when it cannot be made or written Narrator compiles as if there were no
cache. ``NARRATOR_CACHE=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import FileSystemBytecodeCache

from .. import __version__

_FOLDER: Path | None | bool = False  # not yet looked for


def folder() -> Path | None:
    """The cache folder for this version of Narrator, Jinja and Python (made if need be), or None."""
    global _FOLDER
    if _FOLDER is not False:
        return _FOLDER  # type: ignore[return-value]
    given = os.environ.get("NARRATOR_CACHE")
    if given is not None and given.strip().lower() in ("off", "0", "no", ""):
        _FOLDER = None
        return None
    base = Path(given) if given else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "narrator"
    guard = hashlib.sha256(Path(__file__).with_name("sandbox.py").read_bytes()).hexdigest()[:12]
    here = base / f"{__version__}-jinja{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-{guard}"
    try:
        here.mkdir(parents=True, exist_ok=True, mode=0o700)
        _FOLDER = here if os.access(here, os.W_OK) else None
    except OSError:
        _FOLDER = None
    return _FOLDER  # type: ignore[return-value]


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's bytecode cache of file templates, in the cache folder (None without one)."""
    here = folder()
    return None if here is None else FileSystemBytecodeCache(str(here), "t-%s")


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
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(kind: str, environment, source: str, value: object) -> None:
    """Keep ``value`` for ``source`` (written whole, then renamed: a reader never sees half a file)."""
    path = _path(kind, environment, source)
    if path is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps(value))
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass  # no cache this time: compiled again next time
