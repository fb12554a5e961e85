"""The measures catalogue: a valid file becomes Measure objects; every mistake is one exact message."""

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrator.errors import InputError
from narrator.settings.catalogue import MEASURE_ID, Measure, load_catalogue

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "measures.yaml"


def count_entry(**changes):
    """A valid count measure; a change of None removes the key."""
    entry = {
        "id": "da.recorded",
        "label": "Recorded Crime",
        "name": "recorded domestic abuse offences",
        "kind": "count",
        "polarity": "neutral",
        "benchmark": {"method": "poisson"},
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


def rate_entry(**changes):
    return count_entry(
        **{
            "id": "da.ppo_rate",
            "label": "Prosecution Possible Outcome Rate",
            "name": "the domestic abuse prosecution possible outcome rate",
            "kind": "proportion",
            "polarity": "higher_is_better",
            "benchmark": {"method": "two_proportion"},
            **changes,
        }
    )


def write(tmp_path, entries):
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump({"measures": entries}, sort_keys=False), encoding="utf-8")
    return path


def error_of(path):
    with pytest.raises(InputError) as caught:
        load_catalogue(path)
    return str(caught.value)


# --------------------------------------------------------------------------- valid catalogues


def test_a_minimal_catalogue_loads_into_measures_with_defaults(tmp_path):
    measures = load_catalogue(write(tmp_path, [count_entry()]))
    assert measures == {
        "da.recorded": Measure(
            id="da.recorded",
            label="Recorded Crime",
            name="recorded domestic abuse offences",
            kind="count",
            polarity="neutral",
            method="poisson",
            params={},
            format="integer",
            thresholds=(),
            footnote=None,
            comparator=False,
            source=None,
        )
    }


def test_every_optional_key_is_carried(tmp_path):
    entry = rate_entry(
        benchmark={"method": "ci_current", "interval": "wilson"},
        format="percent",
        thresholds=[10, 20],
        footnote="Outcomes recorded by 31 March.",
        comparator=True,
        source="iQuanta",
        survey=True,
    )
    measure = load_catalogue(write(tmp_path, [entry]))["da.ppo_rate"]
    assert measure.kind == "proportion"
    assert measure.polarity == "higher_is_better"
    assert measure.method == "ci_current"
    assert measure.params == {"interval": "wilson"}
    assert measure.format == "percent"
    assert measure.thresholds == (10, 20)
    assert measure.footnote == "Outcomes recorded by 31 March."
    assert measure.comparator is True
    assert measure.source == "iQuanta"
    assert measure.survey is True


def test_default_format_follows_the_kind(tmp_path):
    level = count_entry(id="da.prompt_response", kind="level", polarity="lower_is_better", benchmark={"method": "none"})
    measures = load_catalogue(write(tmp_path, [count_entry(), rate_entry(), level]))
    assert {m.id: m.format for m in measures.values()} == {
        "da.recorded": "integer",
        "da.ppo_rate": "percent",
        "da.prompt_response": "minutes",
    }


def test_a_level_may_be_formatted_as_an_integer(tmp_path):
    level = count_entry(kind="level", benchmark={"method": "spc", "run_length": 6}, format="integer")
    measure = load_catalogue(write(tmp_path, [level]))["da.recorded"]
    assert (measure.kind, measure.format, measure.method, measure.params) == ("level", "integer", "spc", {"run_length": 6})


def test_benchmark_may_be_just_the_method_name(tmp_path):
    measure = load_catalogue(write(tmp_path, [count_entry(benchmark="poisson")]))["da.recorded"]
    assert (measure.method, measure.params) == ("poisson", {})


def test_without_a_benchmark_a_measure_gets_the_default_of_its_kind(tmp_path):
    """The catalogue keeps no method (None); narrator.project checks and facts apply the kind's default."""
    measures = load_catalogue(write(tmp_path, [count_entry(benchmark=None), rate_entry(benchmark=None, survey=True)]))
    assert [(m.method, m.params, m.survey) for m in measures.values()] == [(None, {}, False), (None, {}, True)]


def test_the_catalogue_keeps_the_benchmark_as_data(tmp_path):
    """Methods and parameters are checked against the benchmark methods by narrator.project (tests/test_project.py)."""
    measure = load_catalogue(write(tmp_path, [count_entry(benchmark={"method": "poison", "sigma": 2})]))["da.recorded"]
    assert (measure.method, measure.params) == ("poison", {"sigma": 2})


def test_measures_keep_file_order(tmp_path):
    entries = [count_entry(id="z.last"), count_entry(id="a.first"), count_entry(id="m.middle")]
    assert list(load_catalogue(write(tmp_path, entries))) == ["z.last", "a.first", "m.middle"]


def test_the_example_catalogue_loads():
    measures = load_catalogue(EXAMPLE)
    assert len(measures) == 49
    assert list(measures)[:3] == ["all_crime.recorded", "da.recorded", "da.ppo_rate"]
    assert all(MEASURE_ID.match(identifier) for identifier in measures)
    da = measures["da.recorded"]
    assert (da.kind, da.polarity, da.method, da.thresholds) == ("count", "neutral", None, (1000,))
    # the example uses the defaults, except activity measures, which it does not judge
    assert {m.id for m in measures.values() if m.method is not None} == {
        "fraud.non_crime_investigations", "youth.dispersal_authorities", "youth.cbo", "youth.cpw", "youth.injunctions"}
    assert all(m.method == "none" and m.params == {} for m in measures.values() if m.method is not None)
    assert sorted(m.id for m in measures.values() if m.survey) == [
        "burglary.satisfaction", "burglary.satisfaction_actions", "burglary.satisfaction_contact",
        "burglary.satisfaction_follow_up", "burglary.satisfaction_treatment", "confidence.local_concerns",
        "hate.satisfaction", "victim_satisfaction.violence", "victim_satisfaction.whole"]
    assert any(m.comparator for m in measures.values())


# --------------------------------------------------------------------------- keys


def test_misspelt_key_suggests_the_right_one(tmp_path):
    entry = count_entry(polarity=None)
    entry["polarty"] = "neutral"
    path = write(tmp_path, [entry])
    assert error_of(path) == f"{path}: measure 'da.recorded': unknown key 'polarty'; did you mean 'polarity'?"


def test_unknown_key_without_a_near_one(tmp_path):
    path = write(tmp_path, [count_entry(colour="blue")])
    assert error_of(path) == f"{path}: measure 'da.recorded': unknown key 'colour'"


@pytest.mark.parametrize("key", ["label", "name", "kind", "polarity"])
def test_missing_required_key(tmp_path, key):
    path = write(tmp_path, [count_entry(**{key: None})])
    assert error_of(path) == f"{path}: measure 'da.recorded': missing key '{key}'"


def test_missing_id_names_the_entry_by_position(tmp_path):
    path = write(tmp_path, [count_entry(), rate_entry(id=None)])
    assert error_of(path) == f"{path}: measure 2: missing key 'id'"


def test_misspelt_top_level_key(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump({"measure": [count_entry()]}))
    assert error_of(path) == f"{path}: unknown key 'measure'; did you mean 'measures'?"


def test_empty_file(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text("# nothing yet\n")
    assert error_of(path) == f"{path}: empty; expected the key measures"


@pytest.mark.parametrize("measures", [[], {}, "da.recorded"])
def test_measures_must_be_a_non_empty_list(tmp_path, measures):
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump({"measures": measures}))
    assert error_of(path) == f"{path}: 'measures' must be a non-empty list"


def test_an_entry_that_is_not_a_mapping(tmp_path):
    path = write(tmp_path, [count_entry(), "da.ppo_rate"])
    assert error_of(path) == f"{path}: measure 2: expected a mapping of keys to values, found the text 'da.ppo_rate'"


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "counts"}, "kind 'counts' is not one of count, proportion, level; did you mean 'count'?"),
        ({"kind": "rate"}, "kind 'rate' is not one of count, proportion, level"),
        ({"polarity": "lower_better"},
         "polarity 'lower_better' is not one of higher_is_better, lower_is_better, neutral; did you mean 'lower_is_better'?"),
        ({"polarity": "good"}, "polarity 'good' is not one of higher_is_better, lower_is_better, neutral"),
        ({"format": "percent"}, "format 'percent' is for proportions; a count measure uses integer"),
        ({"format": "minutes"}, "format 'minutes' is for levels; a count measure uses integer"),
        ({"format": "int"}, "format 'int' is not a format; a count measure uses integer; did you mean 'integer'?"),
        ({"thresholds": 1000}, "thresholds must be a list of whole numbers, such as [1000]"),
        ({"thresholds": [1000.5]}, "thresholds must be a list of whole numbers, such as [1000]"),
        ({"thresholds": [True]}, "thresholds must be a list of whole numbers, such as [1000]"),
        ({"thresholds": [10**100]}, f"thresholds must be below 1,000,000,000,000, as every figure is; found {10**100:,}"),
        ({"label": 12}, "expected a text label, found 12"),
        ({"name": ["a", "b"]}, "expected a text name, found ['a', 'b']"),
        ({"footnote": 3}, "expected a text footnote, found 3"),
        ({"source": ["iQuanta"]}, "expected a text source, found ['iQuanta']"),
        ({"comparator": "no"}, "comparator: expected true or false, found 'no'"),
        ({"benchmark": {"variant": "exact"}},
         "benchmark must name a method, such as {method: quasi_poisson}; leave it out for the default of its kind"),
        ({"benchmark": ["poisson"]},
         "benchmark must name a method, such as {method: quasi_poisson}; leave it out for the default of its kind"),
        ({"survey": "yes"}, "survey: expected true or false, found 'yes'"),
    ],
)
def test_bad_value(tmp_path, changes, message):
    path = write(tmp_path, [count_entry(**changes)])
    assert error_of(path) == f"{path}: measure 'da.recorded': {message}"


def test_a_proportion_format_must_be_percent(tmp_path):
    path = write(tmp_path, [rate_entry(format="integer")])
    assert error_of(path) == f"{path}: measure 'da.ppo_rate': format 'integer' is for counts and levels; a proportion measure uses percent"


def test_a_level_format_suggests_the_nearest(tmp_path):
    path = write(tmp_path, [count_entry(kind="level", benchmark="none", format="minute")])
    assert error_of(path) == (
        f"{path}: measure 'da.recorded': format 'minute' is not a format; a level measure uses minutes or integer; did you mean 'minutes'?"
    )


@pytest.mark.parametrize("identifier", ["Da.Recorded", "da..recorded", "da.recorded.", "1da.recorded", "da-recorded", "da recorded"])
def test_bad_id(tmp_path, identifier):
    path = write(tmp_path, [count_entry(id=identifier)])
    assert error_of(path) == f"{path}: measure '{identifier}': id must be lower-case words joined by dots, such as da.recorded"


def test_an_id_that_is_not_text(tmp_path):
    path = write(tmp_path, [count_entry(id=12)])
    assert error_of(path) == f"{path}: measure 1: expected an id such as da.recorded, found 12"


def test_duplicate_id(tmp_path):
    path = write(tmp_path, [count_entry(), rate_entry(), count_entry(label="Again")])
    assert error_of(path) == f"{path}: measure 'da.recorded': id is used twice"


# --------------------------------------------------------------------------- YAML itself


def test_yaml_syntax_error_reports_line_and_column(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text(
        "measures:\n"
        "  - id: da.recorded\n"
        "    label: [Recorded Crime\n"
        "    kind: count\n"
    )
    assert error_of(path) == f"{path}, line 4, column 9: YAML syntax error: expected ',' or ']', but got ':'"


def test_yaml_bad_indentation_reports_line_and_column(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text("measures:\n  - id: da.recorded\n    label: Recorded Crime\n   kind: count\n")
    assert error_of(path) == (
        f"{path}, line 4, column 4: YAML syntax error: expected <block end>, but found '<block mapping start>'"
    )


def test_yaml_tab_reports_line_and_column(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text("measures:\n\t- id: da.recorded\n")
    assert error_of(path) == f"{path}, line 2, column 1: YAML syntax error: found character '\\t' that cannot start any token"


def test_missing_catalogue(tmp_path):
    path = tmp_path / "measures.yaml"
    assert error_of(path) == f"{path}: file not found"


def test_catalogue_that_is_not_utf8(tmp_path):
    path = tmp_path / "measures.yaml"
    data = "measures:\n  - id: caf\xe9\n".encode("latin-1")
    path.write_bytes(data)
    assert error_of(path) == f"{path}: not UTF-8 text (byte {data.index(0xE9)}); save it as UTF-8"


def test_an_id_inside_another_measures_facts(tmp_path):
    path = write(tmp_path, [count_entry(), count_entry(id="da.recorded.current")])
    assert error_of(path) == (
        f"{path}: measure 'da.recorded.current': id 'da.recorded.current' begins with the id of measure 'da.recorded'; "
        "their facts would clash"
    )
    path = write(tmp_path, [count_entry(id="da.recorded.current"), count_entry()])
    assert error_of(path).endswith("id 'da.recorded.current' begins with the id of measure 'da.recorded'; their facts would clash")


def first_clash(ids):
    """The error the catalogue reports for ids in file order, found the slow way: each id against
    every earlier one, the first earlier id that clashes."""
    for k, identifier in enumerate(ids):
        for other in ids[:k]:
            inner, outer = sorted((other, identifier), key=len)
            if outer.startswith(inner + "."):
                return f"measure '{identifier}': id '{outer}' begins with the id of measure '{inner}'; their facts would clash"
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4).map(".".join), min_size=1, max_size=8, unique=True))
def test_clashing_ids_are_found_as_each_id_against_every_earlier_one(tmp_path, ids):
    """The catalogue finds clashes through the ids' dotted prefixes (linear in the measures, where
    each against each took minutes for 15,000) and reports the one the pairwise check would."""
    path = write(tmp_path, [count_entry(id=i) for i in ids])
    expected = first_clash(ids)
    if expected is None:
        assert list(load_catalogue(path)) == ids
    else:
        assert error_of(path) == f"{path}: {expected}"


def test_ids_sharing_words_are_fine(tmp_path):
    path = write(tmp_path, [count_entry(id="drugs.recorded"), count_entry(id="drugs.possession.recorded"), count_entry(id="drugs_x")])
    assert list(load_catalogue(path)) == ["drugs.recorded", "drugs.possession.recorded", "drugs_x"]


def test_a_key_given_twice_in_an_entry(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text("measures:\n  - id: da.recorded\n    kind: count\n    kind: proportion\n")
    assert error_of(path) == f"{path}, line 4: key 'kind' appears twice in the same mapping (first on line 3); keep one"


# --------------------------------------------------------------------------- keys for the generic report


def test_a_survey_has_a_design_effect(tmp_path):
    survey = count_entry(id="x.rate", kind="proportion", format="percent", survey=True, design_effect=1.4)
    measures = load_catalogue(write(tmp_path, [survey, count_entry()]))
    assert (measures["x.rate"].design_effect, measures["da.recorded"].design_effect) == (1.4, 1.0)


def test_the_generic_report_keys_are_read(tmp_path):
    whole = count_entry(id="sso.recorded", section="Victims", noun="offences")
    part = count_entry(id="rape.recorded", part_of="sso.recorded", short_name="rape offences", record_high=True)
    measures = load_catalogue(write(tmp_path, [whole, part]))
    assert (measures["sso.recorded"].section, measures["sso.recorded"].noun) == ("Victims", "offences")
    assert (measures["rape.recorded"].part_of, measures["rape.recorded"].again, measures["rape.recorded"].record_high) == ("sso.recorded", "rape offences", True)
    assert measures["sso.recorded"].again == "recorded domestic abuse offences"  # no short name: the name


@pytest.mark.parametrize(
    "entries, message",
    [
        ([count_entry(part_of="sso.recordd")], "measure 'da.recorded': part_of: 'sso.recordd' is not a measure in the catalogue"),
        ([count_entry(id="sso.rate", kind="proportion", format="percent", benchmark="two_proportion"), count_entry(part_of="sso.rate")],
         "measure 'da.recorded': part_of: 'sso.rate' is a proportion; a measure is part of another of its own kind"),
        ([count_entry(survey=True)], "measure 'da.recorded': survey is for proportions (a share of survey respondents); da.recorded is a count"),
        ([count_entry(id="x.rate", kind="proportion", format="percent", benchmark="two_proportion", noun="offences")],
         "measure 'x.rate': noun is for counts (what a count counts, such as offences); x.rate is a proportion"),
        ([count_entry(record_high="yes")], "measure 'da.recorded': record_high: expected true or false, found 'yes'"),
        ([count_entry(design_effect=1.5)],
         "measure 'da.recorded': design_effect is for surveys (survey: true), whose samples it describes; da.recorded is not a survey"),
        *[([count_entry(id="x.rate", kind="proportion", format="percent", survey=True, design_effect=bad)],
           "measure 'x.rate': design_effect must be a number from 1 to 10 (the survey's variance over that of a simple random "
           f"sample of the same size, such as 1.4; 1 for no effect), not {bad!r}") for bad in (0.8, "1.4", True, 12)],
    ],
)
def test_bad_generic_report_keys(tmp_path, entries, message):
    path = write(tmp_path, entries)
    assert error_of(path) == f"{path}: {message}"
