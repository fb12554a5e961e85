"""Phrasing rules (``rules/movements.yaml``): a measure's movement → words.

A rule file holds named rule sets (``movement``, ``sample``, …). Each rule has an
``id``, a ``when`` condition over the fields of a :class:`Movement` (parsed by
:mod:`narrator.conditions`, never eval'd) and one or more equivalent phrasings in
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
from dataclasses import asdict, dataclass
from pathlib import Path

from jinja2 import Template, TemplateError, TemplateSyntaxError, meta

from ..errors import InputError, NarratorError
from ..inputs.yamlfiles import check_keys, read_yaml, suggestion
from .conditions import Condition, ConditionError, parse_condition

# Facts directly under a measure that a phrase may print besides the Movement fields
# (see narrator.facts); groups such as largest_fall.* are for templates, not phrases.
MEASURE_FACTS = (
    "current", "baseline", "change", "change_pct", "current_n", "baseline_n", "n_change_pct",
    "current_start", "current_end", "judgement", "benchmark", "months_higher", "months_lower", "months_equal",
)


@dataclass(frozen=True)
class Movement:
    """What a rule condition can see of a measure's change. Percentages are ×100."""

    kind: str  # count | proportion | level
    polarity: str  # higher_is_better | lower_is_better | neutral
    direction: str  # up | down | flat: the change as printed, significant or not
    significant: bool  # the benchmark test found a movement
    tested: bool  # the measure has a benchmark test at all
    test_kind: str  # significance (a test at the report's confidence level) | control_chart | none
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

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(cls.__dataclass_fields__)


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    say: tuple[Template, ...]
    sources: tuple[str, ...]


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
        return cls(sets, layers[-1], paths)

    def match(self, rule_set: str, movement: Movement) -> Rule | None:
        if rule_set not in self.sets:
            raise KeyError(rule_set)
        fields = asdict(movement)
        for rule in self.sets[rule_set]:
            try:
                if rule.when.evaluate(fields):
                    return rule
            except ConditionError as error:
                raise InputError(f"{self.paths[rule_set]}: rule '{rule.id}': {error}") from None
        return None


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
    printable = {*Movement.fields(), *MEASURE_FACTS, "period", *environment.globals}
    for phrasing in phrasings:
        try:
            templates.append(environment.from_string(phrasing))
            names = meta.find_undeclared_variables(environment.parse(phrasing))
        except TemplateSyntaxError as error:
            raise InputError(f"{where}: phrase {phrasing!r}: {error.message}") from None
        unknown = sorted(names - printable)
        if unknown:
            raise InputError(f"{where}: '{unknown[0]}' is not a field or fact a phrase can print{suggestion(unknown[0], sorted(printable))}")
    return Rule(str(entry["id"]), condition, tuple(templates), phrasings)


class Phraser:
    """Picks and renders phrasings in document order, remembering the last verb."""

    def __init__(self, rules: RuleBook, plain: Callable[[str], str]) -> None:
        self.rules = rules
        self.plain = plain  # marked-up text → what a reader sees
        self.last_verb = ""

    def say(self, key: str, movement: Movement, values: Mapping[str, object], rule_set: str = "movement") -> str:
        try:
            rule = self.rules.match(rule_set, movement)
        except KeyError:
            raise InputError(f"{self.rules.path}: no rule set '{rule_set}'{suggestion(rule_set, self.rules.sets)}") from None
        if rule is None:
            if rule_set == "movement":
                raise InputError(
                    f"{self.rules.paths[rule_set]}: no '{rule_set}' rule matches {key} ({_describe(movement)}); "
                    "end the set with a rule whose condition is 'true'"
                )
            return ""  # optional sets (a caveat, say) may stay silent
        try:
            rendered = [template.render(values) for template in rule.say]
        except NarratorError as error:
            raise InputError(f"{self.rules.paths[rule_set]}: {rule_set} rule '{rule.id}': {error}") from None
        except (TemplateError, ArithmeticError, TypeError, ValueError) as error:
            raise InputError(f"{self.rules.paths[rule_set]}: {rule_set} rule '{rule.id}': {error}") from error
        start = zlib.crc32(key.encode()) % len(rendered)
        order = rendered[start:] + rendered[:start]
        chosen = next((text for text in order if _verb(self.plain(text)) != self.last_verb), order[0])
        verb = _verb(self.plain(chosen))
        if verb:
            self.last_verb = verb
        return chosen


def _verb(text: str) -> str:
    words = text.split()
    return words[0].lower() if words else ""


def _describe(movement: Movement) -> str:
    return f"kind={movement.kind}, direction={movement.direction}, significant={movement.significant}, tested={movement.tested}"
