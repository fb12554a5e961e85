"""Settings a writer may use; every writer accepts them and ignores what it has no use for."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..word.tables import RowCache


@dataclass(frozen=True)
class WriterOptions:
    reference: Path | None = None  # a .docx whose styles, page set-up, headers and footers a draft takes
    tone_colours: Mapping[str, str] = field(default_factory=dict)  # judgement tone → fill colour, hex RGB
    tone_legend: str = ""  # the note explaining the shading, under the first shaded table; {good}, {bad} are swatches
    chart_colours: Mapping[str, str] = field(default_factory=dict)  # a chart line's role → colour, hex RGB
    chart_font: str = ""  # the typeface of chart text; "" for the document's own
    name: str = "report"  # the draft's file name without its extension: attachments are named after it
    notify: Callable[[str], None] = lambda message: None  # where a writer says something the user should know
    rows: RowCache = field(default_factory=RowCache, compare=False)  # Word table rows laid out before: shared by the drafts of a batch
