"""How a measure is counted from crime records: the ``records:`` entry of measures.yaml.

::

    records: {where: {offence: [Burglary]}}                                   # a count
    records: {where: {offence: {like: "Theft%"}}}                             # a family of categories
    records: {where: {offence: [Burglary]}, numerator: {outcome: charged}}    # a proportion
    records: {}                                                               # every crime

A condition maps a column (a name the layout or ``columns`` mapping gives, such as ``offence``,
or any other column by its own name) to a list of exact values, to ``{like: pattern}`` (SQL
LIKE: ``%`` any text, ``_`` one character), or, for ``outcome``, to the name of an outcome group
(``outcome_groups`` at the top of measures.yaml). A proportion's denominator is the records
matching ``where`` and ``denominator`` (when given); its numerator is those of them that also match
``numerator``, so the numerator can never exceed the denominator. Rows without a crime id
(police.uk's anti-social behaviour incidents) count only for a measure with ``incidents: true``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError, suggestion
from .yamlfiles import check_keys, describe

RULE_KEYS = ("where", "numerator", "denominator", "incidents")
# Columns every rule is counted over, never filtered on: the month groups, the id decides crime or incident.
UNFILTERED = ("month", "id")


@dataclass(frozen=True)
class Condition:
    """Rows whose ``column`` holds one of ``values``, or (when ``like`` is set) matches that pattern."""

    column: str
    values: tuple[str, ...] = ()
    like: str | None = None
    part: str = "where"  # where, numerator or denominator, for messages

    def named(self) -> tuple[tuple[str, bool], ...]:
        """Each value, or the pattern, it names: (text, whether it is a pattern)."""
        return ((self.like, True),) if self.like is not None else tuple((v, False) for v in self.values)


@dataclass(frozen=True)
class RecordRule:
    where: tuple[Condition, ...] = ()
    numerator: tuple[Condition, ...] | None = None  # None for a count
    denominator: tuple[Condition, ...] = ()
    incidents: bool = False  # also count rows without a crime id

    def conditions(self) -> tuple[Condition, ...]:
        return (*self.where, *self.denominator, *(self.numerator or ()))


def read_groups(entry: object, where: str) -> dict[str, tuple[str, ...]]:
    """``outcome_groups``: names → lists of outcome values."""
    if entry is None:
        return {}
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: outcome_groups must be a mapping of names to lists of outcomes, found {describe(entry)}")
    groups = {}
    for name, values in entry.items():
        groups[str(name)] = _values(values, f"{where}: outcome group '{name}'")
    return groups


def read_rule(entry: object, kind: str, groups: Mapping[str, tuple[str, ...]], where: str) -> RecordRule:
    """The ``records:`` entry of one measure of ``kind``, with outcome group names resolved."""
    here = f"{where}: records"
    if entry is None:
        entry = {}
    entry = check_keys(entry, where=here, allowed=RULE_KEYS)
    if kind == "level":
        raise InputError(f"{here}: a level (such as a median) cannot be counted from records; use kind count or proportion")
    if kind == "count" and ("numerator" in entry or "denominator" in entry):
        raise InputError(f"{here}: numerator and denominator are for proportions; a count counts the records matching where")
    if kind == "proportion" and "numerator" not in entry:
        raise InputError(f"{here}: a proportion needs a numerator, such as {{outcome: charged_or_summonsed}}")
    incidents = entry.get("incidents", False)
    if not isinstance(incidents, bool):
        raise InputError(f"{here}.incidents: expected true or false, found {describe(incidents)}")

    def part(name: str) -> tuple[Condition, ...]:
        return _conditions(entry.get(name) or {}, groups, f"{here}.{name}", name)

    return RecordRule(
        where=part("where"),
        numerator=part("numerator") if kind == "proportion" else None,
        denominator=part("denominator"),
        incidents=incidents,
    )


def _conditions(entry: object, groups: Mapping[str, tuple[str, ...]], where: str, part: str) -> tuple[Condition, ...]:
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: expected a mapping of columns to values, such as {{offence: [Burglary]}}, found {describe(entry)}")
    found = []
    for column, spec in entry.items():
        column = str(column)
        here = f"{where}.{column}"
        if column in UNFILTERED:
            raise InputError(f"{here}: the {column} column cannot be filtered; every rule counts records by month, and by id tells crimes from incidents")
        if isinstance(spec, Mapping):
            spec = check_keys(spec, where=here, allowed=("like",), required=("like",))
            if not isinstance(spec["like"], str) or not spec["like"]:
                raise InputError(f"{here}.like: expected a pattern such as \"Theft%\", found {describe(spec['like'])}")
            found.append(Condition(column, like=spec["like"], part=part))
        elif isinstance(spec, str):
            if column != "outcome":
                raise InputError(f"{here}: expected a list of values, such as [{spec}], or {{like: pattern}}")
            if spec not in groups:
                known = f" (outcome_groups names {', '.join(groups)})" if groups else " (measures.yaml has no outcome_groups)"
                raise InputError(f"{here}: no outcome group '{spec}'{suggestion(spec, groups) or known}")
            found.append(Condition(column, groups[spec], part=part))
        else:
            found.append(Condition(column, _values(spec, here), part=part))
    return tuple(found)


def _values(entry: object, where: str) -> tuple[str, ...]:
    if not isinstance(entry, list) or not entry:
        raise InputError(f"{where}: expected a non-empty list of values, found {describe(entry)}")
    for value in entry:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"{where}: expected values as text, found {describe(value)}")
    return tuple(str(v) for v in entry)
