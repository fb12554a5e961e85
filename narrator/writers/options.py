"""Settings a writer may use; every writer accepts them and ignores what it has no use for."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class WriterOptions:
    reference: Path | None = None  # a .docx whose styles, page set-up, headers and footers a draft takes
    tone_colours: Mapping[str, str] = field(default_factory=dict)  # judgement tone → fill colour, hex RGB
    notify: Callable[[str], None] = lambda message: None  # where a writer says something the user should know
