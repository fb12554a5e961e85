"""Force reports from the real Home Office table, checked against our own computation from the CSV.

Every figure below is computed here with the csv module from the published file; Narrator's come
through load_project and the draft builder (and, for the batch, the command line).
"""

from __future__ import annotations

import re

import pytest
from conftest import HOME_OFFICE_TABLE, home_office_project, needs_home_office, read_published

from narrator import cli
from narrator.pipeline import DraftBuilder, build_draft, render
from narrator.errors import InputError
from narrator.project import load_project

pytestmark = needs_home_office
BURGLARY = ("Domestic burglary", "Non-domestic burglary", "Residential burglary", "Non-residential burglary")


@pytest.fixture(scope="module")
def published():
    """force → 'dd-mm-yyyy' → offence → total, read with the csv module."""
    return read_published()


def total(published, force: str, date: str, offences=None) -> int:
    rows = published[force][date]
    return sum(v for offence, v in rows.items() if (offence in offences if offences else offence != "Fraud offences"))


@pytest.fixture(scope="module")
def december(tmp_path_factory):
    project = load_project(home_office_project(tmp_path_factory.mktemp("december")))
    return project, DraftBuilder(project)


@pytest.mark.parametrize("end, now, before", [("2018-12", "31-12-2018", "30-12-2017"),
                                              pytest.param("2016-03", "31-03-2016", "31-03-2015", marks=pytest.mark.slow)])
def test_every_forces_changes_equal_our_own_computation(tmp_path, published, end, now, before):
    project = load_project(home_office_project(tmp_path, end))
    builder = DraftBuilder(project)
    forces = sorted(published)
    assert len(forces) == 44 and project.areas.reported == tuple(forces)
    for force in forces:
        _, facts = builder.facts(force)
        for measure, offences in (("all_crime", None), ("burglary", BURGLARY)):
            current, baseline = total(published, force, now, offences), total(published, force, before, offences)
            assert facts[f"{measure}.current"].value == current, (force, measure)
            assert facts[f"{measure}.baseline"].value == baseline, (force, measure)
            assert facts[f"{measure}.change_pct"].value == pytest.approx((current - baseline) / baseline * 100, rel=1e-12)
    _, england = builder.facts("England and Wales")
    territorial = [f for f in forces if f != "British Transport Police"]
    assert england["burglary.current"].value == sum(total(published, f, now, BURGLARY) for f in territorial)
    assert england["all_crime.baseline"].value == sum(total(published, f, before) for f in territorial)


@pytest.mark.slow  # whole builds from the national table
def test_the_30_december_2017_row_is_december_2017(tmp_path, published):
    project = load_project(home_office_project(tmp_path, "2017-12"), area="Kent")
    facts = DraftBuilder(project).every_fact("Kent")[1]
    assert facts["burglary.current"].value == total(published, "Kent", "30-12-2017", BURGLARY)
    assert facts["burglary.baseline"].value == total(published, "Kent", "31-12-2016", BURGLARY)
    assert facts["period.current"].value == "the year to December 2017"


@pytest.mark.slow  # a whole build from the national table, then every force's sums
def test_burglary_across_the_reclassification_is_the_sum_and_carries_its_footnote(tmp_path, published):
    project = load_project(home_office_project(tmp_path, "2018-03"), area="Cambridgeshire")
    draft = build_draft(project)
    assert draft.facts["burglary.current"].value == published["Cambridgeshire"]["31-03-2018"]["Residential burglary"] + \
        published["Cambridgeshire"]["31-03-2018"]["Non-residential burglary"] == 6336
    assert draft.facts["burglary.baseline"].value == 2195 + 3135 == total(published, "Cambridgeshire", "31-03-2017", BURGLARY)
    text = render(draft.document, "md").decode()
    assert re.search(r"^2\.2 Recorded burglaries\[\^1\] rose by 18\.9% relative to 2016/17, from 5,330 to 6,336", text, flags=re.M)
    assert ("[^1]: The offences were reclassified in April 2017: domestic burglary and non-domestic burglary before, "
            "residential burglary and non-residential burglary from then on. The figures here are the sum of them all, "
            "so both periods count the same offences.") in text
    before = render(build_draft(load_project(home_office_project(tmp_path / "2016", "2016-03"), area="Cambridgeshire")).document, "md")
    assert b"reclassified" not in before  # 2014/15 against 2015/16: no change of classification inside the years


def test_a_rolling_year_series_has_no_month_facts(december):
    _, builder = december
    facts = builder.every_fact("Cambridgeshire")[1]
    own = sorted(k.split(".", 1)[1] for k in facts if k.startswith("burglary.") and ".parent." not in k)
    assert own == ["baseline", "benchmark", "change", "change_high", "change_low", "change_pct", "current", "current_end", "current_start", "judgement",
                   "method", "reclassified.after", "reclassified.before", "reclassified.month", "series", "test_kind"]
    assert facts["burglary.method"].value == "test of 12-month totals"  # the rolling-year default


@pytest.mark.slow  # 44 drafts
def test_an_area_batch_writes_44_drafts_each_with_its_own_figures_and_the_england_and_wales_comparison(tmp_path, published, capsys):
    folder = home_office_project(tmp_path / "project")
    out = tmp_path / "drafts"
    assert cli.main(["build", "--data", str(folder), "--all-areas", "--out-dir", str(out), "--format", "md"]) == 0
    files = sorted(out.iterdir())
    assert len(files) == 44
    assert capsys.readouterr().out == (
        f"wrote {out.resolve()}: 44 drafts, one per area, each compared with England and Wales "
        "(avon-and-somerset.md, bedfordshire.md, british-transport-police.md, …)\n")
    territorial = [f for f in published if f != "British Transport Police"]
    england = {m: (sum(total(published, f, "31-12-2018", o) for f in territorial), sum(total(published, f, "30-12-2017", o) for f in territorial))
               for m, o in (("all_crime", None), ("burglary", BURGLARY))}
    for force in published:
        text = (out / f"{re.sub(r'[^a-z0-9]+', '-', force.lower()).strip('-')}.md").read_text(encoding="utf-8")
        assert f"# Police recorded crime: {force}\n" in text
        assert f"This report is about {force}; each measure is compared with England and Wales" in text
        for measure, offences, name in (("all_crime", None, "Police recorded crime (excluding fraud)"), ("burglary", BURGLARY, "Recorded burglaries")):
            now, before = total(published, force, "31-12-2018", offences), total(published, force, "30-12-2017", offences)
            sentence = re.search(rf"^2\.\d {re.escape(name)}(\[\^1\])? .*$", text, flags=re.M).group(0)
            assert f"from {before:,} to {now:,}" in sentence or f"{now:,} against {before:,}" in sentence, (force, sentence)
            pct = abs(round((england[measure][0] - england[measure][1]) / england[measure][1] * 100, 1))
            assert re.search(rf"(For England and Wales, the (rise|fall) was|England and Wales, by contrast, saw a (rise|fall) of) {pct}%\.", sentence), sentence
        assert f"| England and Wales        |" in text


# --------------------------------------------------------------------------- one force, chosen


def one_force_project(folder, force: str | None, period_end: str = "2018-12"):
    """A project over the whole Home Office table with no areas: block, naming ``force`` (or none)."""
    home_office_project(folder, period_end)
    named = f", force: {force}" if force else ""
    (folder / "report.yaml").write_text(
        f'report: {{title: "Police recorded crime"{named}}}\nperiod_end: {period_end}\n'
        f"inputs:\n  observations: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("force, table", [("Kent Police", "Kent"), ("Metropolitan Police Service", "Metropolitan Police"),
                                          ("cambridgeshire constabulary", "Cambridgeshire"), ("Kent", "Kent")])
def test_a_published_table_builds_the_named_forces_report_only(tmp_path, published, force, table):
    project = load_project(one_force_project(tmp_path, force))
    assert project.areas is None and project.report["force"] == force
    facts = build_draft(project).facts
    assert facts["all_crime.current"].value == total(published, table, "31-12-2018")
    assert facts["all_crime.baseline"].value == total(published, table, "30-12-2017")
    assert facts["report.force"].value == force


def test_area_names_the_force_when_report_yaml_does_not(tmp_path, published):
    project = load_project(one_force_project(tmp_path, None), area="Kent Police")
    assert project.report["force"] == "Kent"
    assert build_draft(project).facts["all_crime.current"].value == total(published, "Kent", "31-12-2018")


@pytest.mark.parametrize("force, area, message", [
    (None, None, "{settings}: {table} holds 44 forces and report.force names none of them; set report.force to one of them "
                 "(the name may end in Police, Constabulary or Service), or choose one with --area NAME; an areas: block reports "
                 "on every force against a parent you define (such as force: Avon and Somerset)"),
    ("Kent County Constabulary", None,
     "{settings}: report.force 'Kent County Constabulary' is none of the 44 forces in {table}; near names: 'Kent'; "
     "set report.force to one of them (the name may end in Police, Constabulary or Service), or choose one with --area NAME; "
     "an areas: block reports on every force against a parent you define"),
    ("Yorkshire Police", None,
     "{settings}: report.force 'Yorkshire Police' could be any of 'North Yorkshire', 'South Yorkshire', 'West Yorkshire' "
     "({table}); set report.force to one of them (the name may end in Police, Constabulary or Service), or choose one with "
     "--area NAME; an areas: block reports on every force against a parent you define"),
    (None, "Kentt", "--area 'Kentt' is none of the 44 forces in {table}; near names: 'Kent', 'Gwent'; give --area one of them "
                    "(the name may end in Police, Constabulary or Service)"),
    ("Kent Police", "Essex", "--area 'Essex' is not this report's force ({settings}: report.force 'Kent Police'); drop --area, "
                             "or change report.force to the force you mean"),
])
def test_a_force_not_clear_is_one_line_listing_the_near_names(tmp_path, force, area, message):
    folder = one_force_project(tmp_path, force)
    with pytest.raises(InputError) as raised:
        load_project(folder, area=area)
    assert str(raised.value) == message.format(settings=folder / "report.yaml", table=HOME_OFFICE_TABLE)


def test_the_cli_refuses_with_exit_2_and_writes_nothing(tmp_path, monkeypatch, capsys):
    folder = one_force_project(tmp_path / "p", None)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(folder), "--out", "a.md"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"narrator: {folder / 'report.yaml'}: {HOME_OFFICE_TABLE} holds 44 forces")
    assert not (tmp_path / "a.md").exists()


def test_a_period_end_the_table_lacks_names_the_force_and_the_months_it_has(tmp_path):
    with pytest.raises(InputError) as raised:
        load_project(one_force_project(tmp_path, None), "2018-11", area="Kent")
    assert str(raised.value) == (
        f"{HOME_OFFICE_TABLE} (force 'Kent'): measure 'all_crime' has no row for 2018-11, the end of the current 12 months "
        "(a rolling_year series: each row is the 12-month total to its month); its rows are for 2003-03 to 2018-12, every "
        "3 months from 2007-03 (before that less often); give --period-end one of those months, such as 2018-12")


def test_with_areas_the_area_is_found_by_its_force_name_and_the_summed_parent_is_a_note(tmp_path, published):
    project = load_project(home_office_project(tmp_path), area="Kent Police")
    assert project.area == "Kent"
    text = render(build_draft(project).document, "md").decode("utf-8")
    assert "*England and Wales here is the sum of the 43 forces of the data other than British Transport Police, month by month.*" in text
    assert f"{total(published, 'Kent', '31-12-2018'):,}" in text


def test_with_areas_a_published_tables_parent_must_be_said(tmp_path):
    folder = home_office_project(tmp_path, areas="{report: all, noun: forces}")
    with pytest.raises(InputError) as raised:
        load_project(folder)
    assert str(raised.value) == (
        f"{folder / 'report.yaml'}: areas: the forces of {HOME_OFFICE_TABLE} add up to no parent unless you say how; add parent: "
        "{name: England and Wales, sum_except: [British Transport Police]} (the 43 territorial forces), or a parent of your own")


def test_all_areas_of_a_published_table_needs_an_areas_block(tmp_path, monkeypatch, capsys):
    folder = one_force_project(tmp_path / "p", "Kent")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(folder), "--all-areas", "--out-dir", "d"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "narrator: --all-areas: this report has no areas to write drafts for: its data have no area column, or they are a "
        "published table of forces, which needs an areas: block in report.yaml saying what each force is compared with "
        '(narrator docs data, "A published table")')
    assert not (tmp_path / "d").exists()
