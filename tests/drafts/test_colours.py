"""Cell shadings named in words."""

import pytest

from narrator.drafts.colours import colour_name


@pytest.mark.parametrize(("fill", "name"), [
    ("", "none"), (None, "none"), ("C6EFCE", "light green"), ("ffc7ce", "light red"), ("FFEB9C", "light yellow"),
    ("00B050", "green"), ("D9D9D9", "light grey"), ("404040", "dark grey"), ("1F4E79", "dark blue"),
    ("F4B183", "light orange"), ("E2EFDA", "light green"), ("FEFEFE", "white"), ("XYZ123", "XYZ123"),
])
def test_a_colour_in_words(fill, name):
    assert colour_name(fill) == name
