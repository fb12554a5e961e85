"""Phrasing rules (``rules/movements.yaml``): a measure's movement → words.

A rule file holds named rule sets (``movement``, ``sample``, …). Each rule has an
``id``, a ``when`` condition over the fields of a :class:`Movement` (parsed by
:mod:`narrator.wording.conditions`, never eval'd) and one or more equivalent phrasings in
``say``. The first rule of the set whose condition holds is used.

The phrasings are small Jinja templates that may print the measure's facts
(``{{ change_pct | abs }}``, ``{{ baseline }}``) and ``period``; they hold words only.
Which phrasing is used is deterministic: it depends on the measure's id, and a
phrasing whose first word (its verb) was the first word of the previous phrase is
passed over when another is available.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Template, TemplateError, TemplateSyntaxError, meta

from ..errors import InputError, NarratorError
from ..settings.yamlfiles import check_keys, read_yaml, suggestion
from . import compiled
from .conditions import Condition, ConditionError, parse_condition
from .sandbox import in_template_terms
from .variation import Findings

# Facts directly under a measure that a phrase may print besides the Movement fields
# (see narrator.analysis.facts); groups such as largest_fall.* are for templates, not phrases.
PRINTABLE = ("period", "settings", "whole", "parent", "area", "report", "subject", "said", "said_again", "all")  # besides fields and facts: the period names, the whole's name
# (part_of), and in an area's draft the parent's facts of the measure (parent.change_pct) and area.name, area.parent;
# rules/variation.yaml's openings print subject, said and said_again (narrator.wording.variation)
MEASURE_FACTS = (
    "current", "baseline", "change", "change_pct", "current_n", "baseline_n", "n_change_pct",
    "current_start", "current_end", "judgement", "benchmark", "months_higher", "months_lower", "months_equal",
    "change_low", "change_high",
)


@dataclass(frozen=True)
class Movement:
    """What a rule condition can see of a measure's change. Percentages are ×100."""

    kind: str  # count | proportion | level
    polarity: str  # higher_is_better | lower_is_better | neutral
    direction: str  # up | down | flat: the change as printed, significant or not
    significant: bool  # the benchmark test found a movement
    tested: bool  # the measure has a benchmark test at all
    verdict: str  # up | down | none: the test's direction
    judgement: str  # the vocabulary word (Higher, Improved, Comparable, -)
    better: str  # better | worse | neutral: the printed change read with the polarity
    current: float
    baseline: float
    change: float  # difference (points for proportions)
    change_pct: float  # % change (0 where the baseline is 0 or the measure is a proportion)
    abs_change_pct: float
    baseline_zero: bool
    current_n: float  # denominators of proportions (respondents, calls); 0 otherwise
    baseline_n: float
    comparator: bool
    test_kind: str  # significance | control_chart | none: what kind of result the judgement is
    survey: bool  # a proportion of survey respondents
    small: bool  # a change a reader would call small (style: small_change_percent, small_change_points)
    low_volume: bool  # a count below the style's low_count_below in both periods
    small_count: bool  # a count whose baseline is below the style's small_count_below
    few_cases: bool  # a rate on fewer cases than the style's few_cases_below in either period
    small_sample: bool  # a survey with fewer respondents than the style's small_sample_below
    noun: str  # what a count counts ("offences"), from the catalogue; "" when it names none
    again: bool  # the paragraph has already named the periods compared
    whole_test_kind: str  # the test_kind of the measure this is part of (catalogue part_of); none without one
    whole_significant: bool  # ... and whether that test found a movement
    has_parent: bool = False  # the draft is about an area, compared with its parent (the force, England and Wales)
    parent_direction: str = "none"  # up | down | flat: the parent's change as printed; none without a parent
    parent_small_count: bool = False  # the parent's count has a baseline below small_count_below
    stable: bool = False  # the change's whole interval lies inside the style's stable margin (an equivalence statement)
    has_interval: bool = False  # the test gives the change an interval (change_low, change_high)
    method: str = ""  # the benchmark method (quasi_poisson, annual_totals, …)

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(cls.__dataclass_fields__)

    def values(self) -> dict[str, object]:
        """Every field by name (as dataclasses.asdict gives them: they are all plain values)."""
        return dict(vars(self))


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    say: tuple[Template, ...]
    sources: tuple[str, ...]
    names: frozenset[str] = frozenset()  # the names its phrasings print


class RuleBook:
    """Named, ordered rule sets loaded from one YAML file, or from layers of them."""

    def __init__(self, sets: Mapping[str, tuple[Rule, ...]], path: Path, paths: Mapping[str, Path] | None = None) -> None:
        self.sets = dict(sets)
        self.path = path  # the file named when no particular set is at fault
        self.paths = dict(paths or {name: path for name in sets})  # the file each set came from

    @classmethod
    def load(cls, layers: Path | str | Sequence[Path], environment) -> "RuleBook":
        """Rule sets from ``layers`` (a file, or files in order): a later file's set replaces an earlier one's."""
        layers = (Path(layers),) if isinstance(layers, (str, Path)) else tuple(Path(p) for p in layers)
        sets: dict[str, tuple[Rule, ...]] = {}
        paths: dict[str, Path] = {}
        for path in layers:
            data = read_yaml(path)
            if not isinstance(data, dict) or not data:
                raise InputError(f"{path}: expected rule sets, such as 'movement:', each a list of rules")
            for name, rules in data.items():
                if not isinstance(rules, list) or not rules:
                    raise InputError(f"{path}: rule set '{name}' must be a non-empty list of rules")
                sets[str(name)] = tuple(_rule(rule, f"{path}: {name} rule {i}", environment) for i, rule in enumerate(rules, start=1))
                paths[str(name)] = path
        book = cls(sets, layers[-1], paths)
        book._check_names(environment)
        return book

    def uses(self, rule: Rule) -> tuple[str, ...]:
        """The rule sets a rule's phrasings print as fragments (``{{ verdict }}``), in name order."""
        return tuple(sorted(rule.names & self.sets.keys()))

    def _check_names(self, environment) -> None:
        """Every name a phrase prints is a field, a fact, ``period`` or a rule set; no set prints itself."""
        printable = {*Movement.fields(), *MEASURE_FACTS, *PRINTABLE, *environment.globals, *self.sets}
        for name, rules in self.sets.items():
            for rule in rules:
                unknown = sorted(rule.names - printable)
                if unknown:
                    raise InputError(
                        f"{self.paths[name]}: {name} rule '{rule.id}': '{unknown[0]}' is not a field, fact or rule set "
                        f"a phrase can print{suggestion(unknown[0], sorted(printable))}"
                    )
        for name in self.sets:
            self._check_cycle(name, (name,))

    def _check_cycle(self, name: str, chain: tuple[str, ...]) -> None:
        for rule in self.sets[name]:
            for used in self.uses(rule):
                if used in chain:
                    raise InputError(f"{self.paths[name]}: rule sets print each other in a circle: {' → '.join((*chain, used))}")
                self._check_cycle(used, (*chain, used))

    def every(self, rule_set: str, movement: Movement) -> tuple[Rule, ...]:
        """Every rule of the set whose condition holds (variation sets offer them all as candidates)."""
        return tuple(rule for rule in self.sets.get(rule_set, ()) if self._holds(rule_set, rule, movement.values()))

    def _holds(self, rule_set: str, rule: Rule, fields: Mapping[str, object]) -> bool:
        try:
            return bool(rule.when.evaluate(fields))
        except ConditionError as error:
            raise InputError(f"{self.paths[rule_set]}: rule '{rule.id}': {error}") from None

    def match(self, rule_set: str, movement: Movement) -> Rule | None:
        if rule_set not in self.sets:
            raise KeyError(rule_set)
        fields = movement.values()
        return next((rule for rule in self.sets[rule_set] if self._holds(rule_set, rule, fields)), None)


def _rule(entry: object, where: str, environment) -> Rule:
    entry = check_keys(entry, where=where, allowed=("id", "when", "say"), required=("id", "when", "say"))
    where = f"{where.rsplit(' rule ', 1)[0]} rule '{entry['id']}'"
    try:
        condition = parse_condition(str(entry["when"]), Movement.fields())
    except ConditionError as error:
        raise InputError(f"{where}: {error}") from None
    say = entry["say"]
    phrasings = (say,) if isinstance(say, str) else tuple(say) if isinstance(say, list) else ()
    if not phrasings or not all(isinstance(p, str) for p in phrasings):
        raise InputError(f"{where}: 'say' must be a phrase or a list of equivalent phrases")
    templates = []
    names: set[str] = set()
    for phrasing in phrasings:
        try:
            templates.append(environment.from_string(phrasing))
            names |= printed_names(environment, phrasing)
        except TemplateSyntaxError as error:
            raise InputError(f"{where}: phrase {phrasing!r}: {error.message}") from None
    return Rule(str(entry["id"]), condition, tuple(templates), phrasings, frozenset(names))


def printed_names(environment, phrasing: str) -> frozenset[str]:
    """The names a phrase prints (its undeclared variables), from the parse or the disk cache."""
    names = compiled.load("names", environment, phrasing)
    if not isinstance(names, tuple):
        names = tuple(sorted(meta.find_undeclared_variables(environment.parse(phrasing))))
        compiled.store("names", environment, phrasing, names)
    return frozenset(names)


class Phraser:
    """Picks and renders phrasings in document order, remembering the last verb and (through
    :class:`narrator.wording.variation.Findings`) the last judgement phrase, which the next
    sentence says another way."""

    VARIED = ("finding",)  # fragments whose equivalent wordings alternate from sentence to sentence

    def __init__(self, rules: RuleBook, plain: Callable[[str], str]) -> None:
        self.rules = rules
        self.plain = plain  # marked-up text → what a reader sees
        self.last_verb = ""
        self.findings = Findings(plain)

    def new_paragraph(self) -> None:
        """A paragraph starts: its first judgement phrase owes nothing to the paragraph before (the
        verb still avoids the last one said, as it always has)."""
        self.findings.forget()

    def state(self) -> tuple[str, str]:
        """What the phraser remembers (the last verb, the last judgement phrase), to try a phrase and take it back."""
        return self.last_verb, self.findings.last

    def restore(self, state: tuple[str, str]) -> None:
        self.last_verb, self.findings.last = state

    def render_all(self, rule_set: str, movement: Movement, values: Mapping[str, object]) -> list[tuple[str, bool]]:
        """Every phrasing of every rule of ``rule_set`` whose condition holds, rendered with ``values``;
        each with whether it prints ``said_again`` (the periods named by the phrasing itself)."""
        rendered = []
        for rule in self.rules.every(rule_set, movement):
            for template, source in zip(rule.say, rule.sources):
                try:
                    rendered.append((template.render(values), "said_again" in source))
                except (TemplateError, ArithmeticError, TypeError, ValueError, AttributeError) as error:
                    raise InputError(f"{self.rules.paths[rule_set]}: {rule_set} rule '{rule.id}': {in_template_terms(str(error))}") from error
        return rendered

    def say(self, key: str, movement: Movement, values: Mapping[str, object], rule_set: str = "movement", quiet: bool = False) -> str:
        """The phrase of ``rule_set`` for measure ``key``; "" when an optional set has no rule that matches."""
        if rule_set not in self.rules.sets:
            raise InputError(f"{self.rules.path}: no rule set '{rule_set}'{suggestion(rule_set, self.rules.sets)}")
        rendered = self._render(rule_set, key, movement, values, quiet)
        if not rendered:
            return ""
        start = zlib.crc32(key.encode()) % len(rendered)
        order = rendered[start:] + rendered[:start]
        chosen = next((text for text in order if _verb(self.plain(text)) != self.last_verb), order[0])
        verb = _verb(self.plain(chosen))
        if verb:
            self.last_verb = verb
        return chosen

    def _render(self, rule_set: str, key: str, movement: Movement, values: Mapping[str, object], quiet: bool = False) -> list[str]:
        """Every phrasing of the first matching rule, with the fragments it prints rendered first."""
        rule = self.rules.match(rule_set, movement)
        if rule is None:
            if rule_set == "movement":
                raise InputError(
                    f"{self.rules.paths[rule_set]}: no '{rule_set}' rule matches {key} ({_describe(movement)}); "
                    "end the set with a rule whose condition is 'true'"
                )
            return []  # optional sets (a caveat, say) may stay silent
        values = dict(values)
        for fragment in self.rules.uses(rule):
            options = self._render(fragment, key, movement, values)
            if quiet and fragment in self.VARIED:
                values[fragment] = ""  # said once for several measures (narrator.wording.aggregation)
            elif fragment in self.VARIED:
                values[fragment] = self.findings.choose(key, options)
            else:
                values[fragment] = options[zlib.crc32(key.encode()) % len(options)] if options else ""
        try:
            return [template.render(values) for template in rule.say]
        except NarratorError as error:
            raise InputError(f"{self.rules.paths[rule_set]}: {rule_set} rule '{rule.id}': {error}") from None
        except (TemplateError, ArithmeticError, TypeError, ValueError, AttributeError) as error:
            message = in_template_terms(str(error) if isinstance(error, TemplateError) else f"{type(error).__name__}: {error}")
            raise InputError(f"{self.rules.paths[rule_set]}: {rule_set} rule '{rule.id}': {message}") from error


def _verb(text: str) -> str:
    words = text.split()
    return words[0].lower() if words else ""


def _describe(movement: Movement) -> str:
    return f"kind={movement.kind}, direction={movement.direction}, significant={movement.significant}, tested={movement.tested}"
