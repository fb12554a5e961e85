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
    edit(template, "{{ opening(hate.recorded) }}", "{{ say(hate.recorded) }")
    line = line_of(template, "{{ say(hate.recorded) }.")
    with pytest.raises(TemplateProblem, match=rf"communities.md.j2, line {line}: unexpected '}}'"):
        build_draft(load_project(workspace / "data"))


def test_an_unplaced_commentary_slot_is_an_error_not_a_silent_loss(workspace):
    edit(workspace / "data" / "commentary.yaml", "paragraphs:\n", "paragraphs:\n  spare.slot:\n  - An analyst's paragraph.\n")
    with pytest.raises(TemplateProblem, match=r"commentary slot 'spare.slot' is no measure or section of this report"):
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
    edit(template, "{{ opening(hate.recorded) }}", "{{ opening(hate.recorded) }} {{ chart(hate.recorded) }}")
    line = line_of(template, "chart(hate.recorded)")
    with pytest.raises(TemplateProblem) as error:
        build_draft(load_project(workspace / "data"))
    assert str(error.value) == f"{template}, line {line}: no chart of 'hate.recorded'; list it under charts: measures: in report.yaml"


def test_generic_templates_place_charts_where_report_yaml_says(workspace):
    """chart(m, at=…) places a chart only where report.yaml's charts.place says; for a list, the first charted."""
    template = workspace / "data" / "templates" / "communities.md.j2"
    edit(template, "{{ opening(hate.recorded) }}.",
         "{{ opening(hate.recorded) }}. {{ chart([hate.recorded, drugs.recorded, knife.recorded], at='section') }}"
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
    from narrator.wording.environment import capitalise_first

    marked = markers.figure("report.force_short", "the Constabulary") + " received"
    assert markers.strip(capitalise_first(marked)) == "The Constabulary received"
    assert markers.split(capitalise_first(marked))[0].fact_id == "report.force_short"


def test_a_template_can_ask_whether_a_fact_exists(example_project):
    from narrator.wording.facttree import FactNode, _index

    facts = build_draft(example_project).facts
    node = FactNode("da.recorded", facts, example_project.style, _index(facts))
    assert "threshold" in node and "change_pct" in node
    assert "no_such_fact" not in node


def test_an_optional_slot_is_offered_even_when_empty(example_project):
    from narrator.wording.environment import make_environment

    environment = make_environment()
    template = environment.from_string("{{ commentary_if('purpose') }}|{{ commentary_if('nothing.here') }}")
    from narrator.pipeline import compute_facts
    from narrator.wording.phrasing import RuleBook
    from narrator.wording.context import ReportContext

    analysis, facts = compute_facts(example_project)
    rules = RuleBook.load(example_project.sources.rule_layers("movements.yaml"), make_environment())
    context = ReportContext(analysis, facts, example_project.style, rules, example_project.slots, {}, {}, (), example_project.sections)
    text = markers.strip(template.render(context.namespace()))
    assert text.startswith("The purpose of this report") and text.endswith("|")
    assert context.offered_slots == {"purpose", "nothing.here"}
    assert context.used_slots == ["purpose"]


# --------------------------------------------------------------------------- issue 13: a template in the analyst's terms

from narrator.document.tables import TableBuilder  # noqa: E402
from narrator.pipeline import compute_facts  # noqa: E402
from narrator.wording import markers  # noqa: E402
from narrator.wording.phrasing import RuleBook  # noqa: E402
from narrator.wording.context import ReportContext  # noqa: E402
from narrator.wording.environment import make_environment  # noqa: E402
from narrator.wording.debug import render_report  # noqa: E402


@pytest.fixture(scope="module")
def computed(example_project):
    return compute_facts(example_project)


@pytest.fixture
def render(example_project, computed, tmp_path):
    """Render a template of one's own (``report.md.j2`` in a fresh folder, over the defaults) against the example's facts."""
    analysis, facts = computed
    project = example_project

    def run(source, **others):
        (tmp_path / "report.md.j2").write_text(source, encoding="utf-8")
        for name, text in others.items():
            (tmp_path / name.replace("_", ".")).write_text(text, encoding="utf-8")
        builder = TableBuilder(analysis, facts, project.style)
        tables = {table_id: builder.build(spec) for table_id, spec in project.tables.items()}
        rules = RuleBook.load(project.sources.rule_layers("movements.yaml"), make_environment())
        notes = {m.id: m.footnote for m in project.measures.values() if m.footnote}
        context = ReportContext(analysis, facts, project.style, rules, project.slots, tables, notes, project.events, project.sections)
        return render_report(make_environment([tmp_path, *project.sources.template_folders()]), "report.md.j2", context)

    run.folder = tmp_path
    return run


def problem(render, source, **others):
    with pytest.raises(TemplateProblem) as caught:
        render(source, **others)
    return str(caught.value).removeprefix(f"{render.folder / 'report.md.j2'}, line 1: ")


@pytest.mark.parametrize(
    "call, message",
    [
        ("name(da.recorded.current)", "name() expects a measure, such as name(da.recorded); it was given the fact 'da.recorded.current'"),
        ("label('da.recorded')", "label() expects a measure, such as label(da.recorded); it was given the text 'da.recorded'"),
        ("say(da)", "say() expects a measure, such as say(da.recorded) or say(da.recorded, 'sample'); it was given the group of facts 'da'"),
        ("say(da.recorded, 3)", "say() expects a name in quotes, such as say(da.recorded) or say(da.recorded, 'sample'); it was given the number 3"),
        ("months_list(da.recorded.current)",
         "months_list() expects a measure, such as months_list(da.recorded, 'largest_fall'); it was given the fact 'da.recorded.current'"),
        ("thresholds(12)", "thresholds() expects a measure, such as thresholds(da.recorded); it was given the number 12"),
        ("events(none)", "events() expects a measure, such as events(da.recorded); it was given nothing (none)"),
        ("commentary(da.recorded.current)",
         "commentary() expects a name in quotes, such as commentary('da.plan'); it was given the fact 'da.recorded.current'"),
        ("table(da.recorded)", "table() expects a name in quotes, such as table('victims'); it was given the measure 'da.recorded'"),
        ("methods(da.recorded)", "methods() expects a name in quotes, such as methods('victims'); it was given the measure 'da.recorded'"),
        ("commentary_if(3)", "commentary_if() expects a name in quotes, such as commentary_if('introduction'); it was given the number 3"),
        ("footnote()", "footnote() was given 0 values; use it as footnote('iquanta')"),
        ("say(da.recorded, 'movement', true, true, 'x')", "say() was given 5 values; use it as say(da.recorded) or say(da.recorded, 'sample')"),
        ("name(da.recordd)", "no measure or fact 'da.recordd' in the catalogue or the data; did you mean 'da.recorded'?"),
        ("say(nothing)", "'nothing' is not a measure, fact or function a template can use"),
        ("da.recorded | noun('offence', 'offences')",
         "the filter noun expects a fact or a number, such as da.recorded.months_higher | noun('month', 'months'); "
         "it was given the measure 'da.recorded'"),
        ("da.recorded.months_higher | noun('month')",
         "the filter noun was given 2 values; use it as da.recorded.months_higher | noun('month', 'months')"),
        ("da | cap", "the filter cap expects words or a fact, such as name(da.recorded) | cap; it was given the group of facts 'da'"),
        ("da.recorded.current.prefix", "the fact 'da.recorded.current' has no 'prefix'; a fact is printed as it is, or compared by its .value"),
        ("da.recorded.current | round", "round of the fact 'da.recorded.current': a fact is printed as it is, already rounded in "
                                        "house style; to compare it, use da.recorded.current.value in a condition"),
        ("chart(da.recorded.current)", "chart() expects a measure, its id in quotes, or a list of them, such as chart(da.recorded) "
                                       "or chart(section.groups, at='section'); it was given the fact 'da.recorded.current'"),
        ("chart(da.recorded, at=3)", "chart() expects a name in quotes, such as chart(da.recorded) or chart(section.groups, at='section'); "
                                     "it was given the number 3"),
        ("da.recorded | abs", "abs of 'da.recorded', a group of facts: abs applies to a fact, such as da.recorded.change_pct | abs"),
    ],
)
def test_a_template_function_given_the_wrong_thing_says_what_it_expected(render, call, message):
    assert problem(render, "{{ " + call + " }}") == message


def test_no_message_shows_an_invisible_marker(render):
    message = problem(render, "{{ commentary(period.current ~ '') }}")
    assert message == "no commentary slot '2020/21' in data/commentary.yaml".replace("data/", f"{ROOT}/data/")
    assert not set(message) & set(markers.MARKERS)


def test_an_include_outside_the_template_folders(render):
    folders = f"{render.folder} or {ROOT / 'data' / 'templates'} or {ROOT / 'templates'}"
    for name in ("../report.yaml", "/etc/passwd"):
        assert problem(render, "{% include '" + name + "' %}") == (
            f"no template '{name}' in {folders}; a template may include or import only the templates in those folders, "
            "by a name such as macros.md.j2"
        )


def test_a_template_that_includes_itself(render):
    assert problem(render, "{% include 'report.md.j2' %}") == (
        "report.md.j2 includes itself without end (report.md.j2 → report.md.j2); a template may not include itself, "
        "directly or through another"
    )


def test_two_templates_that_include_each_other(render):
    message = problem(render, "{% include 'other.md.j2' %}", other_md_j2="\n{% include 'report.md.j2' %}")
    assert message == (
        "report.md.j2 includes itself without end (report.md.j2 → other.md.j2 → report.md.j2); "
        "a template may not include itself, directly or through another"
    )


def test_a_macro_that_calls_itself(render):
    assert problem(render, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}") == (
        "a macro calls itself without end (at report.md.j2, line 1); a macro may not call itself"
    )


def test_a_runaway_loop_names_its_template_and_line(render):
    message = problem(render, "{% for a in measures() %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    assert message.startswith("stopped after 1,000,000 loop steps and calls")


def test_catalogue_words_may_hold_figures(render):
    said = render("{{ name(calls999.answered_10s) | cap }}; {{ label(calls999.answered_10s) }}.{{ table('youth_gangs') }}")
    assert markers.strip(said) == (
        "The proportion of 999 calls answered within 10 seconds; 999 calls answered within 10 seconds.\n::table youth_gangs\n"
    )


def test_the_report_template_and_what_it_includes_are_checked_before_any_figure_is_computed(workspace):
    edit(workspace / "data" / "templates" / "victims.md.j2", "{{ say(da.recorded) }}", "rose by 12.5%")
    with pytest.raises(TemplateProblem) as caught:  # loading computes no fact
        load_project(workspace / "data")
    line = line_of(workspace / "data" / "templates" / "victims.md.j2", "rose by 12.5%")
    assert str(caught.value) == (
        f"{workspace / 'data' / 'templates' / 'victims.md.j2'}, line {line}: '12.5%' is a figure typed into the template; "
        "figures come only from facts: print one, such as {{ da.recorded.change_pct }} (narrator facts lists them all)"
    )


def test_a_template_may_write_a_footnote_of_its_own_with_figures_but_one_text_per_key(workspace):
    template = workspace / "data" / "templates" / "victims.md.j2"
    edit(template, "{{ say(da.recorded) }}",
         "{{ say(da.recorded) }}{{ footnote('da.note', 'Counted from ' ~ period.start ~ ' on.') }}")
    draft = build_draft(load_project(workspace / "data"))
    (note,) = [n for n in draft.document.footnotes if "Counted from" in "".join(getattr(r, "text", "") for r in n.runs)]
    assert [(type(r).__name__, r.text) for r in note.runs] == [("Text", "Counted from "), ("Figure", "April 2020"), ("Text", " on.")]
    edit(template, "{{ footnote('da.note', 'Counted from ' ~ period.start ~ ' on.') }}",
         "{{ footnote('da.note', 'One text.') }}{{ footnote('da.note', 'Another.') }}")
    with pytest.raises(TemplateProblem) as error:
        build_draft(load_project(workspace / "data"))
    assert str(error.value).endswith("footnote 'da.note' is given two different texts")
