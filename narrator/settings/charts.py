"""Chart specs: report.yaml's ``charts:``, which measures have a chart, which chart, and where the
generic templates place them::

    charts:
      place: measure        # none (the default) | section | measure
      type: year_on_year    # year_on_year (the default) | trend
      months: 36            # how many months a trend chart shows (13 to 120)
      measures:             # absent: every measure of the catalogue, when place is not none
        - da.recorded
        - {measure: burglary.recorded, type: trend, months: 60}

:mod:`narrator.document.charts` builds the charts these specs describe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InputError, suggestion
from .catalogue import Measure
from .yamlfiles import check_keys

KINDS = ("year_on_year", "trend")
PLACES = ("none", "section", "measure")
MONTHS = (13, 120)  # a trend chart shows more than a year, and at most ten
DEFAULT_MONTHS = 36


@dataclass(frozen=True)
class ChartSpec:
    measure: str
    kind: str = "year_on_year"
    months: int = DEFAULT_MONTHS


@dataclass(frozen=True)
class ChartSettings:
    place: str = "none"
    specs: Mapping[str, ChartSpec] = field(default_factory=dict)  # by measure id, in the order given

    def needs(self) -> dict[str, tuple[str, int]]:
        """What the analysis must compute: each charted measure's chart kind and span."""
        return {m: (spec.kind, spec.months) for m, spec in self.specs.items()}


def read_chart_settings(entry: object, where: str, measures: Mapping[str, Measure]) -> ChartSettings:
    """The checked ``charts:`` settings; every problem is one InputError naming the key."""
    if entry is None:
        return ChartSettings()
    entry = check_keys(entry, where=where, allowed=("place", "type", "months", "measures"))
    place = entry.get("place", "none")
    if place not in PLACES:
        raise InputError(f"{where}: place '{place}' is not one of {', '.join(PLACES)}{suggestion(str(place), PLACES)}")
    default = _spec_fields(entry, where, ChartSpec(""))
    listed = entry.get("measures")
    if listed is None:
        chosen = [ChartSpec(m, default.kind, default.months) for m in measures if measures[m].monthly] if place != "none" else []
    elif not isinstance(listed, list):
        raise InputError(f"{where}: measures must be a list of measure ids, such as [da.recorded, burglary.recorded]")
    else:
        chosen = []
        for index, item in enumerate(listed, start=1):
            here = f"{where}: measures, item {index}"
            if isinstance(item, str):
                item = {"measure": item}
            item = check_keys(item, where=here, allowed=("measure", "type", "months"), required=("measure",))
            spec = _spec_fields(item, here, default)
            chosen.append(ChartSpec(str(item["measure"]), spec.kind, spec.months))
    specs: dict[str, ChartSpec] = {}
    for spec in chosen:
        if spec.measure not in measures:
            raise InputError(f"{where}: measure '{spec.measure}' is not in the catalogue{suggestion(spec.measure, measures)}")
        if spec.measure in specs:
            raise InputError(f"{where}: measure '{spec.measure}' is listed twice")
        if not measures[spec.measure].monthly:
            raise InputError(f"{where}: measure '{spec.measure}' is a rolling_year series (12-month totals), so it has no months to chart")
        specs[spec.measure] = spec
    return ChartSettings(place, specs)


def _spec_fields(entry: Mapping[str, object], where: str, default: ChartSpec) -> ChartSpec:
    kind = entry.get("type", default.kind)
    if kind not in KINDS:
        raise InputError(f"{where}: type '{kind}' is not one of {', '.join(KINDS)}{suggestion(str(kind), KINDS)}")
    months = entry.get("months", default.months)
    if not isinstance(months, int) or isinstance(months, bool) or not MONTHS[0] <= months <= MONTHS[1]:
        raise InputError(f"{where}: months must be a whole number from {MONTHS[0]} to {MONTHS[1]}, found {months!r}")
    return ChartSpec(default.measure, str(kind), months)
