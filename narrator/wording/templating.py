"""The Jinja environment and the context the report templates see.

Templates run in Jinja's ``SandboxedEnvironment`` with ``StrictUndefined``. They see:

* the fact tree: ``{{ da.recorded.change_pct }}`` prints fact ``da.recorded.change_pct``
  in house style, marked with its id; ``| abs`` drops the sign; ``.value`` is the raw
  value for conditions (``{% if da.recorded.months_equal.value %}``);
* ``period``, ``report`` and ``settings`` facts (``{{ period.current }}`` is "2020/21");
* ``say(measure, rule_set='movement')``: the movement in words, from ``rules/``;
* ``name(measure)``, ``label(measure)``: the catalogue's words for a measure;
* ``months_list(measure, 'largest_fall')``: "April 2020 (-58.0%), … and February 2021 (-66.2%)";
* ``table(id)``, ``commentary(slot)``, ``footnote(key)``;
* ``chart(measure)``: the measure's chart (report.yaml's ``charts``); ``chart(m, at='measure')``
  or ``chart(measures, at='section')`` only where report.yaml places charts there (for a
  section's list of measures, the first that has a chart), else nothing.

A reference to a fact that does not exist, or any other template error, becomes one
:class:`TemplateProblem` naming the template file and line.
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import total_ordering
from pathlib import Path

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment

from ..analysis.facts import Analysis, Fact, FactSet
from ..errors import NarratorError, TemplateProblem, suggestion
from ..inputs.commentary import Commentary
from ..inputs.sections import Section
from ..numbers import round_half_up
from . import markers
from .phrasing import Movement, Phraser, RuleBook
from .style import HouseStyle

RESERVED = (
    "period", "report", "settings", "group", "say", "name", "label", "months_list", "thresholds", "events",
    "table", "commentary", "commentary_if", "footnote", "measures", "sections", "catalogue", "tests", "chart",
)


class _Undefined(StrictUndefined):
    """StrictUndefined that also fails on ``abs`` and ``round`` (Jinja's raises a bare TypeError)."""

    __slots__ = ()
    __abs__ = StrictUndefined._fail_with_undefined_error
    __round__ = StrictUndefined._fail_with_undefined_error


class _FileProblem(TemplateProblem):
    """A template file that cannot be read at all; the message names the file."""


class _Loader(FileSystemLoader):
    """FileSystemLoader whose unreadable files are one message naming the file."""

    def get_source(self, environment, template):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            for folder in self.searchpath:
                path = Path(folder) / template
                if path.is_file():
                    try:
                        path.read_bytes().decode("utf-8")
                    except UnicodeDecodeError as error:
                        raise _FileProblem(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
            raise


def make_environment(templates: Path | Sequence[Path] | None = None) -> SandboxedEnvironment:
    """The one Jinja configuration used for report templates and rule phrasings.

    ``templates`` is a folder, or folders searched in order (a project's own, then the defaults).
    """
    folders = [templates] if isinstance(templates, (str, Path)) else list(templates or ())
    environment = SandboxedEnvironment(
        loader=_Loader([str(f) for f in folders]) if folders else None,
        undefined=_Undefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cap"] = capitalise_first
    environment.filters["noun"] = noun_for
    return environment


def noun_for(count: object, singular: str, plural: str) -> str:
    """``singular`` when ``count`` (a fact or a number) is one, else ``plural``."""
    value = count.value if isinstance(count, FactRef) else count
    return singular if value == 1 else plural


def capitalise_first(text: object) -> str:
    """The text with its first visible letter in capitals; the rest (and any fact id) untouched."""
    text = str(text)
    hidden = False  # inside a marker's fact id or footnote key, which a reader never sees
    for i, char in enumerate(text):
        if char in (markers.FIGURE, markers.FOOTNOTE):
            hidden = True
        elif char in (markers.SEPARATOR, markers.CLOSE):
            hidden = False
        elif char.isalpha() and not hidden:
            return text[:i] + char.upper() + text[i + 1 :]
    return text


@total_ordering
class FactRef:
    """A fact as a template sees it: prints as a marked figure, compares by value."""

    def __init__(self, fact: Fact, style: HouseStyle, absolute: bool = False) -> None:
        self.fact = fact
        self._style = style
        self._absolute = absolute

    @property
    def value(self) -> object:
        value = self.fact.value
        return abs(value) if self._absolute and isinstance(value, (int, float)) else value

    @property
    def id(self) -> str:
        return self.fact.id

    def __str__(self) -> str:
        return markers.figure(self.fact.id, self._style.format(self.value, self.fact.unit))

    def __abs__(self) -> "FactRef":
        return FactRef(self.fact, self._style, absolute=True)

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, FactRef) else other)

    def __lt__(self, other: object) -> bool:
        return self.value < (other.value if isinstance(other, FactRef) else other)

    def __hash__(self) -> int:
        return hash(self.fact.id)

    def __bool__(self) -> bool:
        return bool(self.value)


class FactNode:
    """A prefix of fact ids (``da``, ``da.recorded``); attribute access walks down the tree."""

    def __init__(self, prefix: str, facts: FactSet, style: HouseStyle, index: Mapping[str, set[str]]) -> None:
        self.prefix = prefix
        self._facts = facts
        self._style = style
        self._index = index

    def _child(self, name: str) -> "FactRef | FactNode":
        key = f"{self.prefix}.{name}"
        if key in self._facts:
            return FactRef(self._facts[key], self._style)
        if key in self._index:
            return FactNode(key, self._facts, self._style, self._index)
        hint = _nearest_child(key, self._index.get(self.prefix, ()))
        if f"{self.prefix}.current" in self._facts:  # self is a measure: key is one of its facts
            raise TemplateProblem(f"no fact '{key}'{hint}")
        raise TemplateProblem(f"no measure or fact '{key}' in the catalogue or the data{hint}")

    def __getattr__(self, name: str) -> "FactRef | FactNode":
        if name.startswith("_"):
            raise AttributeError(name)
        return self._child(name)

    def __getitem__(self, name: object) -> "FactRef | FactNode":
        return self._child(str(name))

    def __contains__(self, name: object) -> bool:
        """``{% if 'half_month' in over %}``: whether a fact (or group of facts) exists below this one."""
        key = f"{self.prefix}.{name}"
        return key in self._facts or key in self._index

    def children(self) -> dict[str, FactRef]:
        """The facts directly under this prefix, by their last id segment."""
        return {
            key[len(self.prefix) + 1 :]: FactRef(self._facts[key], self._style)
            for key in self._index.get(self.prefix, ())
            if key in self._facts
        }

    def __str__(self) -> str:
        raise TemplateProblem(f"'{self.prefix}' is a group of facts, not a fact; name one of its facts")


def _nearest_child(key: str, siblings) -> str:
    """"; did you mean 'da.recorded.change_pct'?" for the sibling whose last part is nearest."""
    by_last = {sibling.rsplit(".", 1)[-1]: sibling for sibling in sorted(siblings)}
    close = difflib.get_close_matches(key.rsplit(".", 1)[-1], sorted(by_last), n=1, cutoff=0.6)
    return f"; did you mean '{by_last[close[0]]}'?" if close else ""


def _index(facts: FactSet) -> dict[str, set[str]]:
    """Each prefix → the ids one level below it (facts and sub-prefixes)."""
    index: dict[str, set[str]] = {}
    for fact_id in facts:
        parts = fact_id.split(".")
        for i in range(1, len(parts)):
            index.setdefault(".".join(parts[:i]), set()).add(".".join(parts[: i + 1]))
    return index


@dataclass(frozen=True)
class SectionView:
    """A section as a template sees it: its id (also its commentary slot), title, table and
    groups of measures (each group one paragraph)."""

    id: str
    title: str
    table: str
    groups: tuple[tuple[FactNode, ...], ...]

    @property
    def measures(self) -> tuple[FactNode, ...]:
        return tuple(m for group in self.groups for m in group)


class ReportContext:
    """Builds the template context and tracks what the templates used."""

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
        chart_place: str = "none",  # where report.yaml has the generic templates place charts
    ) -> None:
        self.charts = charts or {}
        self.chart_place = chart_place
        self.events_list = events
        self.sections_list = sections
        self.facts = facts
        self.analysis = analysis
        self.style = style
        self.slots = slots
        self.tables = tables
        self.footnote_texts = {**measure_footnotes, **slots.footnotes}
        self.used_slots: list[str] = []
        self.offered_slots: set[str] = set()  # every slot a template asked for, filled or not
        self.index = _index(self.facts)
        self.phraser = Phraser(rules, markers.strip)
        self.rule_environment = rules

    def namespace(self) -> dict[str, object]:
        roots = {fact_id.split(".")[0] for fact_id in self.facts}
        names: dict[str, object] = {root: FactNode(root, self.facts, self.style, self.index) for root in sorted(roots)}
        names.update(
            say=self.say,
            measures=self.measures,
            name=lambda m: self._measure(m).name,
            label=lambda m: self._measure(m).label,
            months_list=self.months_list,
            thresholds=self.thresholds,
            events=self.events,
            table=self.table,
            sections=self.sections,
            catalogue=lambda m: self._measure(m),
            chart=self.chart,
            commentary=self.commentary,
            commentary_if=self.commentary_if,
            footnote=self.footnote,
        )
        return names

    def _measure(self, node: object):
        prefix = node.prefix if isinstance(node, FactNode) else str(node)
        assessment = self.analysis.assessments.get(prefix)
        if assessment is None:
            raise TemplateProblem(f"'{prefix}' is not a measure in the catalogue")
        return assessment.measure

    def movement(self, node: FactNode, again: bool = False) -> Movement:
        measure = self._measure(node)
        assessment = self.analysis.assessments[measure.id]
        style = self.style
        facts = {k: f.value for k, f in node.children().items()}
        change = facts["change"]
        shown = style.rounded(change) if measure.kind == "proportion" else round_half_up(change, 0) if measure.kind == "level" else change
        direction = "up" if shown > 0 else "down" if shown < 0 else "flat"
        if direction == "flat" or measure.polarity == "neutral":
            better = "neutral"
        else:
            better = "better" if (direction == "up") == (measure.polarity == "higher_is_better") else "worse"
        change_pct = facts.get("change_pct") or 0.0
        current_n, baseline_n = facts.get("current_n", 0.0), facts.get("baseline_n", 0.0)
        survey = bool(getattr(measure, "survey", False))
        proportion = measure.kind == "proportion"
        whole = self.analysis.assessments.get(measure.part_of) if measure.part_of else None
        small = abs(shown) < style.small_change_points if proportion else (
            facts["baseline"] != 0 and abs(change_pct) < style.small_change_percent)
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
            test_kind=_test_kind(assessment.result),
            survey=survey,
            small=bool(small),
            low_volume=measure.kind == "count" and max(facts["current"], facts["baseline"]) < style.low_count_below,
            small_count=measure.kind == "count" and facts["baseline"] < style.small_count_below,
            few_cases=proportion and not survey and min(current_n, baseline_n) < style.few_cases_below,
            small_sample=survey and min(current_n, baseline_n) < style.small_sample_below,
            noun=measure.noun or "",
            again=again,
            whole_test_kind=_test_kind(whole.result) if whole is not None else "none",
            whole_significant=whole is not None and whole.result.direction != "none",
        )

    def say(self, node: FactNode, rule_set: str | None = None, again: bool = False) -> str:
        """The measure's movement in words, from the rule set ``rule_set`` (by default ``survey``
        for a survey measure, else ``movement``); ``again`` when the paragraph has named the periods."""
        if not isinstance(node, FactNode):
            raise TemplateProblem("say() takes a measure, such as say(da.recorded)")
        movement = self.movement(node, again)
        if rule_set is None:
            rule_set = "survey" if movement.survey else "movement"
        values: dict[str, object] = {**asdict(movement), **node.children()}
        values["period"] = FactNode("period", self.facts, self.style, self.index)
        measure = self._measure(node)
        values["whole"] = self._measure(measure.part_of).name if measure.part_of else ""
        return self.phraser.say(node.prefix, movement, values, rule_set)

    def measures(self) -> list[FactNode]:
        """Every measure of the catalogue, in catalogue order, as a node of its facts."""
        return [FactNode(m, self.facts, self.style, self.index) for m in self.analysis.assessments]

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

    def thresholds(self, node: FactNode) -> list[FactNode]:
        """The measure's thresholds (catalogue order), each a node with value, first_month, months_current."""
        measure = self._measure(node)
        return [FactNode(f"{measure.id}.threshold.{t}", self.facts, self.style, self.index) for t in measure.thresholds]

    def events(self, node: FactNode) -> list[dict[str, object]]:
        """The report's events that fall in the measure's current period: name and change on a year before."""
        found = []
        for event in self.events_list:
            for suffix in ("change_pct", "change"):
                key = f"{node.prefix}.event.{event.id}.{suffix}"
                if key in self.facts:
                    found.append({"name": event.name, "change": FactRef(self.facts[key], self.style)})
        return found

    def table(self, table_id: str) -> str:
        if table_id not in self.tables:
            raise TemplateProblem(f"no table '{table_id}' in the report settings{suggestion(table_id, self.tables)}")
        return f"\n::table {table_id}\n"

    def chart(self, measure: object, at: str | None = None) -> str:
        ids = [m.prefix if isinstance(m, FactNode) else str(m) for m in _flat(measure)]
        if at is not None:
            if at not in ("measure", "section"):
                raise TemplateProblem(f"chart(…, at='{at}'): 'at' is 'measure' or 'section'")
            ids = [i for i in ids if i in self.charts][:1] if self.chart_place == at else []
        for chart_id in ids:
            if chart_id not in self.charts:
                raise TemplateProblem(f"no chart of '{chart_id}'; list it under charts: measures: in report.yaml")
        return "".join(f"\n::chart {chart_id}\n" for chart_id in ids)

    def sections(self) -> list[SectionView]:
        """The report's sections (report.yaml's, else the catalogue's), each with its groups of measures."""
        node = lambda m: FactNode(m, self.facts, self.style, self.index)  # noqa: E731
        return [
            SectionView(s.id, s.title, s.table, tuple(tuple(node(m) for m in group) for group in s.groups))
            for s in self.sections_list
        ]

    def commentary_if(self, slot: str) -> str:
        """The slot's paragraphs when commentary.yaml fills it, else nothing (the slot is still offered)."""
        self.offered_slots.add(slot)
        return self.commentary(slot) if slot in self.slots.paragraphs else ""

    def commentary(self, slot: str) -> str:
        self.offered_slots.add(slot)
        if not self.slots.enabled:
            return ""
        if slot not in self.slots.paragraphs:
            raise TemplateProblem(f"no commentary slot '{slot}' in {self.slots.path}{suggestion(slot, self.slots.paragraphs)}")
        self.used_slots.append(slot)
        return "\n\n".join(_footnote_markers(p, self) for p in self.slots.paragraphs[slot])

    def footnote(self, key: str) -> str:
        if key not in self.footnote_texts:
            raise TemplateProblem(f"no footnote '{key}' (define it in the commentary's footnotes or a measure's footnote)")
        return markers.footnote(key)


def _test_kind(result) -> str:
    """What kind of result a benchmark gave: a significance test, a control-chart signal, or none."""
    kind = getattr(result, "test_kind", None)
    if kind is not None:
        return kind
    return "none" if not result.tested else "control_chart" if result.method == "spc" else "significance"


def _flat(items: object) -> list[object]:
    """A measure, or a list of them (a section's, perhaps in groups), as one flat list."""
    if isinstance(items, (list, tuple)):
        return [leaf for item in items for leaf in _flat(item)]
    return [items]


def _footnote_markers(paragraph: str, context: ReportContext) -> str:
    """Commentary writes footnotes as [^key]; they become footnote markers."""
    def replace_marker(match: "re.Match[str]") -> str:
        return context.footnote(match.group(1))

    return re.sub(r"\[\^([A-Za-z0-9_.-]+)\]", replace_marker, paragraph)


def render_report(environment: SandboxedEnvironment, template_name: str, context: ReportContext) -> str:
    """The report template rendered to block markup, or one TemplateProblem with file and line."""
    namespace = context.namespace()
    try:
        template = environment.get_template(template_name)
        return template.render(namespace)
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"{error.filename or template_name}, line {error.lineno}: {error.message}") from None
    except _FileProblem:
        raise
    except NarratorError as error:
        raise type(error)(f"{_template_line(error, template_name)}{error}") from None
    except UndefinedError as error:
        name = re.fullmatch(r"'(\w+)' is undefined", str(error))
        if name:
            known = [*namespace, *environment.globals]
            message = f"'{name.group(1)}' is not a measure, fact or function a template can use{suggestion(name.group(1), known)}"
        else:
            message = str(error)
        raise TemplateProblem(f"{_template_line(error, template_name)}{message}") from None
    except TemplateError as error:
        raise TemplateProblem(f"{_template_line(error, template_name)}{error}") from None
    except Exception as error:
        # Anything else raised inside a template (1/0, a filter given the wrong thing) is the
        # template's problem, named by its line; outside a template it is a bug and propagates.
        where = _template_line(error, "")
        if not where:
            raise
        raise TemplateProblem(f"{where}{type(error).__name__}: {error}") from error


def _template_line(error: BaseException, fallback: str) -> str:
    """'templates/x.md.j2, line 12: ' from the innermost template frame of the traceback."""
    found = ""
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".jinja"):
            found = f"{filename}, line {line}: "
    return found or (f"{fallback}: " if fallback else "")
