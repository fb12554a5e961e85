"""Table specs from report.yaml: checked, each problem one clear message naming the table and key."""

import pytest

from narrator.settings.tables import read_table_spec
from narrator.errors import InputError
from narrator.settings.catalogue import Measure

MEASURES = {m: Measure(m, "Label", "name", "count", "neutral", "none") for m in ("youth.cbo", "youth.cpw", "da.recorded")}
WHERE = "data/report.yaml: table 't'"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"type": "monthly", "months": 6, "caption": "C"}, "missing key 'measure'"),
        ({"type": "monthly", "measure": "da.recorded", "months": 13, "caption": "C"}, "'months' must be a whole number from 1 to 12"),
        ({"type": "monthly", "measure": "da.recorded", "months": 6}, "missing key 'caption'"),
        ({"rows": [{"measure": "da.recorded"}], "columns": ["A", "B"]}, "'columns' must name three columns"),
        ({"type": "change", "measures": "youth.cbo", "caption": "C"}, "'measures' must be a list of measure ids"),
        ({"type": "change", "measures": ["youth.cbo"], "caption": ["C"]}, "caption: expected text, found ['C']"),
        ({"type": "change", "measures": ["youth.cob"], "caption": "C"}, "measure 'youth.cob' is not in the catalogue; did you mean 'youth.cbo'?"),
        ({"rows": [{"measure": "da.recorded", "group": "X"}]}, "row 1: give either 'measure' or 'group'"),
        ({"rows": [{"mesure": "da.recorded"}]}, "row 1: unknown key 'mesure'; did you mean 'measure'?"),
        ({"type": "txt", "rows": [["a"]]}, "type 'txt' is not one of measures, monthly, change, text, areas; did you mean 'text'?"),
        ({"type": "text", "rows": ["a", "b"]}, "'rows' must be a list of rows, each a list of cells"),
        ({"type": "change", "measures": ["youth.cbo"], "caption": "C", "small_base": "percents"},
         "small_base must be numbers (the change on a small base in numbers, the default) or percent, found 'percents'"),
        ({"type": "areas", "measures": "youth.cbo"}, "'measures' must be a list of measure ids"),
    ],
)
def test_bad_table_specs(entry, message):
    with pytest.raises(InputError) as error:
        read_table_spec("t", entry, WHERE, MEASURES)
    assert str(error.value).startswith(WHERE)
    assert message in str(error.value)
