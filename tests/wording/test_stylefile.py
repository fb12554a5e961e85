"""rules/style.yaml read once: a project's settings over the defaults, every value checked."""

from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.wording.style import HouseStyle
from narrator.wording.stylefile import load_style

DEFAULT = Path(__file__).resolve().parents[2] / "rules" / "style.yaml"


def test_a_project_file_overrides_only_what_it_names(tmp_path):
    own = tmp_path / "style.yaml"
    own.write_text("decimal_places: 2\nchart_colours: {current: '112233'}\n", encoding="utf-8")
    style = load_style((DEFAULT, own))
    default = load_style((DEFAULT,))
    assert style.decimal_places == 2 and default.decimal_places == HouseStyle().decimal_places
    assert style.chart_colours["current"] == "112233"
    assert style.chart_colours["previous"] == default.chart_colours["previous"]  # one line recoloured, the others kept


@pytest.mark.parametrize("text, message", [
    ("decimal_places: 7\n", "decimal_places must be a whole number from 0 to 4, found 7"),
    ("month_format: '{month} {yr}'\n", "month_format: {yr} is not one of {month}, {year}; did you mean {year}?"),
    ("tone_colours: {good: green}\n",
     "tone_colours.good: expected a colour as six hex digits such as C6EFCE, or \"\" for none, found 'green'"),
])
def test_a_bad_setting_is_one_message_naming_the_file(tmp_path, text, message):
    own = tmp_path / "style.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_style((DEFAULT, own))
    assert str(error.value) == f"{own}: {message}"
