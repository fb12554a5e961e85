"""The analyst's commentary: paragraphs by slot, footnotes, and the period it was written for."""

import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.settings.commentary import read_commentary

END = pd.Period("2021-03", "M")


def write(tmp_path, text):
    path = tmp_path / "commentary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_paragraphs_and_footnotes(tmp_path):
    path = write(tmp_path, "period_end: 2021-03\nparagraphs:\n  purpose: One.\n  plan: [First  paragraph., Second.]\nfootnotes:\n  src: The source.\n")
    commentary = read_commentary(path, END)
    assert commentary.paragraphs == {"purpose": ("One.",), "plan": ("First paragraph.", "Second.")}
    assert commentary.footnotes == {"src": "The source."}
    assert commentary.enabled


def test_commentary_for_another_period_is_refused(tmp_path):
    path = write(tmp_path, "period_end: 2020-03\nparagraphs:\n  purpose: One.\n")
    with pytest.raises(InputError) as caught:
        read_commentary(path, END)
    assert str(caught.value) == (
        f"{path}: written for the period ending 2020-03 (its period_end), but this build is for the period ending 2021-03; "
        "give this period a commentary of its own (inputs.commentary in report.yaml names the file), or build with --no-commentary"
    )


def test_a_commentary_must_say_its_period(tmp_path):
    path = write(tmp_path, "paragraphs:\n  purpose: One.\n")
    with pytest.raises(InputError, match=r"missing key 'period_end': say which period this commentary was written for, such as period_end: 2021-03"):
        read_commentary(path, END)


def test_an_empty_commentary_needs_no_period(tmp_path):
    assert read_commentary(write(tmp_path, "paragraphs: {}\n"), END).paragraphs == {}


def test_without_paragraphs_the_footnotes_stay_and_the_period_is_not_checked(tmp_path):
    path = write(tmp_path, "period_end: 2020-03\nparagraphs:\n  purpose: One.\nfootnotes:\n  src: The source.\n")
    commentary = read_commentary(path, END, paragraphs=False)
    assert (commentary.paragraphs, commentary.footnotes, commentary.enabled) == ({}, {"src": "The source."}, False)


def test_a_footnote_with_the_key_of_a_measures_footnote_is_refused(tmp_path):
    path = write(tmp_path, "period_end: 2021-03\nparagraphs:\n  purpose: One[^da.recorded].\nfootnotes:\n  da.recorded: Mine.\n")
    with pytest.raises(InputError) as caught:
        read_commentary(path, END, measure_footnotes={"da.recorded"})
    assert str(caught.value) == (
        f"{path}, line 5: footnote 'da.recorded' has the key of measure da.recorded's own footnote (measures.yaml); "
        "give one of them another key"
    )
