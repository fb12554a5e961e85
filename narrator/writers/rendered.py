"""What a render gives: the draft's main file, and the files that go beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rendered:
    """A draft's bytes, and its attachments by file name (a Markdown draft's chart images).

    Attachment names are plain file names, to be written in the main file's folder; the
    main file refers to them by those names.
    """

    main: bytes
    attachments: Mapping[str, bytes] = field(default_factory=dict)
