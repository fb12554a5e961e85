"""Templates see facts, not figures; mistakes name the template and line."""

from pathlib import Path

import pytest
from conftest import copy_example, edit

from narrator.errors import TemplateProblem
from narrator.pipeline import build_draft
from narrator.project import load_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path):
    copy_example(tmp_path)
    return tmp_path



def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def test_a_fact_that_does_not_exist_names_template_and_line(workspace):
    template = workspace / "data" / "templates" / "victims.md.j2"
    edit(template, "{{ say(da.recorded) }}", "{{ da.recorded.chnage_pct }}")
    line = line_of(template, "chnage_pct")
    with pytest.raises(TemplateProblem) as error:
        build_draft(load_project(workspace / "data"))
    assert str(error.value) == (
        f"{template}, line {line}: no fact 'da.recorded.chnage_pct'; did you mean 'da.recorded.change_pct'?"
    )


def test_a_jinja_syntax_error_names_template_and_line(workspace):
    template = workspace / "data" / "templates" / "communities.md.j2"
    edit(template, "{{ say(hate.recorded) }}", "{{ say(hate.recorded) }")
    line = line_of(template, "{{ say(hate.recorded) }.")
    with pytest.raises(TemplateProblem, match=rf"communities.md.j2, line {line}: unexpected '}}'"):
        build_draft(load_project(workspace / "data"))


def test_an_unplaced_commentary_slot_is_an_error_not_a_silent_loss(workspace):
    edit(workspace / "data" / "commentary.yaml", "paragraphs:\n", "paragraphs:\n  spare.slot:\n  - An analyst's paragraph.\n")
    with pytest.raises(TemplateProblem, match=r"commentary slot 'spare.slot' is not placed by any template"):
        build_draft(load_project(workspace / "data"))


def test_an_unknown_commentary_slot_is_named(workspace):
    edit(workspace / "data" / "templates" / "victims.md.j2", "commentary('da.plan')", "commentary('da.plans')")
    with pytest.raises(TemplateProblem, match=r"no commentary slot 'da.plans' in .*commentary.yaml; did you mean 'da.plan'\?"):
        build_draft(load_project(workspace / "data"))


def test_templates_cannot_reach_python_internals(workspace):
    edit(workspace / "data" / "templates" / "report.md.j2", "# Purpose", "# Purpose {{ period.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem):
        build_draft(load_project(workspace / "data"))


def test_templates_and_rules_hold_no_figures():
    """Every figure comes from a fact: no digits in template or rule text outside Jinja tags and comments."""
    import re

    offending = []
    for path in [*sorted((ROOT / "templates").glob("*.j2")), *sorted((ROOT / "data" / "templates").glob("*.j2")), ROOT / "rules" / "movements.yaml"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            words = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", line)
            if path.suffix == ".yaml":
                words = "" if words.lstrip().startswith(("#", "when:", "- id:", "id:")) else words
            if re.search(r"\d", words):
                offending.append(f"{path.name}:{number}: {line.strip()}")
    assert offending == []


def charts_in(draft):
    from narrator.model import Chart

    return [b.id for b in draft.document.blocks if isinstance(b, Chart)]


def test_a_chart_of_a_measure_with_no_chart_names_template_and_line(workspace):
    template = workspace / "data" / "templates" / "communities.md.j2"
    edit(template, "{{ say(hate.recorded) }}", "{{ say(hate.recorded) }} {{ chart(hate.recorded) }}")
    line = line_of(template, "chart(hate.recorded)")
    with pytest.raises(TemplateProblem) as error:
        build_draft(load_project(workspace / "data"))
    assert str(error.value) == f"{template}, line {line}: no chart of 'hate.recorded'; list it under charts: measures: in report.yaml"


def test_generic_templates_place_charts_where_report_yaml_says(workspace):
    """chart(m, at=…) places a chart only where report.yaml's charts.place says; for a list, the first charted."""
    template = workspace / "data" / "templates" / "communities.md.j2"
    edit(template, "{{ say(hate.recorded) }}.",
         "{{ say(hate.recorded) }}. {{ chart([hate.recorded, drugs.recorded, knife.recorded], at='section') }}"
         " {{ chart(knife.recorded, at='measure') }}")
    settings = workspace / "data" / "report.yaml"
    edit(settings, "charts:\n  measures:\n", "charts:\n  place: PLACE\n  measures:\n    - drugs.recorded\n    - knife.recorded\n")
    text = settings.read_text(encoding="utf-8")
    placed = {}
    for place in ("none", "section", "measure"):
        settings.write_text(text.replace("PLACE", place), encoding="utf-8")
        placed[place] = [c for c in charts_in(build_draft(load_project(workspace / "data"))) if c in ("drugs.recorded", "knife.recorded")]
    assert placed == {"none": [], "section": ["drugs.recorded"], "measure": ["knife.recorded"]}


# --------------------------------------------------------------------------- helpers of the generic templates


def test_cap_capitalises_what_the_reader_sees_not_a_fact_id():
    from narrator.wording import markers
    from narrator.wording.templating import capitalise_first

    marked = markers.figure("report.force_short", "the Constabulary") + " received"
    assert markers.strip(capitalise_first(marked)) == "The Constabulary received"
    assert markers.split(capitalise_first(marked))[0].fact_id == "report.force_short"


def test_a_template_can_ask_whether_a_fact_exists(example_project):
    from narrator.wording.templating import FactNode, _index

    facts = build_draft(example_project).facts
    node = FactNode("da.recorded", facts, example_project.style, _index(facts))
    assert "threshold" in node and "change_pct" in node
    assert "no_such_fact" not in node


def test_an_optional_slot_is_offered_even_when_empty(example_project):
    from narrator.wording.templating import make_environment

    environment = make_environment()
    template = environment.from_string("{{ commentary_if('purpose') }}|{{ commentary_if('nothing.here') }}")
    from narrator.pipeline import compute_facts
    from narrator.wording.phrasing import RuleBook
    from narrator.wording.templating import ReportContext

    analysis, facts = compute_facts(example_project)
    rules = RuleBook.load(example_project.sources.rule_layers("movements.yaml"), make_environment())
    context = ReportContext(analysis, facts, example_project.style, rules, example_project.slots, {}, {}, (), example_project.sections)
    text = template.render(context.namespace())
    assert text.startswith("The purpose of this report") and text.endswith("|")
    assert context.offered_slots == {"purpose", "nothing.here"}
    assert context.used_slots == ["purpose"]
