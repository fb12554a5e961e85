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
:class:`TemplateProblem` naming the template file and line, worded in template terms
(:func:`_translated`). Every template function checks its arguments with :func:`takes`, so a
wrong one says which function, what it expects and what it was given. The environment is
:class:`narrator.wording.sandbox.GuardedEnvironment`: figures only from facts, and a budget.
Text from the analyst's files that a function places (commentary, names, titles) travels as
words (:func:`narrator.wording.markers.words`, :class:`~narrator.wording.sandbox.Words`).
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import total_ordering
from pathlib import Path

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
)
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from ..analysis.facts import MONTHLY_FACTS, Analysis, Fact, FactSet
from ..errors import NarratorError, TemplateProblem, suggestion
from ..settings.commentary import Commentary
from ..settings.sections import Section
from ..numbers import round_half_up
from . import compiled, markers
from .phrasing import Movement, Phraser, RuleBook
from ..settings.commentary import FOOTNOTE_REFERENCE
from .sandbox import GuardedEnvironment, Words, in_template_terms
from .style import HouseStyle


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
    environment = GuardedEnvironment(
        loader=_Loader([str(f) for f in folders]) if folders else None,
        undefined=_Undefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cap"] = takes("name(da.recorded) | cap", text=WORDS)(capitalise_first)
    environment.filters["noun"] = takes("da.recorded.months_higher | noun('month', 'months')", count=COUNT, singular=TEXT, plural=TEXT)(noun_for)
    return environment


def check_templates(folders: Sequence[Path], name: str) -> None:
    """Compile the report template ``name`` and every template it includes or imports by a name
    written in it, so that a syntax error, a figure typed into one or a template that does not
    exist is found (with its file and line) before any figure is computed. Names worked out as
    the template runs, and templates that include themselves, are found when it runs."""
    environment = make_environment(folders)
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename, _ = environment.loader.get_source(environment, current)
        for target, line, optional in _included(environment, source, current, filename):
            if environment.loader is not None and not _exists(environment, target):
                if optional:
                    continue
                raise TemplateProblem(f"{filename}, line {line}: {_no_template(target, environment)}")
            waiting.append(target)


def _included(environment, source: str, name: str, filename: str) -> tuple[tuple[str, int, bool], ...]:
    """(name, line, ignore missing) of each template that ``source`` extends, includes or imports by a
    name written in it; from the parse (which also finds a syntax error, or a typed figure), or from
    the disk cache of a source that parsed before (narrator.wording.compiled)."""
    found = compiled.load("includes", environment, source)
    if isinstance(found, tuple):
        return found
    try:
        tree = environment.parse(source, name, filename)
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"{error.filename or name}, line {error.lineno}: {error.message}") from None
    found = tuple(
        (statement.template.value, statement.lineno, bool(getattr(statement, "ignore_missing", False)))
        for statement in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))
        if isinstance(statement.template, nodes.Const) and isinstance(statement.template.value, str)
    )
    compiled.store("includes", environment, source, found)
    return found


def _exists(environment, name: str) -> bool:
    try:
        environment.loader.get_source(environment, name)
    except TemplateNotFound:
        return False
    return True


def _no_template(name: str, environment) -> str:
    folders = " or ".join(str(f) for f in getattr(environment.loader, "searchpath", ())) or "the template folders"
    return (f"no template '{name}' in {folders}; a template may include or import only the templates in those folders, "
            "by a name such as macros.md.j2")


def noun_for(count: object, singular: str, plural: str) -> str:
    """``singular`` when ``count`` (a fact or a number) is one, else ``plural``."""
    value = count.value if isinstance(count, FactRef) else count
    return singular if value == 1 else plural


def capitalise_first(text: object) -> str:
    """The text with its first visible letter in capitals; the rest (and any fact id) untouched."""
    if isinstance(text, Words):
        return Words(capitalise_first(str(text)))  # still the analyst's words
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

    def __round__(self, places: int = 0) -> "FactRef":
        raise self._not_a_number("round")

    def __int__(self) -> int:
        raise self._not_a_number("int")

    def __float__(self) -> float:
        raise self._not_a_number("float")

    def _not_a_number(self, operation: str) -> TemplateProblem:
        return TemplateProblem(
            f"{operation} of the fact '{self.id}': a fact is printed as it is, already rounded in house style; "
            f"to compare it, use {self.id}.value in a condition"
        )

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        raise TemplateProblem(f"the fact '{self.fact.id}' has no '{name}'; a fact is printed as it is, or compared by its .value")

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
            absent = without_months(self.prefix, name, self._facts)
            if absent:
                raise TemplateProblem(absent)
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

    def __abs__(self) -> "FactNode":
        raise TemplateProblem(f"abs of '{self.prefix}', a group of facts: abs applies to a fact, such as {self.prefix}.change_pct | abs")


def without_months(measure: str, name: str, facts: FactSet) -> str | None:
    """Why fact ``name`` of ``measure`` does not exist, when it is one made from months and the
    measure is a rolling-year series (12-month totals); else None."""
    series = facts.get(f"{measure}.series")
    if series is None or series.value != "rolling_year" or name not in MONTHLY_FACTS:
        return None
    return (
        f"no fact '{measure}.{name}': '{measure}' is a rolling_year series (12-month totals), so it has no "
        "facts made from months; use its current, baseline, change and change_pct"
    )


class _WithoutMonths:
    """What a phrase sees for a month fact of a rolling-year series: printing it is an error."""

    def __init__(self, message: str) -> None:
        self.message = message

    def _fail(self, *args, **kwargs):
        raise TemplateProblem(self.message)

    __str__ = __bool__ = __abs__ = __eq__ = __lt__ = __gt__ = __le__ = __ge__ = _fail
    __hash__ = None


def _nearest_child(key: str, siblings) -> str:
    """"; did you mean 'da.recorded.change_pct'?" for the sibling whose last part is nearest."""
    by_last = {sibling.rsplit(".", 1)[-1]: sibling for sibling in sorted(siblings)}
    close = difflib.get_close_matches(key.rsplit(".", 1)[-1], sorted(by_last), n=1, cutoff=0.6)
    return f"; did you mean '{by_last[close[0]]}'?" if close else ""


def _index(facts: FactSet) -> dict[str, set[str]]:
    """Each prefix → the ids one level below it (facts and sub-prefixes)."""
    index: dict[str, set[str]] = {}
    for fact_id in facts:
        for prefix, child in _steps(fact_id):
            index.setdefault(prefix, set()).add(child)
    return index


@functools.lru_cache(maxsize=1 << 16)
def _steps(fact_id: str) -> tuple[tuple[str, str], ...]:
    """(prefix, the id one level below it) down to ``fact_id``: "a.b.c" → (a, a.b), (a.b, a.b.c).
    Kept, since the drafts of a batch share most of their fact ids."""
    parts = fact_id.split(".")
    return tuple((".".join(parts[:i]), ".".join(parts[: i + 1])) for i in range(1, len(parts)))


# --------------------------------------------------------------------------- the arguments of template functions


def describe(value: object) -> str:
    """A value as an analyst knows it: "the fact 'da.recorded.current'", "the text 'abc'"."""
    if isinstance(value, FactRef):
        return f"the fact '{value.id}'"
    if isinstance(value, FactNode):
        kind = "measure" if f"{value.prefix}.current" in value._facts else "group of facts"
        return f"the {kind} '{value.prefix}'"
    if value is None:
        return "nothing (none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text '{markers.strip(value)}'"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


@dataclass(frozen=True)
class Kind:
    """What a template function's argument must be, and how to say so."""

    words: str  # "a measure, such as da.recorded"
    accepts: Callable[[object, object], bool]  # (value, the ReportContext or None) → acceptable


MEASURE = Kind("a measure", lambda value, context: context.is_measure(value) if context else isinstance(value, FactNode))
TEXT = Kind("a name in quotes", lambda value, context: isinstance(value, str))
COUNT = Kind("a fact or a number", lambda value, context: isinstance(value, (FactRef, int, float)) and not isinstance(value, bool))
WORDS = Kind("words or a fact", lambda value, context: isinstance(value, (str, FactRef)))
MEASURES = Kind("a measure, its id in quotes, or a list of them",
                lambda value, context: all(isinstance(v, str) or MEASURE.accepts(v, context) for v in _flat(value)))


def takes(usage: str, **kinds: Kind):
    """Checks a template function's arguments against ``kinds``: a wrong one is a TemplateProblem
    in the analyst's terms ("name() expects a measure, such as name(da.recorded); it was given
    the fact 'da.recorded.current'"). ``usage`` shows the function called rightly."""

    def wrap(function):
        signature = inspect.signature(function)
        if "|" in usage:
            helper = f"the filter {usage.split('|', 1)[1].split('(', 1)[0].strip()}"
        else:
            helper = usage.split("(", 1)[0] + "()"
        is_method = next(iter(signature.parameters), "") == "self"

        @functools.wraps(function)
        def checked(*args, **kwargs):
            context = args[0] if is_method else None
            for value in [*args, *kwargs.values()]:
                if isinstance(value, Undefined):
                    value._fail_with_undefined_error()  # the misspelt name, as Jinja reports it
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                given = len(args) - is_method + len(kwargs)
                raise TemplateProblem(f"{helper} was given {given} value{'s' if given != 1 else ''}; use it as {usage}") from None
            for name, kind in kinds.items():
                if name in bound.arguments and not kind.accepts(bound.arguments[name], context):
                    raise TemplateProblem(f"{helper} expects {kind.words}, such as {usage}; it was given {describe(bound.arguments[name])}")
            return function(*args, **kwargs)

        return checked

    return wrap


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


@dataclass(frozen=True)
class MethodView:
    """A test behind a table's judgements, as a table note names it (rules/judgements.yaml: methods)."""

    name: str
    words: str
    test_kind: str  # significance | control_chart


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
        method_words: Mapping[str, str] | None = None,  # benchmark method -> how a table note names it
        small_bases: set[str] = frozenset(),  # the tables printing a count's change on a small base in numbers
    ) -> None:
        self.method_words = method_words or {}
        self.small_bases = small_bases
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
        self.used_footnotes: set[str] = set()
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
        shown = style.rounded(change) if measure.kind == "proportion" else round_half_up(change, 0) if measure.kind == "level" else change
        direction = "up" if shown > 0 else "down" if shown < 0 else "flat"
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
        shown = style.rounded(change) if measure.kind == "proportion" else round_half_up(change, 0) if measure.kind == "level" else change
        return {
            "has_parent": True,
            "parent_direction": "up" if shown > 0 else "down" if shown < 0 else "flat",
            "parent_small_count": measure.kind == "count" and baseline < style.small_count_below,
        }

    @takes("say(da.recorded) or say(da.recorded, 'sample')", node=MEASURE, rule_set=TEXT)
    def say(self, node: FactNode, rule_set: str | None = None, again: bool = False) -> str:
        """The measure's movement in words, from the rule set ``rule_set`` (by default ``survey``
        for a survey measure, else ``movement``); ``again`` when the paragraph has named the periods."""
        movement = self.movement(node, again)
        if rule_set is None:
            rule_set = "survey" if movement.survey else "movement"
        values: dict[str, object] = {**movement.values(), **node.children()}
        for name in MONTHLY_FACTS:  # a rolling-year series: a phrase printing a month fact is an error
            absent = without_months(node.prefix, name, self.facts)
            if absent:
                values.setdefault(name, _WithoutMonths(absent))
        values["period"] = FactNode("period", self.facts, self.style, self.index)
        for name, prefix in (("parent", f"{node.prefix}.parent"), ("area", "area")):
            if prefix in self.index:
                values[name] = FactNode(prefix, self.facts, self.style, self.index)
        measure = self._measure(node)
        values["whole"] = self._measure(measure.part_of).name if measure.part_of else ""
        return self.phraser.say(node.prefix, movement, values, rule_set)

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

    @takes("table('victims')", table_id=TEXT)
    def table(self, table_id: str) -> str:
        if table_id not in self.tables:
            raise TemplateProblem(f"no table '{table_id}' in the report settings{suggestion(table_id, self.tables)}")
        return f"\n::table {markers.words(table_id)}\n"

    @takes("chart(da.recorded) or chart(section.groups, at='section')", measure=MEASURES, at=TEXT)
    def chart(self, measure: object, at: str | None = None) -> str:
        ids = [m.prefix if isinstance(m, FactNode) else str(m) for m in _flat(measure)]
        if at is not None:
            if at not in ("measure", "section"):
                raise TemplateProblem(f"chart(…, at='{at}'): 'at' is 'measure' or 'section'")
            ids = [i for i in ids if i in self.charts][:1] if self.chart_place == at else []
        for chart_id in ids:
            if chart_id not in self.charts:
                raise TemplateProblem(f"no chart of '{chart_id}'; list it under charts: measures: in report.yaml")
        return "".join(f"\n::chart {markers.words(chart_id)}\n" for chart_id in ids)

    def sections(self) -> list[SectionView]:
        """The report's sections (report.yaml's, else the catalogue's), each with its groups of measures."""
        node = lambda m: FactNode(m, self.facts, self.style, self.index)  # noqa: E731
        return [
            SectionView(Words(s.id), Words(s.title), Words(s.table), tuple(tuple(node(m) for m in group) for group in s.groups))
            for s in self.sections_list
        ]

    @takes("commentary_if('introduction')", slot=TEXT)
    def methods(self, table_id: str) -> list[MethodView]:
        """The tests behind a table's judgements, each once, in the order of the table's rows."""
        if table_id not in self.tables:
            raise TemplateProblem(f"methods() expects the id of a table in the report settings; no table '{table_id}'{suggestion(table_id, self.tables)}")
        seen: dict[str, MethodView] = {}
        for row in self.tables[table_id].rows:
            for cell in row.cells:
                for run in cell.runs:
                    fact_id = getattr(run, "fact_id", "")
                    measure = fact_id.removesuffix(".judgement")
                    if measure == fact_id or measure not in self.analysis.assessments:
                        continue  # not a judgement cell
                    result = self.analysis.assessments[measure].result
                    if result.tested and result.method not in seen:
                        words = Words(self.method_words.get(result.method, result.method))
                        seen[result.method] = MethodView(result.method, words, result.test_kind)
        return list(seen.values())

    def commentary_if(self, slot: str) -> str:
        """The slot's paragraphs when commentary.yaml fills it, else nothing (the slot is still offered)."""
        self.offered_slots.add(slot)
        return self.commentary(slot) if slot in self.slots.paragraphs else ""

    @takes("commentary('da.plan')", slot=TEXT)
    def commentary(self, slot: str) -> str:
        self.offered_slots.add(slot)
        if not self.slots.enabled:
            return ""
        if slot not in self.slots.paragraphs:
            raise TemplateProblem(f"no commentary slot '{slot}' in {self.slots.path}{suggestion(slot, self.slots.paragraphs)}")
        self.used_slots.append(slot)
        return "\n\n".join(markers.words(_footnote_markers(p, self)) for p in self.slots.paragraphs[slot])

    @takes("footnote('iquanta')", key=TEXT, text=WORDS)
    def footnote(self, key: str, text: str | None = None) -> str:
        """A footnote reference; with ``text``, the footnote the template writes itself (figures
        printed from facts keep their ids), the same text each time the key is used."""
        if text is not None:
            text = str(text)
            if self.footnote_texts.setdefault(key, text) != text:
                raise TemplateProblem(f"footnote '{key}' is given two different texts")
        if key not in self.footnote_texts:
            raise TemplateProblem(f"no footnote '{key}' (define it in the commentary's footnotes or a measure's footnote)")
        self.used_footnotes.add(key)
        return markers.footnote(key)

    @takes("small_base('areas.burglary')", table_id=TEXT)
    def small_base(self, table_id: str) -> bool:
        """Whether table ``table_id`` prints a count's change on a small base in numbers, not as a %."""
        if table_id not in self.tables:
            raise TemplateProblem(f"no table '{table_id}' in the report settings{suggestion(table_id, self.tables)}")
        return table_id in self.small_bases


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


def _flat(items: object) -> list[object]:
    """A measure, or a list of them (a section's, perhaps in groups), as one flat list."""
    if isinstance(items, (list, tuple)):
        return [leaf for item in items for leaf in _flat(item)]
    return [items]


def _footnote_markers(paragraph: str, context: ReportContext) -> str:
    """Commentary writes footnotes as [^key]; they become footnote markers."""
    def replace_marker(match: "re.Match[str]") -> str:
        return context.footnote(match.group(1))

    return FOOTNOTE_REFERENCE.sub(replace_marker, paragraph)


def render_report(environment: SandboxedEnvironment, template_name: str, context: ReportContext) -> str:
    """The report template rendered to block markup, or one TemplateProblem with file and line."""
    namespace = context.namespace()
    if isinstance(environment, GuardedEnvironment):
        environment.reset_budget()
    try:
        template = environment.get_template(template_name)
        return template.render(namespace)
    except _FileProblem:
        raise
    except Exception as error:
        raise _translated(error, environment, template_name, namespace) from (None if isinstance(error, NarratorError) else error)


def _translated(error: Exception, environment, template_name: str, namespace: Mapping[str, object]) -> NarratorError:
    """Any error raised while rendering, worded for the analyst: the template's file and line,
    then what went wrong in the terms of templates (facts, measures, functions), never Python's."""
    if isinstance(error, TemplateSyntaxError):
        return TemplateProblem(f"{error.filename or template_name}, line {error.lineno}: {error.message}")
    where = _template_line(error, template_name)
    if isinstance(error, NarratorError):
        return type(error)(f"{where}{markers.strip(str(error))}")
    if isinstance(error, RecursionError):
        return TemplateProblem(f"{_template_line(error, template_name, outermost=True)}{_cycle(error)}")
    if isinstance(error, TemplateNotFound):
        return TemplateProblem(f"{where}{_no_template(error.name, environment)}")
    if isinstance(error, UndefinedError):
        name = re.fullmatch(r"'(\w+)' is undefined", str(error))
        if name:
            known = [*namespace, *environment.globals]
            return TemplateProblem(f"{where}'{name.group(1)}' is not a measure, fact or function a template can use{suggestion(name.group(1), known)}")
        return TemplateProblem(f"{where}{in_template_terms(str(error))}")
    if isinstance(error, TemplateError):
        return TemplateProblem(f"{where}{in_template_terms(str(error))}")
    # Anything else raised inside a template (1/0, a filter given the wrong thing) is the
    # template's problem, named by its line; outside a template it is a bug and propagates.
    if not _template_line(error, ""):
        raise error
    return TemplateProblem(f"{where}{in_template_terms(f'{type(error).__name__}: {error}')}")


def _cycle(error: RecursionError) -> str:
    """What repeats without end: a template that includes itself, or a macro that calls itself."""
    frames = [(Path(frame.f_code.co_filename).name, frame.f_code.co_name, line) for frame, line in traceback.walk_tb(error.__traceback__)
              if frame.f_code.co_filename.endswith((".j2", ".jinja"))]
    top = ("root", "top-level template code")  # a template's own code, as compiled and as Jinja's traceback names it
    includes = [name for name, function, _ in frames if function in top]
    if len(includes) > len(set(includes)):
        first = next(name for name in includes if includes.count(name) > 1)
        chain = " → ".join([*dict.fromkeys(includes), first])
        return f"{first} includes itself without end ({chain}); a template may not include itself, directly or through another"
    macros = [f"{name}, line {line}" for name, function, line in frames if function not in top]
    repeated = next((m for m in macros if macros.count(m) > 1), "a macro")
    return f"a macro calls itself without end (at {repeated}); a macro may not call itself"


def _template_line(error: BaseException, fallback: str, *, outermost: bool = False) -> str:
    """'templates/x.md.j2, line 12: ' from the innermost (or outermost) template frame of the traceback."""
    found = ""
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".jinja"):
            found = f"{filename}, line {line}: "
            if outermost:
                break
    return found or (f"{fallback}: " if fallback else "")
