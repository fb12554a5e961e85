"""The words of charts (``rules/charts.yaml``): caption, alt text and legend names, from facts.

Contract: :meth:`ChartRules.load` reads and compiles the phrases once per run;
:meth:`ChartWords.words` renders a measure's chart words with its facts printed in
house style, as plain text (a caption and alt text carry no bookmarks): the caption and alt
text of the chart ``kind`` (year_on_year or trend), a name for each kind of line, and one
name per threshold. The phrases are Jinja and hold words only; a phrase that names a fact the
measure lacks is one error naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import re

from jinja2 import TemplateError, UndefinedError

from ..analysis.facts import FactSet
from ..errors import InputError, NarratorError, suggestion
from ..settings.catalogue import Measure
from ..settings.yamlfiles import check_keys, read_yaml
from . import markers
from .sandbox import Words, in_template_terms
from .style import HouseStyle
from .facttree import FactRef

KINDS = ("year_on_year", "trend")
ROLES = ("previous", "current", "monthly", "rolling", "mean", "limit", "threshold")
PEERS = "peers"  # the dot chart of the force against its peers: its caption, alt text and the names of its dots and lines
PEER_PHRASES = ("caption", "alt", "peer", "force", "national", "limit")


@dataclass(frozen=True)
class ChartText:
    caption: str
    alt: str
    legend: dict[str, str]  # line role → name
    thresholds: tuple[str, ...]  # a name for each of the measure's thresholds


class ChartRules:
    """The chart phrases of ``rules/charts.yaml``, read, checked and compiled once per run."""

    def __init__(self, templates: Mapping[tuple[str, str], tuple[object, Path]], path: Path) -> None:
        self.templates = templates  # (kind or legend, name) → (compiled phrase, the file it came from)
        self.path = path

    @classmethod
    def load(cls, layers: Sequence[Path], environment) -> "ChartRules":
        """Phrases from ``layers`` (Narrator's file, then a project's: a later file's keys replace an earlier one's)."""
        data: dict = {}
        for path in layers:
            entries = check_keys(read_yaml(path) or {}, where=str(path), allowed=(*KINDS, "legend", PEERS))
            for key, value in entries.items():
                allowed = ROLES if key == "legend" else PEER_PHRASES if key == PEERS else ("caption", "alt")
                check_keys(value, where=f"{path}: {key}", allowed=allowed, required=allowed)
                data[key] = (value, path)
        templates: dict[tuple[str, str], tuple[object, Path]] = {}
        for key, (entries, path) in data.items():
            for name, phrase in entries.items():
                try:
                    templates[key, name] = (environment.from_string(str(phrase)), path)
                except TemplateError as error:
                    raise InputError(f"{path}: {key}.{name}: {error}") from None
        return cls(templates, layers[-1] if layers else Path("charts.yaml"))


class ChartWords:
    def __init__(self, rules: ChartRules, facts: FactSet, style: HouseStyle) -> None:
        """The words of the charts of one draft: ``rules`` with the draft's ``facts``."""
        self.path = rules.path
        self.templates = rules.templates
        self.facts = facts
        self.style = style

    def words(self, measure: Measure, kind: str) -> ChartText:
        values = self._values(measure)
        legend = {role: self._say("legend", role, values) for role in ROLES if role != "threshold"}
        thresholds = tuple(
            self._say("legend", "threshold", {**values, "threshold": self._ref(f"{measure.id}.threshold.{t}.value")})
            for t in measure.thresholds
        )
        return ChartText(self._say(kind, "caption", values), self._say(kind, "alt", values), legend, thresholds)

    def peer_words(self, measure: Measure) -> ChartText:
        """The words of the measure's dot chart against its peers: ``legend`` names the roles peer, force, national, limit."""
        values = self._values(measure)
        for prefix, name in ((f"{measure.id}.peer.", "peer"), ("peers.", "peers")):
            tree: dict = {}
            for fact_id in self.facts:
                if fact_id.startswith(prefix):
                    *path, leaf = fact_id[len(prefix):].split(".")
                    node = tree
                    for part in path:
                        node = node.setdefault(part, {})
                    if isinstance(node, dict):
                        node[leaf] = self._ref(fact_id)
            values[name] = tree
        legend = {role: self._say(PEERS, role, values) for role in ("peer", "force", "national", "limit")}
        return ChartText(self._say(PEERS, "caption", values), self._say(PEERS, "alt", values), legend, ())

    def _ref(self, fact_id: str) -> FactRef:
        return FactRef(self.facts[fact_id], self.style)

    def _values(self, measure: Measure) -> dict[str, object]:
        prefix = f"{measure.id}."
        values: dict[str, object] = {"name": Words(measure.name), "label": Words(measure.label), "kind": measure.kind}
        groups: dict[str, dict[str, FactRef]] = {"chart": {}, "spc": {}, "period": {}}
        for fact_id in self.facts:
            if fact_id.startswith(prefix):
                rest = fact_id[len(prefix):]
                head, _, tail = rest.partition(".")
                if not tail:
                    values[rest] = self._ref(fact_id)
                elif head in ("chart", "spc") and "." not in tail:
                    groups[head][tail] = self._ref(fact_id)
            elif fact_id.startswith("period.") and fact_id.count(".") == 1:
                groups["period"][fact_id.split(".")[1]] = self._ref(fact_id)
        values.update(chart=groups["chart"], spc=groups["spc"] or None, period=groups["period"])
        chart = groups["chart"]
        if chart:
            for name in ("start", "end"):
                month = self.facts[f"{prefix}chart.{name}"].value
                key = f"{prefix}month.{month}"
                values["first" if name == "start" else "last"] = self._ref(key) if key in self.facts else None
        values["thresholds"] = [self._ref(f"{prefix}threshold.{t}.value") for t in measure.thresholds]
        return values

    def _say(self, key: str, name: str, values: dict[str, object]) -> str:
        template, path = self.templates.get((key, name), (None, self.path))
        if template is None:
            raise InputError(f"{self.path}: no '{key}.{name}' phrase for charts")
        try:
            text = template.render(values)
        except UndefinedError as error:
            raise InputError(f"{path}: {key}.{name}: {_unknown(str(error), values)}") from None
        except (NarratorError, TemplateError, TypeError, ValueError) as error:
            raise InputError(f"{path}: {key}.{name}: {in_template_terms(str(error))}") from None
        return " ".join(markers.strip(text).split())


def _unknown(message: str, values: Mapping[str, object]) -> str:
    """A name a chart phrase asked for that its measure's facts lack, in the analyst's terms (never
    Jinja's "'dict object' has no attribute …"), with the nearest name it could use."""
    found = re.search(r"has no attribute '(\w+)'|'(\w+)' is undefined", message)
    if not found:
        return in_template_terms(message)
    asked = found.group(1) or found.group(2)
    known = [*values, *(f"{group}.{name}" for group, names in values.items() if isinstance(names, dict) for name in names)]
    near = suggestion(asked, known) or suggestion(asked, [name.rpartition(".")[2] for name in known])
    return f"'{asked}' is not a fact or word a chart phrase can use{near}"
