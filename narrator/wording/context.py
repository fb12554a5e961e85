"""The context the report templates see (the environment they run in: :mod:`.environment`).

They see:

* the fact tree: ``{{ da.recorded.change_pct }}`` prints fact ``da.recorded.change_pct``
  in house style, marked with its id; ``| abs`` drops the sign; ``.value`` is the raw
  value for conditions (``{% if da.recorded.months_equal.value %}``);
* ``period``, ``report`` and ``settings`` facts (``{{ period.current }}`` is "2020/21");
* ``say(measure, rule_set='movement')``: the movement in words, from ``rules/``;
* ``name(measure)``, ``label(measure)``: the catalogue's words for a measure;
* ``months_list(measure, 'largest_fall')``: "April 2020 (-58.0%), … and February 2021 (-66.2%)";
* ``table(id)``, ``commentary(slot)``, ``footnote(key)``, ``sections()``, ``methods(id)`` (:mod:`.placing`);
* microplanning (``opening``, ``area_opening``, ``opened``, ``paragraph``, ``plan``,
  ``force_name``; :mod:`.variation`, :mod:`.aggregation`, :mod:`.referring`, :mod:`.grammar`):
  a paragraph's opening from rules/variation.yaml, a shared finding said once, the force as the
  analyst names it;
* ``chart(measure)``: the measure's chart (report.yaml's ``charts``); ``chart(m, at='measure')``
  or ``chart(measures, at='section')`` only where report.yaml places charts there (for a
  section's list of measures, the first that has a chart), else nothing.

A reference to a fact that does not exist, or any other template error, becomes one
:class:`TemplateProblem` naming the template file and line, worded in template terms
(:mod:`.debug`). Every template function checks its arguments with
:func:`narrator.wording.arguments.takes`, so a wrong one says which function, what it expects
and what it was given.
Text from the analyst's files that a function places (commentary, names, titles) travels as
words (:func:`narrator.wording.markers.words`, :class:`~narrator.wording.sandbox.Words`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..analysis.facts import MONTHLY_FACTS, Analysis, FactSet
from ..errors import TemplateProblem
from ..settings.commentary import Commentary
from ..settings.sections import Section
from . import markers
from .arguments import MEASURE, MEASURES, TEXT, WORDS, _flat, takes
from .facttree import FactNode, FactRef, _index, _WithoutMonths, without_months
from .movement import printed_change, printed_direction
from .phrasing import Movement, Phraser, RuleBook
from .sandbox import Words
from .aggregation import Aggregator
from .grammar import capitalise_first
from .placing import Placing
from .referring import Mentions, force_name
from .style import HouseStyle
from .variation import Openers


class ReportContext(Placing):
    """Builds the template context and tracks what the templates used: the fact tree and its words
    here (movements, openings, names, months), the tables, charts, commentary and footnotes it
    places in :class:`~narrator.wording.placing.Placing`."""

    def __init__(
        self,
        analysis: Analysis,
        facts: FactSet,  # every fact: the analysis's and the period's and settings'
        style: HouseStyle,
        rules: RuleBook,
        slots: Commentary,
        tables: Mapping[str, object],
        measure_footnotes: Mapping[str, str],
        events: tuple = (),
        sections: tuple[Section, ...] = (),
        *,
        charts: Mapping[str, object] | None = None,  # charts by measure id
        charts_not_drawn: frozenset[str] = frozenset(),  # asked for, but with nothing to draw (one month's year on year)
        chart_place: str = "none",  # where report.yaml has the generic templates place charts
        method_words: Mapping[str, str] | None = None,  # benchmark method -> how a table note names it
        small_bases: set[str] = frozenset(),  # the tables printing a count's change on a small base in numbers
    ) -> None:
        Placing.__init__(self, slots, tables, measure_footnotes, sections, charts, charts_not_drawn, chart_place, method_words, small_bases)
        self.events_list = events
        self.facts = facts
        self.analysis = analysis
        self.style = style
        self.index = _index(self.facts)
        self.phraser = Phraser(rules, markers.strip)
        self.openers = Openers(markers.strip)
        self.aggregator = Aggregator(self, markers.strip)
        self.mentions = Mentions()
        self.rule_environment = rules

    def namespace(self) -> dict[str, object]:
        roots = {fact_id.split(".")[0] for fact_id in self.facts}
        names: dict[str, object] = {root: FactNode(root, self.facts, self.style, self.index) for root in sorted(roots)}
        names.update(
            say=self.say,
            measures=self.measures,
            methods=self.methods,
            name=self.name,
            label=self.label,
            months_list=self.months_list,
            thresholds=self.thresholds,
            events=self.events,
            table=self.table,
            sections=self.sections,
            catalogue=self.catalogue,
            chart=self.chart,
            commentary=self.commentary,
            commentary_if=self.commentary_if,
            footnote=self.footnote,
            small_base=self.small_base,
            opening=self.opening,
            area_opening=self.area_opening,
            opened=self.opened,
            plan=self.plan,
            paragraph=self.paragraph,
            force_name=self.force_name,
        )
        return names

    def _measure(self, node: object):
        prefix = node.prefix if isinstance(node, FactNode) else str(node)
        assessment = self.analysis.assessments.get(prefix)
        if assessment is None:
            raise TemplateProblem(f"'{prefix}' is not a measure in the catalogue")
        return assessment.measure

    def is_measure(self, value: object) -> bool:
        return isinstance(value, FactNode) and value.prefix in self.analysis.assessments

    @takes("catalogue(da.recorded)", measure=MEASURE)
    def catalogue(self, measure: FactNode) -> "CatalogueView":
        """The measure's catalogue entry (name, noun, kind…), its words printable as words."""
        return CatalogueView(self._measure(measure))

    @takes("name(da.recorded)", measure=MEASURE)
    def name(self, measure: FactNode) -> str:
        """The catalogue's noun phrase for a measure, for running text."""
        return markers.words(self._measure(measure).name)

    @takes("label(da.recorded)", measure=MEASURE)
    def label(self, measure: FactNode) -> str:
        """The catalogue's label for a measure, as in a table row."""
        return markers.words(self._measure(measure).label)

    def movement(self, node: FactNode, again: bool = False) -> Movement:
        measure = self._measure(node)
        assessment = self.analysis.assessments[measure.id]
        style = self.style
        facts = {k: f.value for k, f in node.children().items()}
        change = facts["change"]
        shown = printed_change(change, measure.kind, style)
        direction = printed_direction(change, measure.kind, style)
        if direction == "flat" or measure.polarity == "neutral":
            better = "neutral"
        else:
            better = "better" if (direction == "up") == (measure.polarity == "higher_is_better") else "worse"
        change_pct = facts.get("change_pct") or 0.0
        current_n, baseline_n = facts.get("current_n", 0.0), facts.get("baseline_n", 0.0)
        survey = measure.survey
        proportion = measure.kind == "proportion"
        whole = self.analysis.assessments.get(measure.part_of) if measure.part_of else None
        small = abs(shown) < style.small_change_points if proportion else (
            facts["baseline"] != 0 and abs(change_pct) < style.small_change_percent)
        interval = (facts["change_low"], facts["change_high"]) if "change_low" in facts else None
        return Movement(
            kind=measure.kind,
            polarity=measure.polarity,
            direction=direction,
            significant=assessment.result.direction != "none",
            tested=assessment.result.tested,
            verdict=assessment.result.direction,
            judgement=assessment.judgement,
            better=better,
            current=facts["current"],
            baseline=facts["baseline"],
            change=change,
            change_pct=change_pct,
            abs_change_pct=abs(change_pct),
            baseline_zero=facts["baseline"] == 0,
            current_n=current_n,
            baseline_n=baseline_n,
            comparator=measure.comparator,
            test_kind=assessment.result.test_kind,
            survey=survey,
            small=bool(small),
            stable=style.stable(measure.kind, facts["baseline"], interval),
            has_interval=interval is not None,
            method=assessment.result.method,
            low_volume=measure.kind == "count" and max(facts["current"], facts["baseline"]) < style.low_count_below,
            small_count=measure.kind == "count" and facts["baseline"] < style.small_count_below,
            few_cases=proportion and not survey and min(current_n, baseline_n) < style.few_cases_below,
            small_sample=survey and min(current_n, baseline_n) < style.small_sample_below,
            noun=measure.noun or "",
            again=again,
            whole_test_kind=whole.result.test_kind if whole is not None else "none",
            whole_significant=whole is not None and whole.result.direction != "none",
            **self._parent(measure, facts, style),
        )

    def _parent(self, measure, facts: Mapping[str, object], style: HouseStyle) -> dict[str, object]:
        """The parent's movement, when the draft is about one of its areas (``m.parent.*`` facts)."""
        key = f"{measure.id}.parent"
        if f"{key}.change" not in self.facts:
            return {}
        change, baseline = self.facts[f"{key}.change"].value, self.facts[f"{key}.baseline"].value
        return {
            "has_parent": True,
            "parent_direction": printed_direction(change, measure.kind, style),
            "parent_small_count": measure.kind == "count" and baseline < style.small_count_below,
        }

    @takes("say(da.recorded) or say(da.recorded, 'sample')", node=MEASURE, rule_set=TEXT)
    def say(self, node: FactNode, rule_set: str | None = None, again: bool = False, finding: bool = True) -> str:
        """The measure's movement in words, from the rule set ``rule_set`` (by default ``survey``
        for a survey measure, else ``movement``); ``again`` when the paragraph has named the periods;
        ``finding=False`` leaves out what the test found (said once for several: ``plan``)."""
        movement = self.movement(node, again)
        if rule_set is None:
            rule_set = "survey" if movement.survey else "movement"
        return self.phraser.say(node.prefix, movement, self._values(node, movement), rule_set, quiet=not finding)

    def _values(self, node: FactNode, movement: Movement) -> dict[str, object]:
        """What a phrase about measure ``node`` may print: its movement's fields, its facts, the periods…"""
        values: dict[str, object] = {**movement.values(), **node.children()}
        if "change_low" in values:  # a range prints its unit once: "−2.5 to 1.8 percentage points"
            values["change_low"] = FactRef(values["change_low"].fact, self.style, bare=True)  # type: ignore[attr-defined]
        for name in MONTHLY_FACTS:  # a rolling-year series: a phrase printing a month fact is an error
            absent = without_months(node.prefix, name, self.facts)
            if absent:
                values.setdefault(name, _WithoutMonths(absent))
        values["period"] = FactNode("period", self.facts, self.style, self.index)
        values["settings"] = FactNode("settings", self.facts, self.style, self.index)
        for name, prefix in (("parent", f"{node.prefix}.parent"), ("area", "area")):
            if prefix in self.index:
                values[name] = FactNode(prefix, self.facts, self.style, self.index)
        measure = self._measure(node)
        values["whole"] = self._measure(measure.part_of).name if measure.part_of else ""
        values["report"] = FactNode("report", self.facts, self.style, self.index)
        return values

    @takes("opening(da.recorded)", node=MEASURE, subject=WORDS)
    def opening(self, node: FactNode, subject: str | None = None, finding: bool = True) -> str:
        """The first sentence of a paragraph about a measure (without its full stop): its movement,
        opened by one of rules/variation.yaml's ``opener`` phrasings, the one whose first word has
        gone longest unused (narrator.wording.variation). A paragraph starts afresh: its first
        judgement phrase does not depend on the paragraph before, so a revision there never rewords it."""
        self.new_paragraph()
        before = self.phraser.state()
        said = self.say(node, finding=finding)
        after_said = self.phraser.state()
        self.phraser.restore(before)
        said_again = self.say(node, again=True, finding=finding)
        after_again = self.phraser.state()
        movement = self.movement(node)
        values = {**self._values(node, movement), "said": said, "said_again": said_again,
                  "subject": subject if subject is not None else self.name(node)}
        candidates: dict[str, bool] = {}
        for text, again in self.phraser.render_all("opener", movement, values):
            candidates.setdefault(text, again)
        chosen = self.openers.choose(node.prefix, list(candidates)) if candidates else f"{capitalise_first(values['subject'])} {said}"
        self.phraser.restore(after_again if candidates.get(chosen) else after_said)
        return chosen

    @takes("area_opening(da.recorded, said)", node=MEASURE, said=WORDS)
    def area_opening(self, node: FactNode, said: str) -> str:
        """The first sentence of a paragraph comparing the areas on a measure: ``said`` (where it rose
        and fell) opened by one of rules/variation.yaml's ``area_opener`` phrasings."""
        self.new_paragraph()
        movement = self.movement(node)
        values = {**self._values(node, movement), "said": str(said), "said_again": str(said), "subject": self.name(node)}
        candidates = [text for text, _ in self.phraser.render_all("area_opener", movement, values)]
        return self.openers.choose(f"ranking.{node.prefix}", candidates) if candidates else f"{capitalise_first(values['subject'])} {said}"

    def new_paragraph(self) -> None:
        """A paragraph starts: no verb, judgement phrase or name carried over from the one before."""
        self.phraser.new_paragraph()
        self.mentions.new_paragraph()

    def paragraph(self) -> str:
        """Placed where a paragraph starts with words of its own or the analyst's (a template's opening()
        starts its paragraph itself): nothing carried over from the paragraph before. Prints nothing."""
        self.new_paragraph()
        return ""

    @takes("plan(group)", measures=MEASURES)
    def plan(self, measures: object, alone: bool = False) -> list:
        """Aggregation for a paragraph of measures: each measure's step (``quiet``: said without its
        finding; ``closing``: the sentence saying a run's shared finding once), narrator.wording.aggregation.
        ``alone``: the template says nothing of them after their movements (else the generic macro's rules)."""
        return self.aggregator.plan(_flat(measures), alone)

    def opened(self, text: object) -> str:
        """A paragraph opened by a template's own words: remembered, so the next openings differ."""
        self.new_paragraph()
        self.openers.note(str(text))
        return str(text)

    def measures(self) -> list[FactNode]:
        """Every measure of the catalogue, in catalogue order, as a node of its facts."""
        return [FactNode(m, self.facts, self.style, self.index) for m in self.analysis.assessments]

    @takes("months_list(da.recorded, 'largest_fall')", node=MEASURE, kind=TEXT)
    def months_list(self, node: FactNode, kind: str = "largest_fall") -> str:
        """Months of a ranked set (largest_fall, largest_rise), in calendar order, with their changes."""
        group = f"{node.prefix}.{kind}"
        ranks = sorted({k.split(".")[-1] for k in self.index.get(group, ())}, key=int)
        if not ranks:
            raise TemplateProblem(f"no facts '{group}.*' (there may be no such months)")
        def change(rank: str) -> FactRef:
            key = next(k for k in (f"{group}.{rank}.change_pct", f"{group}.{rank}.change") if k in self.facts)
            return FactRef(self.facts[key], self.style)

        items = sorted(
            (self.facts[f"{group}.{r}.month"].value, FactRef(self.facts[f"{group}.{r}.month"], self.style), change(r))
            for r in ranks
        )
        parts = [f"{month} ({change})" for _, month, change in items]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    @takes("thresholds(da.recorded)", node=MEASURE)
    def thresholds(self, node: FactNode) -> list[FactNode]:
        """The measure's thresholds (catalogue order), each a node with value, first_month, months_current."""
        measure = self._measure(node)
        return [FactNode(f"{measure.id}.threshold.{t}", self.facts, self.style, self.index) for t in measure.thresholds]

    @takes("events(da.recorded)", node=MEASURE)
    def events(self, node: FactNode) -> list[dict[str, object]]:
        """The report's events that fall in the measure's current period: name and change on a year before."""
        found = []
        for event in self.events_list:
            for suffix in ("change_pct", "change"):
                key = f"{node.prefix}.event.{event.id}.{suffix}"
                if key in self.facts:
                    found.append({"name": markers.words(event.name), "change": FactRef(self.facts[key], self.style)})
        return found

    def force_name(self) -> str:
        """The force this draft is about, as the analyst names it (report.force), even where the data
        call it otherwise ("Kent Police", not the table's "Kent"); named again in a paragraph, by
        report.force_short ("the force")."""
        area = self.facts["area.name"] if "area.name" in self.facts else None
        force = self.facts["report.force"] if "report.force" in self.facts else None
        named = force_name(force.value if force else None, area.value if area else None)
        fact = force if force is not None and named == force.value else area
        full = str(FactRef(fact, self.style)) if fact is not None else ""
        return self.mentions.refer("force", full, str(FactRef(self.facts["report.force_short"], self.style)))

class CatalogueView:
    """A measure's catalogue entry as a template sees it: every text is :class:`Words`, so it
    prints as the analyst's words (a measure named "999 calls" holds no typed figure), while it
    still compares and looks up as the text it is (``c.kind == 'count'``, ``commentary_if(c.id)``)."""

    def __init__(self, measure: object) -> None:
        self._measure = measure

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._measure, name)
        return Words(value) if isinstance(value, str) else value
