"""word/properties.py: a draft's document properties from the report's settings, never the clock or the template."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from narrator.word.package import WordPackage
from narrator.word.properties import EPOCH, parse_date, write_properties
from narrator.zipfiles import read_zip


def properties(settings: dict, title: str) -> dict[str, str]:
    """Every core and extended property of a new package given ``settings``, by local name."""
    package = WordPackage.open()
    write_properties(package, settings, title)
    parts = dict(read_zip(package.save()))
    found = {}
    for name in ("docProps/core.xml", "docProps/app.xml"):
        for element in etree.fromstring(parts[name]):
            found[etree.QName(element).localname] = element.text
    return found


def test_the_properties_are_the_settings_with_their_whitespace_collapsed():
    assert properties({"author": "Performance  Team", "created": "2021-05-04", "organisation": "Kent Police", "keywords": None,
                       "subject": "Annual\nreport"}, "Performance   report 2020/21") == {
        "title": "Performance report 2020/21", "subject": "Annual report", "creator": "Performance Team",
        "lastModifiedBy": "Performance Team", "revision": "1", "created": "2021-05-04T00:00:00Z", "modified": "2021-05-04T00:00:00Z",
        "Application": "Narrator", "DocSecurity": "0", "Company": "Kent Police"}


def test_without_settings_nothing_of_the_template_or_the_clock_is_kept():
    assert properties({"title": "Own title"}, "Report") == {
        "title": "Own title", "revision": "1", "created": "2000-01-01T00:00:00Z", "modified": "2000-01-01T00:00:00Z",
        "Application": "Narrator", "DocSecurity": "0"}


def test_a_date_is_read_as_a_naive_utc_datetime():
    assert parse_date(None) == parse_date("") == EPOCH == dt.datetime(2000, 1, 1)
    assert parse_date("2021-05-04T10:00:00+01:00") == dt.datetime(2021, 5, 4, 9, 0)
    assert parse_date(dt.date(2021, 5, 4)) == dt.datetime(2021, 5, 4)
    assert parse_date(dt.datetime(2021, 5, 4, 9, 30)) == dt.datetime(2021, 5, 4, 9, 30)
