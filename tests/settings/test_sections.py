"""Sections for the generic templates: from report.yaml, else from the catalogue's section keys."""

import pytest

from narrator.errors import InputError
from narrator.settings.catalogue import Measure
from narrator.settings.sections import Section, read_sections, slug


def measure(identifier, section=None, survey=False, kind="count"):
    return Measure(identifier, "Label", "name", kind, "neutral", "none", section=section, survey=survey)


def catalogue(*measures):
    return {m.id: m for m in measures}


MEASURES = catalogue(
    measure("crime.recorded", "Crime"),
    measure("calls.answered", "Calls", kind="proportion"),
    measure("burglary.recorded", "Crime"),
    measure("burglary.rate", "Crime", kind="proportion"),
    measure("burglary.satisfaction", "Crime", survey=True, kind="proportion"),
    measure("burglary.satisfaction_contact", "Crime", survey=True, kind="proportion"),
    measure("misc.thing"),
)


def test_sections_follow_the_catalogue_in_the_order_of_their_first_measure():
    sections = read_sections(None, MEASURES, "report.yaml", "measures.yaml")
    assert [(s.id, s.title) for s in sections] == [("crime", "Crime"), ("calls", "Calls"), ("other_measures", "Other measures")]
    assert sections[0].measures == ("crime.recorded", "burglary.recorded", "burglary.rate", "burglary.satisfaction", "burglary.satisfaction_contact")
    assert sections[0].table == "sections.crime"


def test_related_measures_form_groups_and_surveys_groups_of_their_own():
    crime = read_sections(None, MEASURES, "report.yaml", "measures.yaml")[0]
    assert crime.groups == (
        ("crime.recorded",),
        ("burglary.recorded", "burglary.rate"),
        ("burglary.satisfaction", "burglary.satisfaction_contact"),
    )


def test_with_no_sections_anywhere_one_section_holds_every_measure():
    plain = catalogue(measure("a.x"), measure("b.y"))
    assert read_sections(None, plain, "report.yaml", "measures.yaml") == (Section("performance", "Performance", ("a.x", "b.y")),)


def test_report_yaml_may_list_the_sections():
    entries = [{"title": "Calls and response", "measures": ["calls.answered"]}, {"title": "Crime", "id": "acquisitive", "measures": ["burglary.recorded", "crime.recorded"]}]
    sections = read_sections(entries, MEASURES, "report.yaml", "measures.yaml")
    assert [(s.id, s.title, s.measures) for s in sections] == [
        ("calls_and_response", "Calls and response", ("calls.answered",)),
        ("acquisitive", "Crime", ("burglary.recorded", "crime.recorded")),
    ]


@pytest.mark.parametrize(
    "entries, message",
    [
        ({"title": "Crime"}, "report.yaml: sections must be a list of sections, each with a title and its measures; found a mapping"),
        ([{"title": "Crime", "measures": ["crime.recordd"]}], "report.yaml: section 'Crime': measure 'crime.recordd' is not in the catalogue; did you mean 'crime.recorded'?"),
        ([{"title": "A", "measures": ["crime.recorded"]}, {"title": "B", "measures": ["crime.recorded"]}], "report.yaml: section 'B': measure 'crime.recorded' is already in section 'A'"),
        ([{"title": "Crime", "measures": []}], "report.yaml: section 'Crime': measures must be a list of measure ids, such as [all_crime.recorded]"),
        ([{"title": "Crime", "id": "Crime!", "measures": ["crime.recorded"]}], "report.yaml: section 'Crime': id must be one lower-case word (letters, digits, _), such as crime, found 'Crime!'"),
        ([{"title": "Crime", "measures": ["crime.recorded"]}, {"title": "crime", "measures": ["calls.answered"]}],
         "report.yaml: sections 'Crime' and 'crime' would both have the id 'crime'; give one of them an id of its own in report.yaml's sections"),
        ([{"title": "Introduction", "measures": ["crime.recorded"]}],
         "report.yaml: section 'Introduction' has the id 'introduction', which is also the name of a commentary slot of the report; give it another id in report.yaml's sections"),
        ([{"titel": "Crime", "measures": ["crime.recorded"]}], "report.yaml: section 1: unknown key 'titel'; did you mean 'title'?"),
    ],
)
def test_bad_sections_are_named(entries, message):
    with pytest.raises(InputError) as caught:
        read_sections(entries, MEASURES, "report.yaml", "measures.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize("title, expected", [("Crime and outcomes", "crime_and_outcomes"), ("999 & 101 calls", "section_999_101_calls"), ("!!", "section")])
def test_a_section_id_from_its_title(title, expected):
    assert slug(title) == expected
