"""The measures catalogue (``measures.yaml``): what each measure is and how it is judged.

A measure's ``benchmark`` is kept as data (a method name and its parameters, or none for the
default of its kind); :mod:`narrator.project` checks it against the benchmark methods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import InputError
from .yamlfiles import check_keys, expect, read_yaml, suggestion

Kind = Literal["count", "proportion", "level"]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
KINDS = ("count", "proportion", "level")
POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
FORMATS = {"count": ("integer",), "proportion": ("percent",), "level": ("minutes", "integer")}
MEASURE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
KEYS = (
    "id", "label", "name", "kind", "polarity", "benchmark", "format",
    "thresholds", "footnote", "comparator", "source", "survey",
)
REQUIRED = ("id", "label", "name", "kind", "polarity")


@dataclass(frozen=True)
class Measure:
    id: str
    label: str  # as in a table row
    name: str  # a noun phrase for running text
    kind: Kind
    polarity: Polarity
    method: str | None  # the benchmark method named in the catalogue; None: the default for the kind
    params: dict = field(default_factory=dict, hash=False)
    format: str = "integer"
    thresholds: tuple[int, ...] = ()
    footnote: str | None = None
    comparator: bool = False  # a national or peer series that may end before the period
    source: str | None = None
    survey: bool = False  # a proportion of survey respondents (not an administrative rate)


def load_catalogue(path: Path) -> dict[str, Measure]:
    """Measures by id, in file order; every problem is an InputError naming the entry."""
    data = check_keys(read_yaml(path), where=str(path), allowed=("measures",), required=("measures",))
    entries = data["measures"]
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: 'measures' must be a non-empty list")
    measures: dict[str, Measure] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"{path}: measure {index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"{path}: measure '{entry['id']}'"
        measure = _measure(entry, where)
        if measure.id in measures:
            raise InputError(f"{where}: id is used twice")
        for other in measures:
            inner, outer = sorted((other, measure.id), key=len)
            if outer.startswith(inner + "."):
                # the facts of da.recorded (da.recorded.current, …) would clash with those of da.recorded.x
                raise InputError(f"{where}: id '{outer}' begins with the id of measure '{inner}'; their facts would clash")
        measures[measure.id] = measure
    return measures


def _measure(entry: object, where: str) -> Measure:
    entry = check_keys(entry, where=where, allowed=KEYS, required=REQUIRED)
    identifier = expect(entry["id"], str, where=where, what="an id such as da.recorded")
    if not MEASURE_ID.match(identifier):
        raise InputError(f"{where}: id must be lower-case words joined by dots, such as da.recorded")
    kind = _choice(entry["kind"], KINDS, where, "kind")
    polarity = _choice(entry["polarity"], POLARITIES, where, "polarity")
    benchmark = entry.get("benchmark", {"method": None})
    if isinstance(benchmark, str):
        benchmark = {"method": benchmark}
    if not isinstance(benchmark, dict) or "method" not in benchmark:
        raise InputError(f"{where}: benchmark must name a method, such as {{method: quasi_poisson}}; leave it out for the default of its kind")
    benchmark = dict(benchmark)
    method = benchmark.pop("method")
    fmt = entry.get("format", FORMATS[kind][0])
    _format(fmt, kind, where)
    thresholds = entry.get("thresholds", [])
    if not isinstance(thresholds, list) or not all(isinstance(t, int) and not isinstance(t, bool) for t in thresholds):
        raise InputError(f"{where}: thresholds must be a list of whole numbers, such as [1000]")
    if any(t < 0 for t in thresholds) or len(set(thresholds)) != len(thresholds):
        raise InputError(f"{where}: thresholds must be different whole numbers of 0 or more, such as [500, 1000]; found {thresholds}")
    for key in ("label", "name"):
        expect(entry[key], str, where=where, what=f"a text {key}")
    for key in ("footnote", "source"):
        if entry.get(key) is not None:
            expect(entry[key], str, where=where, what=f"a text {key}")
    expect(entry.get("comparator", False), bool, where=f"{where}: comparator", what="true or false")
    survey = expect(entry.get("survey", False), bool, where=f"{where}: survey", what="true or false")
    if survey and kind != "proportion":
        raise InputError(f"{where}: survey is for proportions of survey respondents, not a {kind} measure")
    return Measure(
        id=identifier,
        label=entry["label"],
        name=entry["name"],
        kind=kind,
        polarity=polarity,
        method=method,
        params=benchmark,
        format=fmt,
        thresholds=tuple(thresholds),
        footnote=entry.get("footnote"),
        comparator=entry.get("comparator", False),
        source=entry.get("source"),
        survey=survey,
    )


def _choice(value: object, choices: tuple[str, ...], where: str, key: str) -> str:
    if value not in choices:
        raise InputError(f"{where}: {key} '{value}' is not one of {', '.join(choices)}{suggestion(str(value), choices)}")
    return value


def _format(fmt: object, kind: str, where: str) -> None:
    allowed = FORMATS[kind]
    if fmt in allowed:
        return
    usable = " or ".join(allowed)
    owners = [k for k in KINDS if fmt in FORMATS[k]]
    if owners:
        kinds = " and ".join(f"{k}s" for k in owners)
        raise InputError(f"{where}: format '{fmt}' is for {kinds}; a {kind} measure uses {usable}")
    raise InputError(f"{where}: format '{fmt}' is not a format; a {kind} measure uses {usable}{suggestion(str(fmt), allowed)}")
