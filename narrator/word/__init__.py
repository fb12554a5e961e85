"""WordprocessingML written at the XML level, behind a small tested layer.

python-docx opens and saves the package and gives access to its parts; everything it
has no API for is here, one module per part or concern (python-docx's own oxml/parts
split is the model):

* :mod:`.xml`: building ``w:`` elements, and inserting them in schema order.
* :mod:`.template`: the clean default template, generated in code.
* :mod:`.package`: opening a template (default or house), clearing its body, adding
  parts, saving deterministically.
* :mod:`.styles`: the styles a draft needs, found in the template or copied from the default.
* :mod:`.numbering`: each number as text Word renumbers (``SEQ`` fields); :mod:`.numbertext` reads them back.
* :mod:`.footnotes`: the footnotes part and references to it.
* :mod:`.fields`: complex fields (``SEQ`` captions, ``NOTEREF``, ``PAGE``).
* :mod:`.bookmarks`: figure bookmarks, their map in a custom XML part, and the reader
  :func:`figure_bookmarks`.
* :mod:`.figuremap`: the map part (bookmark, fact, text as written, cell shading; states).
* :mod:`.properties`: core and extended document properties.
* :mod:`.layout`: column widths that make a table as short as it can be; :mod:`.tables`: a
  table's vertical merges, shaded header borders, legend swatches, and the rows laid out
  before (:class:`~.tables.RowCache`) that a batch copies.

For a draft the analyst has edited (``narrator check`` and ``refresh``), never saved through
python-docx: :mod:`.existing` (the package at the zip level, untouched parts kept byte for
byte), :mod:`.ranges` (a bookmark's text, read and replaced in place), :mod:`.outline`
(paragraph numbers as Word shows them, sections, table rows), :mod:`.comments` (Word comments).

``narrator.writers.docx`` walks the document model and uses these, and ``narrator.drafts`` reads
and edits a draft through them; none of them knows
anything about policing, and only the table layout reads the document model's rows.
"""

from .bookmarks import BookmarkedFigure, bookmark_name, figure_bookmarks
from .styles import TemplateStyleError

__all__ = ["BookmarkedFigure", "TemplateStyleError", "bookmark_name", "figure_bookmarks"]
