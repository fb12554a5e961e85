"""The catalogue of bad inputs: each is the example broken one way, run through `narrator build`.

Every case asserts the exact one-line message on stderr, exit code 2, no traceback, and that
nothing was written: an earlier Narrator draft at the output path is left byte for byte as it
was, and no file (not even a temporary one) appears or changes anywhere. docs/errors.md lists
the kinds of mistake and what the user sees.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from conftest import copy_example, own_rule

from narrator import cli

ROOT = Path(__file__).resolve().parent.parent
OBS = "data/observations.csv"
RULES = "data/rules"
COLUMNS = "(expected columns: measure, month, value, denominator)"
UNEXPECTED = "(expected columns: measure, month, value, denominator, and area if the rows are by area)"
PROTECT = "use --out to write the new draft elsewhere, or --force to replace it"


# --------------------------------------------------------------------------- ways to break a copy


def sub(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first ``old`` in a file of the copy (it must be there)."""

    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def sub_rule(name: str, old: str, new: str) -> Callable[[Path], None]:
    """Give the copy its own rules/``name`` (Narrator's default) and edit it there."""

    def apply(root: Path) -> None:
        own_rule(root / "data", name)
        sub(f"data/rules/{name}", old, new)(root)

    return apply


def rows(relative: str, change: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    """Rewrite the lines of a file of the copy."""

    def apply(root: Path) -> None:
        path = root / relative
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")

    return apply


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for edit in edits:
            edit(root)

    return apply


def append(relative: str, text: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        with open(root / relative, "a", encoding="utf-8") as stream:
            stream.write(text)

    return apply


def write_bytes(relative: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        path.write_bytes(change(path.read_bytes()))

    return apply


def as_workbook(month_of_line: Callable[[int, str], object], formulas: dict[int, str] | None = None) -> Callable[[Path], None]:
    """The observations as an Excel workbook; ``month_of_line(line, text)`` gives each month cell,
    ``formulas`` a formula in place of the value of some lines."""

    def apply(root: Path) -> None:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for number, line in enumerate((root / OBS).read_text(encoding="utf-8").splitlines(), start=1):
            cells = line.split(",")
            if number > 1:
                cells[1] = month_of_line(number, cells[1])
                cells[2] = (formulas or {}).get(number, float(cells[2]))
                cells[3] = float(cells[3]) if cells[3] else None
            sheet.append(cells)
        book.save(root / "data" / "observations.xlsx")
        (root / OBS).unlink()
        sub("data/report.yaml", "observations: observations.csv", "observations: observations.xlsx")(root)

    return apply


def line_in(relative: str, needle: str) -> int:
    """The line of the example's file ``relative`` that holds ``needle``."""
    lines = (ROOT / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def uncalculated(line: int, month: str):
    """The month cell as it is (a workbook of the observations, unchanged)."""
    return month


def with_formula(root: Path) -> None:
    """The observations as a workbook whose value on line 2373 is a formula no program calculated."""
    as_workbook(uncalculated, formulas={2373: "=C2372-110"})(root)  # openpyxl saves a formula without its value


def excel_date(line: int, month: str):
    import datetime as dt

    year, number = (int(p) for p in month.split("-"))
    return dt.datetime(year, number, 15 if line == 2373 else 1)


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    id: str
    brk: Callable[[Path], None]
    message: str
    argv: tuple[str, ...] = ()
    leaves_no_file: tuple[str, ...] = field(default=())  # files an attack must not have made
    slow: bool = False  # a case that takes seconds (a workbook written cell by cell, a loop run to its budget): left out of the local loop


CASES = [
    # ---- the observations table: columns
    Case("misspelt column", sub(OBS, "measure,month,value,denominator", "measure,month,valeu,denominator"),
         f"{OBS}: unexpected column 'valeu'; did you mean 'value'? {UNEXPECTED}"),
    Case("missing column", rows(OBS, lambda ls: [line.rsplit(",", 1)[0] for line in ls]),
         f"{OBS}: missing column 'denominator' {COLUMNS}"),
    Case("extra column", rows(OBS, lambda ls: [ls[0] + ",notes", *(line + "," for line in ls[1:])]),
         f"{OBS}: unexpected column 'notes' {UNEXPECTED}"),
    Case("no header row", rows(OBS, lambda ls: ls[1:]),
         f"{OBS}: line 1 must be the header: measure, month, value, denominator "
         "(found all_crime.outcome_rate, 2010-04, 1210, 4307)"),
    Case("semicolons", rows(OBS, lambda ls: [line.replace(",", ";") for line in ls]),
         f"{OBS}: the header 'measure;month;value;denominator' is separated by semicolons; save the file with commas {COLUMNS}"),
    # ---- cells
    Case("non-numeric value", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,n/a,\n"),
         f"{OBS}, line 2373, column 'value': 'n/a' is not a number"),
    Case("empty value", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,,\n"),
         f"{OBS}, line 2373, column 'value': empty; expected a number"),
    Case("a percentage for a value", sub(OBS, "\nda.ppo_rate,2020-04,92,923\n", "\nda.ppo_rate,2020-04,10%,923\n"),
         f"{OBS}, line 2102, column 'value': '10%' is not a number (give the count and its denominator, not a percentage)"),
    Case("commas that are not thousands", sub(OBS, "\nda.recorded,2020-11,886,\n", '\nda.recorded,2020-11,"8,86",\n'),
         f"{OBS}, line 2373, column 'value': '8,86' is not a number (commas may only group thousands, as in 12,345)"),
    Case("non-numeric denominator", sub(OBS, "\nda.ppo_rate,2020-04,92,923\n", "\nda.ppo_rate,2020-04,92,lots\n"),
         f"{OBS}, line 2102, column 'denominator': 'lots' is not a number"),
    Case("negative count", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,-886,\n"),
         f"{OBS}, line 2373 (da.recorded, 2020-11): value is negative; counts and rates cannot be below 0"),
    Case("value above its denominator", sub(OBS, "\nda.ppo_rate,2020-04,92,923\n", "\nda.ppo_rate,2020-04,924,923\n"),
         f"{OBS}, line 2102 (da.ppo_rate, 2020-04): value is above its denominator"),
    Case("zero denominator", sub(OBS, "\nda.ppo_rate,2020-04,92,923\n", "\nda.ppo_rate,2020-04,0,0\n"),
         f"{OBS}, line 2102 (da.ppo_rate, 2020-04): denominator must be above 0 (leave it empty for counts and levels; a survey's month with no respondents is 0 and 0)"),
    Case("a proportion without its denominator", sub(OBS, "\nda.ppo_rate,2020-04,92,923\n", "\nda.ppo_rate,2020-04,92,\n"),
         f"{OBS}, line 2102 (da.ppo_rate, 2020-04), column 'denominator': empty; da.ppo_rate is a proportion, "
         "so each month needs its denominator (respondents, calls, offences)"),
    Case("a count with a denominator", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,886,1000\n"),
         f"{OBS}, line 2373 (da.recorded, 2020-11), column 'denominator': da.recorded is a count, "
         "so leave the denominator empty (only proportions have one)"),
    Case("a count that is not whole", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,886.5,\n"),
         f"{OBS}, line 2373 (da.recorded, 2020-11), column 'value': 886.5 is not a whole number, but da.recorded is a count"),
    Case("month that does not exist", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-13,886,\n"),
         f"{OBS}, line 2373, column 'month': '2020-13' is not a month in the form YYYY-MM"),
    Case("duplicate row", append(OBS, "da.recorded,2020-11,886,\n"),
         f"{OBS}, line 6464 (da.recorded, 2020-11): a second row for this measure and month"),
    # ---- coverage
    Case("month missing in the current period", sub(OBS, "\nda.recorded,2020-11,886,\n", "\n"),
         f"{OBS}: measure 'da.recorded' has no row for 2020-11 in the current period (2020-04 to 2021-03); "
         "every month of both periods is needed"),
    Case("month missing in the baseline", sub(OBS, "\nda.recorded,2019-06,883,\n", "\n"),
         f"{OBS}: measure 'da.recorded' has no row for 2019-06 in the baseline period (2019-04 to 2020-03); "
         "every month of both periods is needed"),
    Case("measure in the data, not the catalogue", rows(OBS, lambda ls: [line.replace("cse.recorded,", "cse.recordd,") for line in ls]),
         f"{OBS}: measure 'cse.recordd' is not in the catalogue data/measures.yaml; did you mean 'cse.recorded'?"),
    Case("measure in the catalogue, not the data", rows(OBS, lambda ls: [line for line in ls if not line.startswith("msht.recorded,")]),
         f"data/measures.yaml: measure 'msht.recorded' has no rows in {OBS}"),
    Case("period end beyond the data", sub("data/report.yaml", "period_end: 2021-03", "period_end: 2021-06"),
         f"data/report.yaml: period_end 2021-06 needs data from 2019-07 to 2021-06, but {OBS} runs from 2010-04 to 2021-03"),
    Case("--period-end before the data", lambda root: None,
         f"--period-end 2011-12 needs data from 2010-01 to 2011-12, but {OBS} runs from 2010-04 to 2021-03",
         argv=("--period-end", "2011-12")),
    # ---- the file itself
    Case("not CSV or Excel",
         both(lambda root: (root / OBS).rename(root / "data" / "observations.txt"),
              sub("data/report.yaml", "observations: observations.csv", "observations: observations.txt")),
         "data/observations.txt: observations must be a .csv or .xlsx file, not '.txt'"),
    Case("not UTF-8", write_bytes(OBS, lambda data: data.replace(b"\nda.recorded,2020-11,886,", b"\nda.recorded,2020-11,886,\xe9")),
         f"{OBS}: not UTF-8 text (byte {(ROOT / OBS).read_bytes().index(b'da.recorded,2020-11,886,') + 24}); save the CSV as UTF-8"),
    Case("Excel date that is not a month", as_workbook(excel_date),
         "data/observations.xlsx, line 2373, column 'month': the date 2020-11-15 is not a month; "
         "write the month as YYYY-MM (a date on the 1st of a month is read as that month)", slow=True),
    # ---- YAML files
    Case("YAML syntax error", sub("data/measures.yaml", "    label: Recorded Crime\n", "    label: [Recorded Crime\n"),
         "data/measures.yaml, line 19, column 9: YAML syntax error: expected ',' or ']', but got ':'"),
    Case("duplicate YAML key", sub("data/report.yaml", "confidence: 0.95", "confidence: 0.95\nconfidence: 0.99"),
         "data/report.yaml, line 18: key 'confidence' appears twice in the same mapping (first on line 17); keep one"),
    Case("YAML that is not UTF-8", write_bytes("data/commentary.yaml", lambda data: data.replace("“".encode(), b"\x93", 1)),
         f"data/commentary.yaml: not UTF-8 text (byte {(ROOT / 'data/commentary.yaml').read_bytes().index('“'.encode())}); save it as UTF-8"),
    Case("a Python tag in YAML", sub("data/report.yaml", "confidence: 0.95", "confidence: !!python/object/apply:os.system ['touch pwned']"),
         "data/report.yaml, line 17, column 13: the YAML tag '!!python/object/apply:os.system' is not allowed; write plain values",
         leaves_no_file=("pwned",)),
    Case("misspelt catalogue key", sub("data/measures.yaml", "    polarity: neutral              # a rise", "    polarty: neutral              # a rise"),
         "data/measures.yaml: measure 'da.recorded': unknown key 'polarty'; did you mean 'polarity'?"),
    Case("wrong format for the kind", sub("data/measures.yaml", "    format: integer\n    thresholds: [1000]", "    format: percent\n    thresholds: [1000]"),
         "data/measures.yaml: measure 'da.recorded': format 'percent' is for proportions; a count measure uses integer"),
    Case("misspelt report setting", sub("data/report.yaml", "confidence: 0.95", "confidance: 0.95"),
         "data/report.yaml: unknown key 'confidance'; did you mean 'confidence'?"),
    Case("largest_changes of zero", sub("data/report.yaml", "largest_changes: 3", "largest_changes: 0"),
         "data/report.yaml: largest_changes must be a whole number from 1 to 12 (months in a period), found 0"),
    Case("duplicate event id", sub("data/report.yaml", "id: second_lockdown", "id: first_lockdown"),
         "data/report.yaml: event 2: id 'first_lockdown' is used twice"),
    Case("commentary paragraphs as a list", write_bytes("data/commentary.yaml", lambda data: b"paragraphs:\n- The purpose of this report.\n"),
         "data/commentary.yaml: paragraphs must be a mapping of slots to paragraphs, found a list"),
    Case("misspelt style key", sub_rule("style.yaml", "thousands_separator:", "thousand_separator:"),
         f"{RULES}/style.yaml: unknown key 'thousand_separator'; did you mean 'thousands_separator'?"),
    Case("negative decimal places", sub_rule("style.yaml", "decimal_places: 1", "decimal_places: -1"),
         f"{RULES}/style.yaml: decimal_places must be a whole number from 0 to 4, found -1"),
    Case("misspelt name in a style format", sub_rule("style.yaml", 'month_format: "{month} {year}"', 'month_format: "{mnth} {year}"'),
         f"{RULES}/style.yaml: month_format: {{mnth}} is not one of {{month}}, {{year}}; did you mean {{month}}?"),
    Case("misspelt rule key", sub_rule("movements.yaml", "    when: baseline_zero and current > 0", "    wen: baseline_zero and current > 0"),
         f"{RULES}/movements.yaml: movement rule 1: unknown key 'wen'; did you mean 'when'?"),
    Case("misspelt judgement key", sub_rule("judgements.yaml", "untested:", "untestd:"),
         f"{RULES}/judgements.yaml: unknown key 'untestd'; did you mean 'untested'?"),
    # ---- rules
    Case("code in a rule condition",
         sub_rule("movements.yaml", "when: baseline_zero and current > 0", "when: __import__('os').system('touch pwned')"),
         f"{RULES}/movements.yaml: movement rule 'from-zero': condition \"__import__('os').system('touch pwned')\": "
         "invalid name '__import__' at column 1; names must start with a letter",
         leaves_no_file=("pwned",)),
    Case("unknown field in a rule condition", sub_rule("movements.yaml", "when: baseline_zero and current > 0", "when: baseline_zero and curent > 0"),
         f"{RULES}/movements.yaml: movement rule 'from-zero': condition 'baseline_zero and curent > 0': "
         "unknown name 'curent' at column 19; did you mean 'current'?"),
    Case("unknown fact in a phrase that never fires",
         sub_rule("movements.yaml", "was {{ current }}, the same as", "was {{ curent }}, the same as"),
         f"{RULES}/movements.yaml: movement rule 'unchanged-but-significant-survey': 'curent' is not a field, fact or rule set a phrase can print; "
         "did you mean 'current'?"),
    # ---- templates
    Case("Jinja syntax error", sub("data/templates/communities.md.j2", "{{ opening(hate.recorded) }}", "{{ say(hate.recorded) }"),
         "data/templates/communities.md.j2, line 10: unexpected '}'"),
    Case("a fact that does not exist", sub("data/templates/victims.md.j2", "{{ say(da.recorded) }}", "{{ da.recorded.chnage_pct }}"),
         "data/templates/victims.md.j2, line 14: no fact 'da.recorded.chnage_pct'; did you mean 'da.recorded.change_pct'?"),
    Case("a measure not in the catalogue or data", sub("data/templates/victims.md.j2", "{{ say(da.recorded) }}", "{{ say(da.recordd) }}"),
         "data/templates/victims.md.j2, line 14: no measure or fact 'da.recordd' in the catalogue or the data; did you mean 'da.recorded'?"),
    Case("a name templates do not know", sub("data/templates/victims.md.j2", "{{ say(da.recorded) }}", "{{ sey(da.recorded) }}"),
         "data/templates/victims.md.j2, line 14: 'sey' is not a measure, fact or function a template can use; did you mean 'say'?"),
    Case("a template reaching for Python internals", sub("data/templates/report.md.j2", "# Purpose", "# Purpose {{ period.__class__ }}"),
         "data/templates/report.md.j2, line 5: access to attribute '__class__' of a measure or group of facts is unsafe."),
    Case("a template that is not UTF-8", write_bytes("data/templates/victims.md.j2", lambda data: data + b"\xe9\n"),
         f"data/templates/victims.md.j2: not UTF-8 text (byte {len((ROOT / 'data/templates/victims.md.j2').read_bytes())}); save it as UTF-8"),
    Case("a commentary slot no template places", sub("data/commentary.yaml", "paragraphs:\n", "paragraphs:\n  spare.slot:\n  - An analyst's paragraph.\n"),
         "data/commentary.yaml: commentary slot 'spare.slot' is no measure or section of this report; move its paragraph under "
         "one of its slots (all_crime.context, background.context, background.intro, burglary.covid, burglary.trend, "
         "calls.context …), place it in a template with {{ commentary('spare.slot') }}, or remove it"),
    # ---- issue 13: extreme numbers and dates
    Case("year 0000 in a month", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,0000-11,886,\n"),
         f"{OBS}, line 2373, column 'month': '0000-11' is not a month: there is no year 0000"),
    Case("year 0000 in period_end", sub("data/report.yaml", "period_end: 2021-03", "period_end: 0000-03"),
         "data/report.yaml: period_end: month '0000-03' is not a month: there is no year 0000"),
    Case("year 0000 in --period-end", lambda root: None, "--period-end: month '0000-03' is not a month: there is no year 0000",
         argv=("--period-end", "0000-03")),
    Case("year 0000 in an event", sub("data/report.yaml", "months: [2020-11]", "months: [0000-11]"),
         "data/report.yaml: event 2: month '0000-11' is not a month: there is no year 0000"),
    Case("a value of 1e300", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,1e300,\n"),
         f"{OBS}, line 2373, column 'value': 1e300 is too large; a figure must be below 1,000,000,000,000 (a million million), "
         "so that totals add up exactly"),
    Case("a value that overflows a float", sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,1e999,\n"),
         f"{OBS}, line 2373, column 'value': 1e999 is too large; a figure must be below 1,000,000,000,000 (a million million), "
         "so that totals add up exactly"),
    Case("values whose total overflows", both(sub(OBS, "\nda.recorded,2020-10,996,\n", "\nda.recorded,2020-10,1e308,\n"),
                                              sub(OBS, "\nda.recorded,2020-11,886,\n", "\nda.recorded,2020-11,1e308,\n")),
         f"{OBS}, line 2372, column 'value': 1e308 is too large; a figure must be below 1,000,000,000,000 (a million million), "
         "so that totals add up exactly"),
    Case("a denominator of 1e301", sub(OBS, "\nda.ppo_rate,2020-04,92,923\n", "\nda.ppo_rate,2020-04,1e300,1e301\n"),
         f"{OBS}, line 2102, column 'value': 1e300 is too large; a figure must be below 1,000,000,000,000 (a million million), "
         "so that totals add up exactly"),
    Case("a level too close to zero", sub(OBS, "\nda.prompt_response,2020-11,192,\n", "\nda.prompt_response,2020-11,1e-300,\n"),
         f"{OBS}, line 2241, column 'value': 1e-300 is too close to zero; a figure other than 0 must be at least 0.000001"),
    # ---- issue 13: every figure comes from a fact
    Case("a figure typed into a template", sub("data/templates/victims.md.j2", "{{ say(da.recorded) }}", "rose by 12.5% to 88,000 offences"),
         "data/templates/victims.md.j2, line 14: '12.5%' is a figure typed into the template; figures come only from facts: "
         "print one, such as {{ da.recorded.change_pct }} (narrator facts lists them all)"),
    Case("a fact's raw value printed", sub("data/templates/victims.md.j2", "{{ say(da.recorded) }}", "{{ da.recorded.current.value }}"),
         "data/templates/victims.md.j2, line 14: prints the number 12196.0, which is not a fact; a template prints facts, such as "
         "{{ da.recorded.current }}, never a fact's .value or a number of its own"),
    Case("a figure typed into a rule phrase", sub_rule("movements.yaml", "remained unchanged at {{ current }}", "remained unchanged at 12 {{ current }}"),
         f"{RULES}/movements.yaml: movement rule 'unchanged': phrase 'remained unchanged at 12 {{{{ current }}}}': '12' is a figure "
         "typed into the phrase; figures come only from facts: print one, such as {{ change_pct }} (narrator facts lists them all)"),
    Case("marker characters in commentary",
         sub("data/commentary.yaml", "The board are asked", "\ue000da.recorded.current\ue0019,999\ue002 The board are asked"),
         f"data/commentary.yaml, line {line_in('data/commentary.yaml', 'The board are asked')}, column 5: the private-use character "
         "U+E000 is not allowed (Narrator marks figures with such characters); remove it"),
    Case("a text-table cell that is a mapping", sub("data/report.yaml", "[Focus for the Force, Domestic Abuse,", "[Focus for the Force: Domestic Abuse,"),
         f"data/report.yaml, line {line_in('data/report.yaml', 'Focus for the Force')}: table 'pillars', row 3, cell 1: is a mapping "
         "(Focus for the Force: Domestic Abuse), not text; put a cell that holds ': ' in quotes"),
    # ---- issue 13: commentary footnotes
    Case("a footnote key [^key] cannot match", both(sub("data/commentary.yaml", "MACE[^mace]", "MACE[^the mace]"),
                                                    sub("data/commentary.yaml", "  mace: 'MACE:", "  the mace: 'MACE:")),
         f"data/commentary.yaml, line {line_in('data/commentary.yaml', '  mace:')}: footnote key 'the mace' cannot be referred to, "
         "as a [^key] holds only letters, digits and _ . - (such as the_mace)"),
    Case("a footnote reference that matches no footnote", sub("data/commentary.yaml", "MACE[^mace]", "MACE[^macee]"),
         f"data/commentary.yaml, line {line_in('data/commentary.yaml', 'MACE[^mace]')}: slot 'csa.plan' refers to footnote [^macee], "
         "which is not under footnotes; did you mean [^mace]?"),
    Case("an unused footnote", sub("data/commentary.yaml", "  iquanta: iQuanta data", "  iquanta: iQuanta data\n  spare: A note no paragraph uses"),
         f"data/commentary.yaml, line {line_in('data/commentary.yaml', 'iquanta: iQuanta data') + 1}: footnote 'spare' is not referred "
         "to by any paragraph or template, so its text would be lost; refer to it with [^spare] in a paragraph, or remove it"),
    # ---- issue 13: templates with a budget, in the analyst's terms
    Case("loops inside loops", sub("data/templates/report.md.j2", "# Purpose",
                                   "# Purpose {% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"),
         "data/templates/report.md.j2, line 5: stopped after 1,000,000 loop steps and calls, far more than any report needs: "
         "a loop inside a loop runs away (over range(), say)", slow=True),
    Case("an include outside the template folders", sub("data/templates/report.md.j2", "# Purpose", "# Purpose {% include '../report.yaml' %}"),
         f"data/templates/report.md.j2, line 5: no template '../report.yaml' in data/templates or {ROOT / 'templates'}; a template "
         "may include or import only the templates in those folders, by a name such as macros.md.j2"),
    Case("a template that includes itself", sub("data/templates/report.md.j2", "# Purpose", "# Purpose {% include 'report.md.j2' %}"),
         "data/templates/report.md.j2, line 5: report.md.j2 includes itself without end (report.md.j2 → report.md.j2); "
         "a template may not include itself, directly or through another"),
    Case("a helper given a fact where it wants a measure", sub("data/templates/victims.md.j2", "{{ say(da.recorded) }}", "{{ months_list(da.recorded.current) }}"),
         "data/templates/victims.md.j2, line 14: months_list() expects a measure, such as months_list(da.recorded, 'largest_fall'); "
         "it was given the fact 'da.recorded.current'"),
    # ---- issue 13: rarer read paths
    Case("a CSV row with an extra field", rows(OBS, lambda ls: [line + ",x" if n == 499 else line for n, line in enumerate(ls)]),
         f"{OBS}, line 500: 5 fields where the header has 4 (an extra comma? a value holding a comma must be in double quotes)"),
    Case("a CSV quote that never closes", rows(OBS, lambda ls: ['"' + line if n == 499 else line for n, line in enumerate(ls)]),
         f'{OBS}, line 500: a double quote (") opens a value that is never closed'),
    Case("a CSV renamed .xlsx", both(lambda root: (root / OBS).rename(root / "data" / "observations.xlsx"),
                                     sub("data/report.yaml", "observations: observations.csv", "observations: observations.xlsx")),
         "data/observations.xlsx: is text (CSV?), not an Excel workbook; save the data from Excel as .xlsx, or give a CSV file a .csv name"),
    Case("an uncalculated formula", with_formula,
         "data/observations.xlsx, line 2373, column 'value': the formula =C2372-110 has no calculated value (the workbook was saved "
         "by a program that does not calculate formulas); open it in Excel or LibreOffice and save it, or paste the values in place "
         "of the formulas", slow=True),
    Case("a sheet that is not in the workbook",
         both(as_workbook(uncalculated), sub("data/report.yaml", "observations: observations.xlsx", "observations: observations.xlsx\n  sheet: Data")),
         "data/observations.xlsx: no sheet 'Data' (its sheets: Sheet)", slow=True),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The example project and an earlier Narrator draft built from it."""
    root = tmp_path_factory.mktemp("pristine")
    copy_example(root)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert cli.main(["build", "--data", "data", "--out", "earlier.docx"]) == 0
    finally:
        os.chdir(cwd)
    earlier = (root / "earlier.docx").read_bytes()
    (root / "earlier.docx").unlink()
    return root, earlier


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(case, marks=[pytest.mark.slow] if case.slow else [], id=case.id) for case in CASES])
def test_bad_input(case, pristine, tmp_path, monkeypatch, capsys):
    source, earlier = pristine
    copy_example(tmp_path, source)
    case.brk(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "report.docx").write_bytes(earlier)  # an earlier draft, as Narrator wrote it
    monkeypatch.chdir(tmp_path)

    for out, format in (("drafts/report.docx", "docx"), ("new.md", "md")):
        before = snapshot(tmp_path)
        code = cli.main(["build", "--data", "data", "--format", format, "--out", out, *case.argv])
        captured = capsys.readouterr()
        assert (code, captured.err) == (2, f"narrator: {case.message}\n")
        assert captured.out == ""
        assert snapshot(tmp_path) == before  # nothing created, nothing changed, no temporary file
    for name in case.leaves_no_file:
        assert not (tmp_path / name).exists()
