"""Facts that compare areas: an area against its parent, every area side by side, and rankings.

Given each area's :class:`~narrator.analysis.facts.Analysis` (and the parent's), for the draft of
one area:

* ``<m>.parent.<fact>``: the parent's headline facts of measure ``m`` (``current``, ``baseline``,
  ``change``, ``change_pct``, ``current_n``, ``baseline_n``, ``judgement``, ``benchmark``), for
  every measure but a comparator (a series the areas share);
* ``area.name``, ``area.parent`` (the parent's name), ``area.count`` (areas reported on),
  ``area.noun`` (what the text calls them: areas, forces);
* ``areas.<slug>.name`` and ``areas.<slug>.<m>.current`` / ``.baseline`` / ``.change`` / ``.change_pct`` /
  ``.judgement`` for every area reported on and the parent (the area comparison table; ``slug`` is
  the name in lower case, words joined by ``_``);
* ``ranking.<m>.areas``, ``.rises``, ``.falls`` (how many areas rose and fell), ``.ranked_by``
  (``percent``; ``chance`` when an area's base is small, see narrator.analysis.ranking),
  ``.largest_rise`` / ``.largest_fall`` (the area's name) with ``.largest_rise_change`` (% for
  counts and levels, points for rates), ``.largest_rise_baseline`` and ``.largest_rise_current``
  (the same for the fall), and for the area of the draft ``.place`` (1 for the largest change its
  way) and ``.place_of`` (how many areas moved its way).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..errors import InputError
from ..settings.catalogue import Measure
from .facts import Analysis, Fact, FactSet
from .ranking import Change, Thresholds, largest, ranked_by, size

PARENT_FACTS = ("current", "baseline", "change", "change_pct", "current_n", "baseline_n", "judgement", "benchmark")
TABLE_FACTS = ("current", "baseline", "change", "change_pct", "judgement")


def area_slug(name: str) -> str:
    """ "Avon and Somerset" → "avon_and_somerset"; a fact id part."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    text = "_".join(words) or "area"
    return text if text[0].isalpha() else f"area_{text}"


def file_name(name: str) -> str:
    """An area's draft's file name, without the extension: "avon-and-somerset"."""
    return area_slug(name).replace("_", "-")


def slugs(names: Sequence[str], where: str) -> dict[str, str]:
    """Each area's slug; two areas with one slug are an error (their facts would clash)."""
    found: dict[str, str] = {}
    for name in names:
        slug = area_slug(name)
        if slug in found and found[slug] != name:
            raise InputError(f"{where}: areas '{found[slug]}' and '{name}' would both have the fact id 'areas.{slug}'; rename one")
        found[slug] = name
    return {name: slug for slug, name in found.items()}


class AreaFacts:
    """The comparison facts of every area's draft, computed once for a batch of drafts."""

    def __init__(self, analyses: Mapping[str, Analysis], parent: str, measures: Mapping[str, Measure],
                 compared: Sequence[str], thresholds: Thresholds, where: str = "report.yaml", noun: str = "areas") -> None:
        self.noun = noun
        self.analyses = analyses  # every area reported on, and the parent
        self.parent = parent
        self.measures = measures
        self.compared = tuple(compared)  # the measures of the comparison tables and rankings
        self.thresholds = thresholds
        self.reported = tuple(a for a in analyses if a != parent)
        self.slugs = slugs([*self.reported, parent], where)
        self._changes_of = {m: self._changes(m) for m in self.compared}  # area → its change, by measure
        self._by = {m: ranked_by(list(self._changes_of[m].values()), thresholds) for m in self.compared}
        self.tones: dict[str, object] = {}  # judgement fact id of the table → its tone, for colouring
        self._shared = self._table_facts() + self._ranking_facts()

    def for_area(self, area: str) -> FactSet:
        """The facts the draft of ``area`` adds to the area's own: its parent's, the table's, the rankings."""
        facts = [
            Fact("area.name", "the area of this draft", area, "text"),
            Fact("area.parent", "the area it is compared with", self.parent, "text"),
            Fact("area.count", "areas reported on", len(self.reported), "count"),
            Fact("area.noun", "what the text calls the areas", self.noun, "text"),
        ]
        if area != self.parent:
            parent = self.analyses[self.parent].facts
            for measure in self.measures.values():
                if measure.comparator:
                    continue  # a series every area shares: the parent's is the same
                for suffix in PARENT_FACTS:
                    fact = parent.get(f"{measure.id}.{suffix}")
                    if fact is not None:
                        facts.append(Fact(f"{measure.id}.parent.{suffix}", f"{self.parent}: {fact.label}", fact.value, fact.unit))
        facts += self._shared
        facts += self._places(area)
        return FactSet(facts)

    def _table_facts(self) -> list[Fact]:
        facts = []
        for area in (*self.reported, self.parent):
            slug = self.slugs[area]
            facts.append(Fact(f"areas.{slug}.name", "an area, named", area, "text"))
            own = self.analyses[area].facts
            for measure in self.compared:
                for suffix in TABLE_FACTS:
                    fact = own.get(f"{measure}.{suffix}")
                    if fact is not None:
                        facts.append(Fact(f"areas.{slug}.{measure}.{suffix}", f"{area}: {fact.label}", fact.value, fact.unit))
                self.tones[f"areas.{slug}.{measure}.judgement"] = self.analyses[area].assessments[measure].tone
        return facts

    def _changes(self, measure: str) -> dict[str, Change]:
        kind = self.measures[measure].kind
        return {area: Change.of(self.analyses[area].facts, measure, kind) for area in self.reported}

    def _ranking_facts(self) -> list[Fact]:
        facts = []
        for measure in self.compared:
            changes = self._changes_of[measure]
            by = self._by[measure]
            prefix, name = f"ranking.{measure}", self.measures[measure].name
            facts += [
                Fact(f"{prefix}.areas", f"{name}: areas compared", len(changes), "count"),
                Fact(f"{prefix}.rises", f"{name}: areas where it rose", sum(c.change > 0 for c in changes.values()), "count"),
                Fact(f"{prefix}.falls", f"{name}: areas where it fell", sum(c.change < 0 for c in changes.values()), "count"),
                Fact(f"{prefix}.ranked_by", f"{name}: what areas are ranked by (percent, or chance: a base is small)", by, "text"),
            ]
            unit = "points" if self.measures[measure].kind == "proportion" else "percent"
            for way, top in zip(("rise", "fall"), largest(changes, by)):
                if top is None:
                    continue
                facts.append(Fact(f"{prefix}.largest_{way}", f"{name}: the area with the largest {way}", top, "text"))
                top_facts = self.analyses[top].facts
                facts.append(Fact(f"{prefix}.largest_{way}_change", f"{name}: the largest {way}, % (points for rates)", changes[top].relative(), unit))
                for suffix in ("baseline", "current"):
                    fact = top_facts[f"{measure}.{suffix}"]
                    facts.append(Fact(f"{prefix}.largest_{way}_{suffix}", f"{name}: the {suffix} of the area with the largest {way}", fact.value, fact.unit))
        return facts

    def _places(self, area: str) -> list[Fact]:
        facts = []
        if area not in self.reported:
            return facts
        for measure in self.compared:
            changes = self._changes_of[measure]
            own = changes[area]
            if own.change == 0:
                continue
            by = self._by[measure]
            same_way = sorted((a for a, c in changes.items() if c.change != 0 and (c.change > 0) == (own.change > 0)),
                              key=lambda a: -abs(size(changes[a], by)))
            name = self.measures[measure].name
            facts.append(Fact(f"ranking.{measure}.place", f"{name}: this area's place among the areas that moved its way", same_way.index(area) + 1, "ordinal"))
            facts.append(Fact(f"ranking.{measure}.place_of", f"{name}: areas that moved this area's way", len(same_way), "count"))
        return facts
