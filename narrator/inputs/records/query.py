"""The one aggregation query of a records input, written once as SQL text in DuckDB's dialect.

DuckDB runs it as it is; a warehouse runs it after SQLGlot has transpiled it to its own dialect
(see warehouse.py). It keeps to plain SQL both understand the same way: CASE, SUM, IN, LIKE,
SIMILAR TO without wildcards, SUBSTR, TRIM and ||, and GROUP BY expressions (never positions).

The query first groups the records by the few columns any rule reads (the month as written,
crime or incident, own force or another, and each filtered column), which is one pass of a plain
group-by over the rows; the month is then read from each group's text and every measure is a
conditional sum over those groups, by month (and by area, when the records are counted by area:
the area is then each row's last column). One row comes back per month, plus one for rows with
no readable month, holding:

* ``kept``: the rows counted (a readable month, the report's force);
* ``bad_month``, ``no_month``, ``other_force``: rows with an unreadable month (an error), rows
  with none and rows of another force (both set aside, and noted);
* for each measure, its value and (a proportion) its denominator;
* for each value or pattern a rule names, how many kept rows match it, among crimes and among
  all rows, so that a value that occurs nowhere is caught in the same pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...settings.layouts import Layout
from ...settings.records import Condition, RecordRule

FIXED = ("month", "kept", "bad_month", "no_month", "other_force")
MONTH_FORMS = "YYYY-MM, YYYY-MM-DD (a time may follow) or DD/MM/YYYY"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def month_of(text: str) -> str:
    """SQL for the month 'YYYY-MM' of a text (see MONTH_FORMS), NULL when it holds none."""
    t = f"TRIM({text})"
    return (
        f"CASE WHEN SUBSTR({t}, 1, 7) SIMILAR TO '[0-9]{{4}}-(0[1-9]|1[0-2])' "
        f"AND (LENGTH({t}) = 7 OR SUBSTR({t}, 8, 1) IN ('-', 'T', ' ')) THEN SUBSTR({t}, 1, 7) "
        f"WHEN SUBSTR({t}, 1, 10) SIMILAR TO '[0-9]{{2}}/(0[1-9]|1[0-2])/[0-9]{{4}}' "
        f"AND (LENGTH({t}) = 10 OR SUBSTR({t}, 11, 1) = ' ') THEN SUBSTR({t}, 7, 4) || '-' || SUBSTR({t}, 4, 2) END"
    )


def blank(text: str) -> str:
    return f"NULLIF(TRIM({text}), '') IS NULL"


@dataclass(frozen=True)
class Check:
    """A value (or pattern) a rule names, with the result columns counting the rows that match it."""

    column: str  # the records' column
    value: str
    like: bool
    crimes: int  # result column: kept crimes that match
    rows: int  # result column: kept rows (crimes and incidents) that match


@dataclass(frozen=True)
class Output:
    measure: str
    value: int  # result column of the value
    denominator: int | None  # and of the denominator, for a proportion


@dataclass(frozen=True)
class Plan:
    sql: str
    outputs: tuple[Output, ...]
    checks: tuple[Check, ...]


def plan(source: str, layout: Layout, rules: Sequence[tuple[str, RecordRule]], force: str | None,
         area: str | None = None) -> Plan:
    """The query over ``source`` (a FROM item) for the rules, by measure id, in that order; with
    ``area`` (a column), by area too: each row's last column is then its area."""
    month_column = ident(layout.column("month"))
    grouped = [(f"CAST({month_column} AS VARCHAR)", "m_raw")]
    constants = []
    if "id" in layout.columns:
        id_text = f"CAST({ident(layout.column('id'))} AS VARCHAR)"
        # per row, so no TRIM (it costs a quarter of the pass): an id of spaces only counts as an id
        grouped.append((f"CASE WHEN NULLIF({id_text}, '') IS NULL THEN 0 ELSE 1 END", "crime"))
    else:
        constants.append("1 AS crime")
    if force is not None:
        grouped.append((f"CASE WHEN {ident(layout.column('force'))} = {literal(force)} THEN 1 ELSE 0 END", "own"))
    else:
        constants.append("1 AS own")
    if area is not None:
        grouped.append((f"CAST({ident(area)} AS VARCHAR)", "c_area"))
    aliases: dict[str, str] = {}
    for _, rule in rules:
        for condition in rule.conditions():
            column = layout.column(condition.column)
            if column not in aliases:
                aliases[column] = f"c{len(aliases)}"
                grouped.append((f"CAST({ident(column)} AS VARCHAR)", aliases[column]))

    columns: list[str] = []

    def total(condition: str) -> int:
        columns.append(f"SUM(CASE WHEN {condition} THEN n ELSE 0 END)")
        return len(FIXED) + len(columns) - 1

    def test(condition: Condition) -> str:
        alias = aliases[layout.column(condition.column)]
        if condition.like is not None:
            return f"{alias} LIKE {literal(condition.like)}"
        return f"{alias} IN ({', '.join(literal(v) for v in condition.values)})"

    def all_of(tests: Sequence[str]) -> str:
        return " AND ".join(tests) if tests else "1 = 1"

    kept = "month IS NOT NULL AND own = 1"
    outputs = []
    for rule_id, rule in rules:
        base = [kept] + ([] if rule.incidents else ["crime = 1"]) + [test(c) for c in (*rule.where, *rule.denominator)]
        if rule.numerator is None:
            outputs.append(Output(rule_id, total(all_of(base)), None))
        else:
            denominator = total(all_of(base))
            outputs.append(Output(rule_id, total(all_of(base + [test(c) for c in rule.numerator])), denominator))
    checks: dict[tuple[str, str, bool], Check] = {}
    for _, rule in rules:
        for condition in rule.conditions():
            column = layout.column(condition.column)
            for value, like in condition.named():
                if (column, value, like) not in checks:
                    one = test(Condition(condition.column, like=value) if like else Condition(condition.column, (value,)))
                    checks[column, value, like] = Check(column, value, like, total(f"{kept} AND crime = 1 AND {one}"), total(f"{kept} AND {one}"))

    fixed = [
        f"SUM(CASE WHEN {kept} THEN n ELSE 0 END) AS kept",
        f"SUM(CASE WHEN month IS NULL AND NOT ({blank('m_raw')}) THEN n ELSE 0 END) AS bad_month",
        f"SUM(CASE WHEN month IS NULL AND {blank('m_raw')} THEN n ELSE 0 END) AS no_month",
        "SUM(CASE WHEN month IS NOT NULL AND own = 0 THEN n ELSE 0 END) AS other_force",
    ]
    selected = ", ".join(f"{expression} AS {alias}" for expression, alias in grouped)
    carried = ", ".join(alias for _, alias in grouped)
    sql = (
        f"WITH g AS (SELECT {selected}, COUNT(*) AS n FROM {source} "
        f"GROUP BY {', '.join(expression for expression, _ in grouped)}), "
        f"p AS (SELECT {month_of('m_raw')} AS month, {', '.join([carried, *constants])}, n FROM g) "
        f"SELECT month, {', '.join(fixed + [f'{c} AS a{i}' for i, c in enumerate(columns)])}"
        + (", c_area FROM p GROUP BY month, c_area" if area is not None else " FROM p GROUP BY month")
    )
    return Plan(sql, tuple(outputs), tuple(checks.values()))


def bad_month_sql(source: str, layout: Layout, name_column: str | None) -> str:
    """The first record whose month cannot be read (its file, when ``name_column`` names it)."""
    text = f"CAST({ident(layout.column('month'))} AS VARCHAR)"
    where = f"NOT ({blank(text)}) AND ({month_of(text)}) IS NULL"
    named = f"{ident(name_column)}, " if name_column else ""
    return f"SELECT {named}{text} FROM {source} WHERE {where} LIMIT 1"


def values_sql(source: str, column: str, limit: int = 10000) -> str:
    """The distinct values of a column (for 'did you mean'), as text."""
    return f"SELECT DISTINCT CAST({ident(column)} AS VARCHAR) FROM {source} LIMIT {limit}"
