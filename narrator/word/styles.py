"""The styles a draft uses, found in the template or added from the default.

Contract: :class:`StyleSheet` wraps a document's ``w:styles``. :meth:`StyleSheet.require`
takes a style *name* as Word's interface shows it ("Heading 1", "Caption") and returns
the id paragraphs must reference. Names are matched without regard to case, because
Word stores its built-in names in lower case ("heading 1") under ids that are
translated in other languages ("berschrift1"). A style the template lacks is copied
from the default template (:mod:`.template`), together with any style it is based on,
so a house template never has to know Narrator's own styles. A template style whose
*type* differs from the one needed (a character style called "Caption", say) is the
one thing that cannot be repaired: :class:`TemplateStyleError` names it.
"""

from __future__ import annotations

import copy
import functools

from docx.oxml.ns import qn
from lxml import etree

from ..errors import InputError
from .template import default_styles
from .xml import insert_ordered, w

__all__ = ["StyleSheet", "TemplateStyleError"]

_TYPE_NAMES = {"paragraph": "paragraph", "character": "character", "table": "table", "numbering": "list"}


class TemplateStyleError(InputError):
    """A house template defines a style Narrator needs, but as another kind of style."""


class StyleSheet:
    def __init__(self, styles: etree._Element, source: str = "the template") -> None:
        self.element = styles
        self.source = source
        self.default = _shared_default()  # read only: a style is deep-copied out of it
        self.added: list[str] = []  # names copied from the default, in order
        self._names: dict[int, dict[str, etree._Element]] = {}  # root → casefolded name → its first style

    # --- look-up ------------------------------------------------------------

    def find(self, name: str, root: etree._Element | None = None) -> etree._Element | None:
        """The ``w:style`` named ``name`` (any case), or None."""
        root = self.element if root is None else root
        names = self._names.get(id(root))
        if names is None:  # the first style of each name, in the order of the file
            names = {}
            for style in root.iterfind(_STYLE):
                found = style.find(_NAME)
                if found is not None:
                    names.setdefault((found.get(_VAL) or "").casefold(), style)
            self._names[id(root)] = names
        return names.get(name.casefold())

    def by_id(self, style_id: str, root: etree._Element | None = None) -> etree._Element | None:
        for style in (self.element if root is None else root).iterfind(qn("w:style")):
            if style.get(qn("w:styleId")) == style_id:
                return style
        return None

    def element_of(self, style_id: str) -> etree._Element:
        style = self.by_id(style_id)
        if style is None:
            raise KeyError(style_id)
        return style

    # --- requiring ------------------------------------------------------------

    def require(self, name: str) -> str:
        """The id of the style ``name``, copied in from the default template if missing."""
        source = self.find(name, self.default)
        if source is None:
            raise ValueError(f"the default template has no style '{name}'")
        kind = source.get(qn("w:type"))
        style = self.find(name)
        if style is not None:
            found = style.get(qn("w:type"), "paragraph")
            if found != kind:
                raise TemplateStyleError(
                    f"{self.source}: the style '{_name(style)}' is a {_TYPE_NAMES.get(found, found)} style; "
                    f"Narrator needs a {_TYPE_NAMES[kind]} style of that name: rename or delete it in the "
                    "template (Narrator then adds its own)"
                )
            return style.get(qn("w:styleId"))
        return self._copy(source)

    def _copy(self, source: etree._Element) -> str:
        style = copy.deepcopy(source)
        if style.get(qn("w:default")) is not None:
            del style.attrib[qn("w:default")]
        style_id = self._free_id(style.get(qn("w:styleId")))
        style.set(qn("w:styleId"), style_id)
        self.element.append(style)  # before resolving references, so a style may point to itself
        self.added.append(_name(style))
        self._names.get(id(self.element), {}).setdefault(_name(style).casefold(), style)
        for tag in ("w:basedOn", "w:next", "w:link"):
            reference = style.find(qn(tag))
            if reference is None:
                continue
            target = self.by_id(reference.get(qn("w:val")), self.default)
            if target is None or tag == "w:link":
                style.remove(reference)
                continue
            if target is source:
                reference.set(qn("w:val"), style_id)
            else:
                reference.set(qn("w:val"), self.require(_name(target)))
        return style_id

    def _free_id(self, wanted: str) -> str:
        candidate, suffix = wanted, 1
        while self.by_id(candidate) is not None:
            suffix += 1
            candidate = f"{wanted}{suffix}"
        return candidate

    # --- editing ------------------------------------------------------------

    def paragraph_properties(self, style_id: str) -> etree._Element:
        """The style's ``w:pPr``, added if missing."""
        style = self.element_of(style_id)
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            ppr = insert_ordered(style, w("pPr"))
        return ppr


_STYLE, _NAME, _VAL = qn("w:style"), qn("w:name"), qn("w:val")


@functools.lru_cache(maxsize=1)
def _shared_default() -> etree._Element:
    """The default template's styles, parsed once and never changed (copies are taken out of it)."""
    return default_styles()


def _name(style: etree._Element) -> str:
    found = style.find(qn("w:name"))
    return "" if found is None else found.get(qn("w:val"), "")
