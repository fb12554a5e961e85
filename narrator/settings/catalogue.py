"""The measures catalogue (``measures.yaml``): what each measure is, how it is judged and, for
crime records, how it is counted (``records:``, with ``outcome_groups``: see narrator.settings.records).

A measure's ``benchmark`` is kept as data (a method name and its parameters, or none for the
default of its kind); :mod:`narrator.project` checks it against the benchmark methods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import InputError
from .offences import OffenceGroup, read_offences
from ..numbers import LARGEST
from .records import RecordRule, read_groups, read_rule
from .yamlfiles import check_keys, expect, read_yaml, suggestion

Kind = Literal["count", "proportion", "level"]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
KINDS = ("count", "proportion", "level")
POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
FORMATS = {"count": ("integer",), "proportion": ("percent",), "level": ("minutes", "integer")}
SERIES = ("monthly", "rolling_year")  # a row per month, or a row per 12-month total dated by its last month
MEASURE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
KEYS = (
    "id", "label", "name", "kind", "polarity", "benchmark", "format",
    "thresholds", "footnote", "comparator", "source",
    "section", "short_name", "noun", "record_high", "survey", "part_of", "records", "series",
    "offences", "reclassified", "peer_group", "design_effect",
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
    section: str | None = None  # the generic templates' section this measure belongs to
    short_name: str | None = None  # a shorter noun phrase, for a measure named again in a paragraph
    noun: str | None = None  # what a count counts, plural ("offences"): "rose by 38 offences"
    record_high: bool = False  # say whether the highest month of the two years is a record
    survey: bool = False  # a proportion of survey respondents (its default test: Newcombe), not an administrative rate
    part_of: str | None = None  # the measure this one is a part of (rape offences of all serious sexual offences)
    records: RecordRule | None = None  # how it is counted from crime records, when it is
    series: str = "monthly"  # monthly, or rolling_year: each row a 12-month total, dated by its last month
    offences: OffenceGroup | None = None  # the offences of a published table it adds up, when it is read from one
    peer_group: OffenceGroup | None = None  # its offence group in the peers' table (report.yaml's peers:), when compared with peers
    design_effect: float = 1.0  # a survey's design effect (weighting, clustering its months cannot show); its test allows for it

    @property
    def monthly(self) -> bool:
        """Whether the rows are months (so month-by-month facts exist), not 12-month totals."""
        return self.series == "monthly"

    @property
    def again(self) -> str:
        """The measure's name when it is mentioned again: its short name, else its name."""
        return self.short_name or self.name


# The names the templates see at the top level (narrator.wording.context): no measure id may start with one.
RESERVED = (
    "period", "report", "settings", "group", "say", "name", "label", "months_list", "thresholds", "events",
    "table", "commentary", "commentary_if", "footnote", "measures", "sections", "catalogue", "tests", "chart",
    "area", "areas", "ranking", "small_base", "peers",
)


def load_catalogue(path: Path) -> dict[str, Measure]:
    """Measures by id, in file order; every problem is an InputError naming the entry."""
    data = check_keys(read_yaml(path), where=str(path), allowed=("measures", "outcome_groups"), required=("measures",))
    groups = read_groups(data.get("outcome_groups"), str(path))
    entries = data["measures"]
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: 'measures' must be a non-empty list")
    measures: dict[str, Measure] = {}
    order: dict[str, int] = {}  # id → its place in the file
    first_under: dict[str, str] = {}  # "a.b" → the first id that begins with "a.b."
    for index, entry in enumerate(entries, start=1):
        where = f"{path}: measure {index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"{path}: measure '{entry['id']}'"
        measure = _measure(entry, where, groups)
        if measure.id in measures:
            raise InputError(f"{where}: id is used twice")
        # the facts of da.recorded (da.recorded.current, …) would clash with those of da.recorded.x:
        # the first earlier id that begins with this one, or that this one begins with
        prefixes = [measure.id[:i] for i, c in enumerate(measure.id) if c == "."]
        clashes = [p for p in prefixes if p in measures] + ([first_under[measure.id]] if measure.id in first_under else [])
        if clashes:
            other = min(clashes, key=order.__getitem__)
            inner, outer = sorted((other, measure.id), key=len)
            raise InputError(f"{where}: id '{outer}' begins with the id of measure '{inner}'; their facts would clash")
        for prefix in prefixes:
            first_under.setdefault(prefix, measure.id)
        order[measure.id] = len(order)
        measures[measure.id] = measure
    for measure in measures.values():
        if measure.part_of is not None:
            whole = measures.get(measure.part_of)
            where = f"{path}: measure '{measure.id}': part_of"
            if whole is None:
                others = [m for m in measures if m != measure.id]
                raise InputError(f"{where}: '{measure.part_of}' is not a measure in the catalogue{suggestion(measure.part_of, others)}")
            if whole.kind != measure.kind or whole.id == measure.id:
                raise InputError(f"{where}: '{whole.id}' is a {whole.kind}; a measure is part of another of its own kind")
    return measures


def _measure(entry: object, where: str, groups: dict[str, tuple[str, ...]]) -> Measure:
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
    if any(t >= LARGEST for t in thresholds):
        raise InputError(f"{where}: thresholds must be below {LARGEST:,}, as every figure is; found {max(thresholds):,}")
    for key in ("label", "name"):
        expect(entry[key], str, where=where, what=f"a text {key}")
    for key in ("footnote", "source", "section", "short_name", "noun", "part_of"):
        if entry.get(key) is not None:
            expect(entry[key], str, where=where, what=f"a text {key}")
    for key in ("comparator", "record_high", "survey"):
        expect(entry.get(key, False), bool, where=f"{where}: {key}", what="true or false")
    if entry.get("survey") and kind != "proportion":
        raise InputError(f"{where}: survey is for proportions (a share of survey respondents); {identifier} is a {kind}")
    if "reclassified" in entry and "offences" not in entry:
        raise InputError(f"{where}: reclassified names changes within an offence group, so it needs offences")
    offences = read_offences(entry["offences"], entry.get("reclassified"), where) if "offences" in entry else None
    if offences is not None and kind != "count":
        raise InputError(f"{where}: offences adds up counts of offences, so the measure's kind must be count, not {kind}")
    peer_group = read_offences(entry["peer_group"], None, f"{where}: peer_group") if "peer_group" in entry else None
    if peer_group is not None and kind != "count":
        raise InputError(f"{where}: peer_group compares counts of offences with the peers' table, so the measure's kind must be count, not {kind}")
    series = _choice(entry.get("series", "rolling_year" if offences else "monthly"), SERIES, where, "series")
    if series == "rolling_year" and (thresholds or entry.get("record_high") or "records" in entry):
        what = "thresholds (months above a level)" if thresholds else "record_high (a record month)" if entry.get("record_high") else "records (counted by month)"
        raise InputError(f"{where}: {what} needs months, but {identifier} is a rolling_year series (12-month totals)")
    if entry.get("noun") is not None and kind != "count":
        raise InputError(f"{where}: noun is for counts (what a count counts, such as offences); {identifier} is a {kind}")
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
        section=entry.get("section"),
        short_name=entry.get("short_name"),
        noun=entry.get("noun"),
        record_high=entry.get("record_high", False),
        survey=entry.get("survey", False),
        part_of=entry.get("part_of"),
        records=read_rule(entry["records"], kind, groups, where) if "records" in entry else None,
        series=series,
        offences=offences,
        peer_group=peer_group,
        design_effect=_design_effect(entry, where, identifier),
    )


DESIGN_EFFECT_MAX = 10.0


def _design_effect(entry: dict, where: str, identifier: str) -> float:
    """A survey's design effect: a number from 1 (a simple random sample) to 10; 1 when not given."""
    if "design_effect" not in entry:
        return 1.0
    value = entry["design_effect"]
    if not entry.get("survey"):
        raise InputError(f"{where}: design_effect is for surveys (survey: true), whose samples it describes; {identifier} is not a survey")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= DESIGN_EFFECT_MAX:
        raise InputError(
            f"{where}: design_effect must be a number from 1 to {DESIGN_EFFECT_MAX:g} (the survey's variance over that of a simple "
            f"random sample of the same size, such as 1.4; 1 for no effect), not {value!r}")
    return float(value)


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
