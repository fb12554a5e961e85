"""The report's sections, for the generic templates: from report.yaml, else from the catalogue.

``report.yaml`` may list them, in order::

    sections:
      - title: Crime and outcomes
        id: crime                 # optional: the title in lower case, words joined by _
        measures: [all_crime.recorded, burglary.recorded, burglary.outcome_rate]

Otherwise each measure's ``section:`` in ``measures.yaml`` names its section, and sections appear
in the order of their first measure; measures that name no section go to a last section, "Other
measures". With no sections anywhere, one section, "Performance", holds every measure.

A section's commentary slot is its id; a measure's is the measure's id. Within a section,
neighbouring measures whose ids share their first part (``burglary.recorded``,
``burglary.outcome_rate``) form a group, written as one paragraph; survey measures form groups of
their own (``burglary.satisfaction``, ``burglary.satisfaction_contact``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError
from .catalogue import Measure
from .yamlfiles import check_keys, describe, expect, suggestion

KEYS = ("title", "id", "measures")
SECTION_ID = re.compile(r"[a-z][a-z0-9_]*")
OTHER, SINGLE = "Other measures", "Performance"
RESERVED_SLOTS = ("introduction", "conclusion")  # the generic report's own slots


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    measures: tuple[str, ...]
    surveys: frozenset[str] = frozenset()  # the section's survey measures, which get paragraphs of their own

    @property
    def table(self) -> str:
        """The id of the section's measures table."""
        return f"sections.{self.id}"

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """Neighbouring measures whose ids share their first part, each group one paragraph."""
        groups: list[list[str]] = []
        for measure in self.measures:
            if groups and self._key(groups[-1][0]) == self._key(measure):
                groups[-1].append(measure)
            else:
                groups.append([measure])
        return tuple(tuple(g) for g in groups)

    def _key(self, measure: str) -> tuple[str, bool]:
        return measure.split(".")[0], measure in self.surveys


def slug(title: str) -> str:
    """A section id from its title: "Crime and outcomes" → "crime_and_outcomes"."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    text = "_".join(words) or "section"
    return text if text[0].isalpha() else f"section_{text}"


def read_sections(entries: object, measures: Mapping[str, Measure], where: str, catalogue: str) -> tuple[Section, ...]:
    """The sections of report.yaml's ``sections:`` (``entries``, read at ``where``), or, when it
    has none, of the catalogue (the file ``catalogue``)."""
    if entries is None:
        return _from_catalogue(measures, catalogue)
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{where}: sections must be a list of sections, each with a title and its measures; found {describe(entries)}")
    sections: list[Section] = []
    placed: dict[str, str] = {}
    for i, entry in enumerate(entries, start=1):
        here = f"{where}: section {i}"
        entry = check_keys(entry, where=here, allowed=KEYS, required=("title", "measures"))
        title = expect(entry["title"], str, where=f"{here}: title", what="a title in words")
        here = f"{where}: section '{title}'"
        ident = entry.get("id", slug(title))
        if not isinstance(ident, str) or not SECTION_ID.fullmatch(ident):
            raise InputError(f"{here}: id must be one lower-case word (letters, digits, _), such as crime, found {ident!r}")
        listed = entry["measures"]
        if not isinstance(listed, list) or not listed or not all(isinstance(m, str) for m in listed):
            raise InputError(f"{here}: measures must be a list of measure ids, such as [all_crime.recorded]")
        for measure in listed:
            if measure not in measures:
                raise InputError(f"{here}: measure '{measure}' is not in the catalogue{suggestion(measure, measures)}")
            if measure in placed:
                raise InputError(f"{here}: measure '{measure}' is already in section '{placed[measure]}'")
            placed[measure] = title
        sections.append(Section(ident, title, tuple(listed), _surveys(listed, measures)))
    _check_ids(sections, measures, where)
    return tuple(sections)


def _from_catalogue(measures: Mapping[str, Measure], where: str) -> tuple[Section, ...]:
    if not any(m.section for m in measures.values()):
        return (Section(slug(SINGLE), SINGLE, tuple(measures), _surveys(measures, measures)),)
    titles: dict[str, list[str]] = {}
    for measure in measures.values():
        titles.setdefault(measure.section or OTHER, []).append(measure.id)
    if OTHER in titles:  # unsectioned measures go last
        titles[OTHER] = titles.pop(OTHER)
    sections = [Section(slug(title), title, tuple(ids), _surveys(ids, measures)) for title, ids in titles.items()]
    _check_ids(sections, measures, where)
    return tuple(sections)


def _surveys(ids, measures: Mapping[str, Measure]) -> frozenset[str]:
    return frozenset(m for m in ids if measures[m].survey)


def _check_ids(sections: list[Section], measures: Mapping[str, Measure], where: str) -> None:
    seen: dict[str, str] = {}
    for section in sections:
        if section.id in seen:
            raise InputError(
                f"{where}: sections '{seen[section.id]}' and '{section.title}' would both have the id "
                f"'{section.id}'; give one of them an id of its own in report.yaml's sections"
            )
        if section.id in measures or section.id in RESERVED_SLOTS:
            raise InputError(
                f"{where}: section '{section.title}' has the id '{section.id}', which is also "
                f"{'a measure id' if section.id in measures else 'the name of a commentary slot of the report'}; "
                "give it another id in report.yaml's sections"
            )
        seen[section.id] = section.title

