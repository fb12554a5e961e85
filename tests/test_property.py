"""Property: any valid dataset builds a .docx that Word-compatible readers open, and a figure
printed both in a table and in the text is the same figure.

Hypothesis makes small datasets (a few counts and proportions, 24 to 40 months, values from
all zeros and tiny counts to thousands, surveys of a handful of respondents to hundreds) with
a minimal catalogue, report.yaml and template of their own; the rules are the real ones in
rules/, so degenerate data must find words in them, never an error. Each measure's benchmark
explanation must agree with its judgement word, at the edges too.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import docx
import pytest
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words

from narrator import cli
from narrator.model import Figure, Table
from narrator.pipeline import build_draft
from narrator.project import load_project

ROOT = Path(__file__).resolve().parent.parent
END = pd.Period("2021-03", "M")
NAMES = ["alpha", "bravo", "charlie", "delta", "echo"]
DEFAULT = "default"  # no benchmark in the catalogue: the default of the kind
COUNT_METHODS = [DEFAULT, "quasi_poisson", "poisson", "spc", "none"]
RATE_METHODS = [DEFAULT, "survey", "quasi_binomial", "newcombe", "two_proportion", "ci_current", "spc", "none"]
SPC_MONTHS = 36  # a control chart needs 24 baseline months before the current 12
POLARITIES = ["higher_is_better", "lower_is_better", "neutral"]


@st.composite
def count_measure(draw, index):
    months = draw(st.integers(24, 40))
    high = draw(st.sampled_from([0, 2, 9, 60, 3000]))
    values = draw(st.lists(st.integers(0, high), min_size=months, max_size=months))
    return {
        "id": f"{NAMES[index]}.recorded",
        "label": f"{NAMES[index].title()} offences",
        "name": f"{NAMES[index]} offences",
        "kind": "count",
        "polarity": draw(st.sampled_from(POLARITIES)),
        "method": draw(st.sampled_from([m for m in COUNT_METHODS if m != "spc" or months >= SPC_MONTHS])),
        "rows": [(v, None) for v in values],
    }


@st.composite
def rate_measure(draw, index):
    months = draw(st.integers(24, 40))
    high = draw(st.sampled_from([1, 4, 40, 900]))
    denominators = draw(st.lists(st.integers(1, high), min_size=months, max_size=months))
    share = draw(st.sampled_from(["none", "all", "any"]))
    values = [0 if share == "none" else d if share == "all" else draw(st.integers(0, d)) for d in denominators]
    return {
        "id": f"{NAMES[index]}.rate",
        "label": f"{NAMES[index].title()} rate",
        "name": f"the {NAMES[index]} rate",
        "kind": "proportion",
        "polarity": draw(st.sampled_from(POLARITIES)),
        "method": draw(st.sampled_from([m for m in RATE_METHODS if m != "spc" or months >= SPC_MONTHS])),
        "rows": list(zip(values, denominators)),
    }


@st.composite
def datasets(draw):
    counts = draw(st.integers(1, 3))
    rates = draw(st.integers(1, 2))
    return [draw(count_measure(i)) for i in range(counts)] + [draw(rate_measure(counts + i)) for i in range(rates)]


def write_project(folder: Path, measures: list[dict]) -> None:
    data = folder / "data"
    data.mkdir()
    shutil.copytree(ROOT / "rules", folder / "rules")
    (folder / "templates").mkdir()
    lines = ["measure,month,value,denominator"]
    for m in measures:
        months = pd.period_range(end=END, periods=len(m["rows"]), freq="M")
        lines += [f"{m['id']},{month},{v},{'' if d is None else d}" for month, (v, d) in zip(months, m["rows"])]
    (data / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalogue = ["measures:"]
    for m in measures:
        catalogue += [
            f"  - id: {m['id']}", f"    label: {m['label']}", f"    name: {m['name']}", f"    kind: {m['kind']}",
            f"    polarity: {m['polarity']}",
        ]
        if m["method"] == "survey":
            catalogue.append("    survey: true")
        elif m["method"] != DEFAULT:
            catalogue.append(f"    benchmark: {{method: {m['method']}}}")
    (data / "measures.yaml").write_text("\n".join(catalogue) + "\n", encoding="utf-8")
    (data / "commentary.yaml").write_text("paragraphs: {}\n", encoding="utf-8")
    rows = "\n".join(f"      - measure: {m['id']}" for m in measures)
    (data / "report.yaml").write_text(
        "report:\n  title: Generated report\n"
        "period_end: 2021-03\n"
        "inputs:\n  rules: ../rules\n  templates: ../templates\n  template: report.md.j2\n"
        f"tables:\n  main:\n    title: Measure\n    rows:\n{rows}\n",
        encoding="utf-8",
    )
    template = ["# Results", "", "{{ table('main') }}", ""]
    for m in measures:
        ref = m["id"]
        template += [
            (f"{{{{ name({ref}) | cap }}}}: current {{{{ {ref}.current }}}}; baseline {{{{ {ref}.baseline }}}}; "
             f"verdict {{{{ {ref}.judgement }}}}."),
            "",
            f"{{{{ name({ref}) | cap }}}} {{{{ say({ref}) }}}}.",
            "",
        ]
        if m["kind"] == "proportion":
            template += [f"{{{{ name({ref}) | cap }}}} {{{{ say({ref}, 'survey') }}}}. {{{{ say({ref}, 'sample') }}}}", ""]
    (folder / "templates" / "report.md.j2").write_text("\n".join(template), encoding="utf-8")


WORDS = {num2words(i): str(i) for i in range(100)}


def same_figure(text: str) -> str:
    """A figure as the table prints it: counts below ten are words in running text."""
    return WORDS.get(text.lower(), text)


def figures_by_place(document):
    tables, text = {}, {}
    for block in document.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    for run in cell.runs:
                        if isinstance(run, Figure):
                            tables.setdefault(run.fact_id, set()).add(run.text)
        else:
            for run in block.runs:
                if isinstance(run, Figure):
                    text.setdefault(run.fact_id, set()).add(run.text)
    return tables, text


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(datasets())
def test_valid_data_always_builds_a_docx_with_consistent_figures(measures):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        write_project(folder, measures)
        out = folder / "draft.docx"
        cwd = os.getcwd()
        try:
            os.chdir(folder)
            assert cli.main(["build", "--data", "data", "--out", str(out)]) == 0
        finally:
            os.chdir(cwd)

        # python-docx opens it, and the table and the sentences agree in the file itself
        document = docx.Document(str(out))
        table = document.tables[0]
        cells = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}
        paragraphs = [p.text for p in document.paragraphs]
        for m in measures:
            current, baseline, verdict = cells[m["label"]]
            stated = next(
                re.search(r"current (.+?); baseline (.+?); verdict (.+?)\.$", p)
                for p in paragraphs
                if p.endswith(".") and f"{m['name']}: current ".lower() in p.lower()
            )
            assert [same_figure(g) for g in stated.groups()] == [current, baseline, verdict]

        # every fact printed both in a table and in the text is printed as the same figure
        draft = build_draft(load_project(folder / "data"))
        in_tables, in_text = figures_by_place(draft.document)
        shared = set(in_tables) & set(in_text)
        assert {f"{m['id']}.{k}" for m in measures for k in ("current", "baseline", "judgement")} <= shared
        for fact_id in shared:
            assert {same_figure(t) for t in in_text[fact_id]} == in_tables[fact_id], fact_id

        # the benchmark's explanation says what the judgement word says
        for m in measures:
            assert_explanation_agrees(draft.facts[f"{m['id']}.judgement"].value, draft.facts[f"{m['id']}.benchmark"].value,
                                      draft.facts[f"{m['id']}.test_kind"].value)


def assert_explanation_agrees(word: str, explanation: str, test_kind: str) -> None:
    if word == "-":
        assert test_kind == "none" and explanation.endswith(("no test.", "No benchmark test for this measure.")), explanation
    elif word == "Comparable":
        assert explanation.endswith(("not significant at the 95% confidence level.", "so no signal.", "so no consistent shift.")), explanation
    else:
        assert explanation.endswith((", significant at the 95% confidence level.", " shift.")), explanation
        assert "not significant" not in explanation and "no signal" not in explanation, explanation
