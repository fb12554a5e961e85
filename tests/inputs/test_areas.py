"""inputs/areas.py: which areas a report is about, their parent (given or summed) and the rule said in the notes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.inputs.areas import Areas, area_rows, choose_force, read_areas, summed
from narrator.settings.catalogue import load_catalogue

DATA = "obs.csv"


@pytest.fixture(scope="module")
def measures(tmp_path_factory):
    path = tmp_path_factory.mktemp("areas") / "measures.yaml"
    path.write_text(
        "measures:\n"
        "  - {id: burglary, label: Burglary, name: recorded burglaries, kind: count, polarity: lower_is_better}\n"
        "  - {id: rate, label: Rate, name: the rate, kind: proportion, polarity: higher_is_better}\n"
        "  - {id: national, label: National, name: national burglaries, kind: count, polarity: lower_is_better, comparator: true}\n",
        encoding="utf-8")
    return load_catalogue(Path(path))


def observations() -> pd.DataFrame:
    """Three areas (Fen Area has January only) and a national series every area shares (no area)."""
    rows = []
    for area, (count, numerator, denominator) in {"North Area": (10, 3, 10), "South Area": (20, 5, 20), "Fen Area": (5, 1, 5)}.items():
        for month in ("2021-01", "2021-02") if area != "Fen Area" else ("2021-01",):
            rows += [("burglary", month, count, np.nan, area), ("rate", month, numerator, denominator, area)]
    rows.append(("national", "2021-01", 1000, np.nan, ""))
    return pd.DataFrame(rows, columns=["measure", "month", "value", "denominator", "area"])


def refused(measures, entry, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        read_areas(entry, kwargs.pop("frame", observations()), measures, None, "report.yaml", DATA, **kwargs)
    return str(caught.value)


def test_without_areas_the_parent_is_report_force_summed_from_every_area(measures):
    areas = read_areas(None, observations(), measures, "Kent Police", "report.yaml", DATA)
    assert areas == Areas(("North Area", "South Area", "Fen Area"), "Kent Police", ("North Area", "South Area", "Fen Area"), False,
                          ("burglary", "rate"), "areas", ())
    assert areas.rule == "Kent Police here is the sum of North Area, South Area and Fen Area, month by month."


def test_sum_except_and_sum_of_say_which_areas_add_up(measures):
    areas = read_areas({"parent": {"name": "Force", "sum_except": ["Fen Area"]}, "noun": "districts"}, observations(), measures,
                       None, "report.yaml", DATA)
    assert (areas.members, areas.left_out, areas.noun) == (("North Area", "South Area"), ("Fen Area",), "districts")
    assert areas.rule == "Force here is the sum of the 2 districts of the data other than Fen Area, month by month."
    areas = read_areas({"parent": {"name": "Force", "sum_of": ["North Area", "South Area"]}, "report": ["North Area"]},
                       observations(), measures, None, "report.yaml", DATA)
    assert (areas.reported, areas.members, areas.rule) == (
        ("North Area",), ("North Area", "South Area"), "Force here is the sum of North Area and South Area, month by month.")
    many = Areas(tuple("ABCDEFG"), "P", tuple("ABCDEFG"), False, noun="forces")
    assert many.rule == "P here is the sum of all 7 forces of the data, month by month."
    assert Areas(("A",), "P", (), True).rule == ""  # the data give the parent


def test_a_summed_parent_adds_counts_numerators_and_denominators_over_the_months_every_area_has():
    frame = summed(observations(), ("North Area", "Fen Area"))  # Fen Area has January only
    assert frame.to_dict("records") == [
        {"measure": "burglary", "month": "2021-01", "value": 15, "denominator": pytest.approx(np.nan, nan_ok=True), "area": ""},
        {"measure": "rate", "month": "2021-01", "value": 4, "denominator": 15.0, "area": ""}]


def test_an_areas_rows_carry_the_shared_series(measures):
    areas = read_areas(None, observations(), measures, None, "report.yaml", DATA)
    north = area_rows(observations(), areas, "North Area")
    assert list(zip(north["measure"], north["value"], north["area"])) == [
        ("burglary", 10, "North Area"), ("rate", 3, "North Area"), ("burglary", 10, "North Area"), ("rate", 3, "North Area"),
        ("national", 1000, "")]
    assert areas.parent == "all areas" and list(area_rows(observations(), areas, "all areas")["value"]) == [35, 9, 1000]
    assert areas.find("north area", "--area 'north area'") == "North Area"


@pytest.mark.parametrize(("entry", "message"), [
    ({"parent": {"name": "Force", "sum_of": ["North Area"], "sum_except": ["Fen Area"]}},
     "report.yaml: areas.parent: give sum_of or sum_except, not both"),
    ({"parent": {"name": "North Area", "sum_of": ["South Area"]}},
     "report.yaml: areas.parent: obs.csv has rows for 'North Area', so it is not summed; drop sum_of and sum_except"),
    ({"report": ["Nort Area"]}, "report.yaml: areas.report: no area 'Nort Area' in obs.csv; did you mean 'North Area'?"),
    ({"compare": ["burglery"]}, "report.yaml: areas.compare: measure 'burglery' is not in the catalogue; did you mean 'burglary'?"),
    ({"compare": []}, "report.yaml: areas.compare: expected a list of measure ids, such as [burglary], found a list"),
    ({"noun": ""}, "report.yaml: areas.noun: expected a plural noun such as forces, found the text ''"),
    ({"colour": 1}, "report.yaml: areas: unknown key 'colour'"),
])
def test_a_wrong_areas_entry_is_one_line(measures, entry, message):
    assert refused(measures, entry) == message


def test_a_published_table_is_never_added_up_unless_told_how(measures):
    assert refused(measures, None, published=True) == (
        "report.yaml: areas: the forces of obs.csv add up to no parent unless you say how; add parent: "
        "{name: England and Wales, sum_except: [British Transport Police]} (the 43 territorial forces), or a parent of your own")


def test_only_a_comparator_may_leave_the_area_empty(measures):
    frame = observations()
    frame.loc[0, "area"] = ""
    assert refused(measures, None, frame=frame) == (
        "obs.csv: measure 'burglary' has rows with no area; only a comparator (a national series every area shares) may leave the area empty")
    assert read_areas(None, observations().assign(area=""), measures, None, "report.yaml", DATA) is None  # no areas at all


def test_the_one_force_of_a_published_table():
    assert choose_force(["Kent", "Essex"], "Kent Police", None, "report.yaml", "t.csv") == "Kent"
    assert choose_force(["Kent", "Essex"], None, "essex", "report.yaml", "t.csv") == "Essex"
    with pytest.raises(InputError) as caught:
        choose_force(["Kent", "Essex"], "Kent", "Essex", "report.yaml", "t.csv")
    assert str(caught.value) == ("--area 'Essex' is not this report's force (report.yaml: report.force 'Kent'); drop --area, "
                                 "or change report.force to the force you mean")
    with pytest.raises(InputError) as caught:
        choose_force(["Kent", "Essex"], None, None, "report.yaml", "t.csv")
    assert str(caught.value) == (
        "report.yaml: t.csv holds 2 forces and report.force names none of them; set report.force to one of them (the name may end "
        "in Police, Constabulary or Service), or choose one with --area NAME; an areas: block reports on every force against a "
        "parent you define (such as force: Kent)")
