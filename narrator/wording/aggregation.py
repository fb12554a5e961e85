"""Aggregation: related measures with the same finding said once.

In a paragraph of related measures (a group of the generic templates, or measures a project's
template names together), consecutive measures whose tests found the same thing, in the same words
and with no figure of their own (", a rise larger than the usual variation from year to year"),
have their movements said without it, and the last of them closes with one sentence for them all,
from rules/variation.yaml's ``together`` set: "Both were rises larger than the usual variation
from year to year." A finding that carries figures (a 95% range) is each measure's own and is
never shared; neither is one of a measure whose paragraph says more after its movement (months,
records, a caveat), which would put words between the movement and its finding.

:func:`runs` is the plan (pure); :class:`Aggregator` gives it the rendered findings of a
:class:`narrator.wording.context.ReportContext` (passed in, not imported: a context calls it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .grammar import small_number

MOST_TOGETHER = 3  # a run longer than this is split: "all four were…" is past what a reader holds


@dataclass(frozen=True)
class Step:
    """One measure of a paragraph as the plan says it: with its finding or without (``quiet``), and
    the sentence that closes a run after it ("" for none)."""

    quiet: bool = False
    closing: str = ""


def runs(findings: Sequence[str], shareable: Sequence[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each run of two or more consecutive measures whose findings are the
    same and shareable; every measure of a run but its last must be shareable (nothing said between
    its movement and the shared finding), the last's extras come after the closing sentence."""
    found, start = [], 0
    while start < len(findings):
        end = start
        while (end + 1 < len(findings) and end - start + 1 < MOST_TOGETHER and shareable[end]
               and findings[end + 1] == findings[start] and findings[start]):
            end += 1
        if end > start:
            found.append((start, end))
        start = end + 1
    return found


def together_words(count: int) -> str:
    """How a closing sentence names the measures it is about: "Both", "All three"."""
    return "Both" if count == 2 else f"All {small_number(count)}"


class Aggregator:
    """Plans a paragraph of measures for a template: ``plan(group)`` gives one :class:`Step` each."""

    def __init__(self, context: object, plain: Callable[[str], str]) -> None:
        self.context = context
        self.plain = plain

    def plan(self, measures: Sequence[object], alone: bool = False) -> list[Step]:
        """One step per measure; ``alone`` when the template says nothing of them after their movements."""
        measures = list(measures)
        findings = [self._finding(m) for m in measures]
        shareable = [alone or self.says_nothing_more(m) for m in measures]
        steps = [Step() for _ in measures]
        for first, last in runs(findings, shareable):
            closing = self.together(measures[last], together_words(last - first + 1))
            if not closing:
                continue
            for i in range(first, last + 1):
                steps[i] = Step(quiet=True, closing=closing if i == last else "")
        return steps

    def says_nothing_more(self, node: object) -> bool:
        """Whether the generic paragraph says nothing of the measure after its movement (no months,
        records, rolling run, caveat or parent's change: the conditions of macros.md.j2's ``measure``)."""
        measure, facts = self.context._measure(node), self.context.facts
        if measure.survey or f"{measure.id}.parent.current" in facts:
            return False
        if measure.monthly and not measure.comparator:
            if measure.kind == "count":
                return False
            if measure.kind == "proportion" and any(f"{measure.id}.rolling.{k}" in facts for k in ("rise_months", "fall_months")):
                return False
        return True

    def together(self, node: object, words: str) -> str:
        """The sentence closing a run, from rules/variation.yaml's ``together`` set ("" where none matches)."""
        if "together" not in self.context.phraser.rules.sets:
            return ""
        movement = self.context.movement(node)
        values = {**self.context._values(node, movement), "all": words}
        said = self.context.phraser._render("together", node.prefix, movement, values)
        return said[0] if said else ""

    def _finding(self, node: object) -> str:
        """The measure's finding in the rules' first words, or "" where it cannot be shared."""
        movement = self.context.movement(node)
        said = self.context.phraser._render("finding", node.prefix, movement, self.context._values(node, movement))
        text = said[0] if said else ""
        plain = self.plain(text)
        if not plain.startswith(", ") or any(ch.isdigit() for ch in plain) or text != plain:
            return ""
        return plain
