"""Reading and checking the observations table (CSV or .xlsx): values, types and every error message."""

import math

import openpyxl
import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.inputs.observations import read_observations

HEADER = "measure,month,value,denominator\n"
EXTRA_FIELD = "5 fields where the header has 4 (an extra comma? a value holding a comma must be in double quotes)"
EXPECTED_COLUMNS = "(expected columns: measure, month, value, denominator)"
UNEXPECTED = "(expected columns: measure, month, value, denominator, and area if the rows are by area)"

# Deliberately unsorted, with a thousands separator, padding and an empty denominator.
ROWS = [
    ("b.rate", "2021-02", "40", "100"),
    ("a.count", "2021-01", "1,234", ""),
    ("b.rate", "2021-01", "25", "1,000"),
    ("a.count", "2021-02", "17", ""),
]


def write_csv(tmp_path, body, header=HEADER, name="observations.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def csv_body(rows):
    return "".join(",".join(f'"{cell}"' if "," in cell else cell for cell in row) + "\n" for row in rows)


def error_of(path):
    with pytest.raises(InputError) as caught:
        read_observations(path)
    return str(caught.value)


# --------------------------------------------------------------------------- reading


def test_reads_a_csv_into_typed_sorted_columns(tmp_path):
    frame = read_observations(write_csv(tmp_path, csv_body(ROWS)))

    assert list(frame.columns) == ["measure", "month", "value", "denominator", "area"]
    assert isinstance(frame["month"].dtype, pd.PeriodDtype)
    assert frame["month"].dtype == pd.PeriodDtype("M")
    assert frame["value"].dtype == "float64"
    assert frame["denominator"].dtype == "float64"
    assert list(frame.index) == [0, 1, 2, 3]
    # sorted by measure then month
    assert list(frame["measure"]) == ["a.count", "a.count", "b.rate", "b.rate"]
    assert list(frame["month"]) == [pd.Period("2021-01", "M"), pd.Period("2021-02", "M")] * 2
    assert list(frame["value"]) == [1234.0, 17.0, 25.0, 40.0]
    assert math.isnan(frame["denominator"][0]) and math.isnan(frame["denominator"][1])
    assert list(frame["denominator"][2:]) == [1000.0, 100.0]


def test_cells_are_stripped_and_decimals_kept(tmp_path):
    path = write_csv(tmp_path, " a.count , 2021-01 , 12.5 , \n")
    frame = read_observations(path)
    assert frame.loc[0, "measure"] == "a.count"
    assert frame.loc[0, "month"] == pd.Period("2021-01", "M")
    assert frame.loc[0, "value"] == 12.5


def test_padded_header_names_are_accepted(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,3,\n", header=" measure , month,value ,denominator\n")
    assert list(read_observations(path)["value"]) == [3.0]


def test_xlsx_and_csv_of_the_same_rows_give_the_same_frame(tmp_path):
    from_csv = read_observations(write_csv(tmp_path, csv_body(ROWS)))

    def number(text):
        return None if text == "" else int(text.replace(",", ""))

    sheet = pd.DataFrame(
        [(m, month, number(v), number(d)) for m, month, v, d in ROWS],
        columns=["measure", "month", "value", "denominator"],
    )
    workbook = tmp_path / "observations.xlsx"
    sheet.to_excel(workbook, index=False, engine="openpyxl")
    from_xlsx = read_observations(workbook)

    pd.testing.assert_frame_equal(from_xlsx, from_csv)
    assert list(from_xlsx["value"]) == [1234.0, 17.0, 25.0, 40.0]


def test_xlsx_suffix_is_case_insensitive(tmp_path):
    workbook = tmp_path / "OBS.XLSX"
    pd.DataFrame([("a.count", "2021-01", 5, None)], columns=["measure", "month", "value", "denominator"]).to_excel(
        workbook, index=False, engine="openpyxl"
    )
    assert list(read_observations(workbook)["value"]) == [5.0]


def test_a_header_only_file_is_an_empty_frame(tmp_path):
    frame = read_observations(write_csv(tmp_path, ""))
    assert frame.empty
    assert list(frame.columns) == ["measure", "month", "value", "denominator", "area"]


def test_blank_lines_are_skipped_and_line_numbers_still_count_them(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n\n,,,\na.count,2021-02,2,\n")
    assert list(read_observations(path)["value"]) == [1.0, 2.0]

    # the negative value is on the 5th line of the file: header, row, blank, empty cells, row
    path = write_csv(tmp_path, "a.count,2021-01,1,\n\n,,,\na.count,2021-02,-2,\n")
    assert error_of(path) == (
        f"{path}, line 5 (a.count, 2021-02): value is negative; counts and rates cannot be below 0"
    )


def test_xlsx_errors_name_the_sheet_row(tmp_path):
    workbook = tmp_path / "observations.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["measure", "month", "value", "denominator"])
    sheet.append(["a.count", "2021-01", 1, None])
    sheet.append([None, None, None, None])  # an empty row is skipped but still counted
    sheet.append(["a.count", "2021-02", 12, 10])
    book.save(workbook)
    assert error_of(workbook) == f"{workbook}, line 4 (a.count, 2021-02): value is above its denominator"


# --------------------------------------------------------------------------- columns


def test_missing_column(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1\n", header="measure,month,value\n")
    assert error_of(path) == f"{path}: missing column 'denominator' {EXPECTED_COLUMNS}"


def test_misspelt_column_suggests_the_right_name(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n", header="measure,month,valeu,denominator\n")
    assert error_of(path) == f"{path}: unexpected column 'valeu'; did you mean 'value'? {UNEXPECTED}"


def test_capitalised_column_suggests_the_lower_case_name(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n", header="measure,Month,value,denominator\n")
    assert error_of(path) == f"{path}: unexpected column 'Month'; did you mean 'month'? {UNEXPECTED}"


def test_extra_column_without_a_near_name(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,,x\n", header="measure,month,value,denominator,notes\n")
    assert error_of(path) == f"{path}: unexpected column 'notes' {UNEXPECTED}"


def test_more_fields_than_the_header_on_the_first_row(tmp_path):
    # pandas would otherwise take the first column as the index and the row numbers would be lost
    path = write_csv(tmp_path, "a.count,2021-01,1,,x\na.count,2021-02,1,\n")
    assert error_of(path) == f"{path}, line 2: {EXTRA_FIELD}"


def test_more_fields_than_the_header_on_a_later_row(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\na.count,2021-02,1,,x\n")
    assert error_of(path) == f"{path}, line 3: {EXTRA_FIELD}"


def test_the_line_of_a_bad_row_counts_the_lines_a_quoted_value_spreads_over(tmp_path):
    # pandas counts rows: it would call this row 4, but it is on the file's line 5
    path = write_csv(tmp_path, 'a.count,2021-01,1,"a note\nover two lines"\na.count,2021-02,1,\na.count,2021-03,1,,x\n')
    assert error_of(path) == f"{path}, line 5: {EXTRA_FIELD}"


def test_an_unclosed_quote_names_the_line_it_opens_on(tmp_path):
    path = write_csv(tmp_path, 'a.count,2021-01,1,\n"a.count,2021-02,1,\n' + "a.count,2021-03,1,\n" * 3)
    assert error_of(path) == f'{path}, line 3: a double quote (") opens a value that is never closed'


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    "body, message",
    [
        pytest.param("a.count,2021-01,1,\na.count,2021-02,,\n",
                     "line 3, column 'value': empty; expected a number", id="empty value"),
        pytest.param("a.count,2021-01,1,\na.count,2021-02,  ,\n",
                     "line 3, column 'value': empty; expected a number", id="blank value"),
        pytest.param("a.count,2021-01,1,\na.count,2021-02,abc,\n",
                     "line 3, column 'value': 'abc' is not a number", id="non-numeric value"),
        pytest.param("a.count,2021-01,1 000,\n",
                     "line 2, column 'value': '1 000' is not a number", id="space as separator"),
        pytest.param("a.count,2021-01,NA,\n",
                     "line 2, column 'value': 'NA' is not a number", id="NA"),
        pytest.param("a.count,2021-01,inf,\n",
                     "line 2, column 'value': 'inf' is not a number", id="infinite value"),
        pytest.param("b.rate,2021-01,1,ten\n",
                     "line 2, column 'denominator': 'ten' is not a number", id="non-numeric denominator"),
        pytest.param("b.rate,2021-01,1,inf\n",
                     "line 2, column 'denominator': 'inf' is not a number", id="infinite denominator"),
        pytest.param("a.count,2021-01,1,\na.count,2021-02,-3,\n",
                     "line 3 (a.count, 2021-02): value is negative; counts and rates cannot be below 0",
                     id="negative value"),
        pytest.param("b.rate,2021-01,5,10\nb.rate,2021-02,11,10\n",
                     "line 3 (b.rate, 2021-02): value is above its denominator", id="value above denominator"),
        pytest.param("b.rate,2021-01,0,0\n",
                     "line 2 (b.rate, 2021-01): denominator must be above 0 (leave it empty for counts and levels; a survey's month with no respondents is 0 and 0)",
                     id="zero denominator"),
        pytest.param("a.count,2021-01,1,\nb.rate,2021-01,1,2\na.count,2021-01,2,\n",
                     "line 4 (a.count, 2021-01): a second row for this measure and month", id="duplicate row"),
        pytest.param(",2021-01,1,\n", "line 2 (, 2021-01): empty measure id", id="empty measure"),
        pytest.param("a.count,2021-13,1,\n",
                     "line 2, column 'month': '2021-13' is not a month in the form YYYY-MM", id="month 13"),
        pytest.param("a.count,2021-01,1,\na.count,March 2021,1,\n",
                     "line 3, column 'month': 'March 2021' is not a month in the form YYYY-MM", id="month in words"),
        pytest.param("a.count,2021-3,1,\n",
                     "line 2, column 'month': '2021-3' is not a month in the form YYYY-MM", id="one-digit month"),
        pytest.param("a.count,2021-03-01,1,\n",
                     "line 2, column 'month': '2021-03-01' is not a month in the form YYYY-MM", id="a date"),
        pytest.param("a.count,,1,\n",
                     "line 2, column 'month': '' is not a month in the form YYYY-MM", id="empty month"),
    ],
)
def test_bad_cell(tmp_path, body, message):
    path = write_csv(tmp_path, body)
    assert error_of(path) == f"{path}, {message}"


def test_the_first_bad_row_is_the_one_reported(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\na.count,2021-02,x,\na.count,2021-03,y,\n")
    assert error_of(path) == f"{path}, line 3, column 'value': 'x' is not a number"


def test_value_equal_to_its_denominator_is_allowed(tmp_path):
    frame = read_observations(write_csv(tmp_path, "b.rate,2021-01,10,10\n"))
    assert frame.loc[0, "value"] == frame.loc[0, "denominator"] == 10.0


def test_same_month_for_two_measures_is_not_a_duplicate(tmp_path):
    frame = read_observations(write_csv(tmp_path, "a.count,2021-01,1,\nb.count,2021-01,1,\n"))
    assert len(frame) == 2


# --------------------------------------------------------------------------- files


def test_a_txt_file_is_refused(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n", name="observations.txt")
    assert error_of(path) == f"{path}: observations must be a .csv or .xlsx file, not '.txt'"


def test_a_file_without_extension_is_refused(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n", name="observations")
    assert error_of(path) == f"{path}: observations must be a .csv or .xlsx file, not 'no extension'"


def test_a_missing_file(tmp_path):
    path = tmp_path / "nowhere.csv"
    assert error_of(path) == f"{path}: file not found"


def test_a_missing_txt_file_is_reported_as_missing(tmp_path):
    path = tmp_path / "nowhere.txt"
    assert error_of(path) == f"{path}: file not found"


def test_a_latin1_csv_is_refused_with_the_byte(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes((HEADER + "caf\xe9,2021-01,1,\n").encode("latin-1"))
    offset = len(HEADER) + 3  # the é
    assert error_of(path) == f"{path}: not UTF-8 text (byte {offset}); save the CSV as UTF-8"


def test_an_empty_csv(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("")
    assert error_of(path) == f"{path}: empty; its line 1 must be the header: measure, month, value, denominator"


def test_a_csv_renamed_to_xlsx(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n", name="observations.xlsx")
    assert error_of(path) == f"{path}: is text (CSV?), not an Excel workbook; save the data from Excel as .xlsx, or give a CSV file a .csv name"


def test_the_byte_offset_is_counted_from_the_start_of_a_long_file(tmp_path):
    rows = "".join(f"a.count,{2000 + i // 12}-{i % 12 + 1:02d},{i},\n" for i in range(2000))
    path = tmp_path / "observations.csv"
    data = (HEADER + rows).encode("utf-8") + "b\xe9,2021-01,1,\n".encode("latin-1")
    path.write_bytes(data)
    assert error_of(path) == f"{path}: not UTF-8 text (byte {data.index(0xE9)}); save the CSV as UTF-8"


# --------------------------------------------------------------------------- numbers and months, strictly


@pytest.mark.parametrize("cell, value", [("12,196", 12196.0), ("1,234,567.5", 1234567.5), ("0.25", 0.25), ("1e3", 1000.0), (".5", 0.5)])
def test_numbers_that_are_accepted(tmp_path, cell, value):
    frame = read_observations(write_csv(tmp_path, csv_body([("a.level", "2021-01", cell, "")])))
    assert frame.loc[0, "value"] == value


@pytest.mark.parametrize(
    "cell, message",
    [
        ("1,2,3", "'1,2,3' is not a number (commas may only group thousands, as in 12,345)"),
        ("12,19", "'12,19' is not a number (commas may only group thousands, as in 12,345)"),
        ("1,2345", "'1,2345' is not a number (commas may only group thousands, as in 12,345)"),
        (",123", "',123' is not a number (commas may only group thousands, as in 12,345)"),
        ("45%", "'45%' is not a number (give the count and its denominator, not a percentage)"),
        ("1_000", "'1_000' is not a number"),
        ("0x10", "'0x10' is not a number"),
        ("nan", "'nan' is not a number"),
    ],
)
def test_numbers_that_are_refused(tmp_path, cell, message):
    path = write_csv(tmp_path, csv_body([("a.count", "2021-01", cell, "")]))
    assert error_of(path) == f"{path}, line 2, column 'value': {message}"


def excel(tmp_path, months):
    import datetime as dt  # noqa: F401 - months may hold dates

    workbook = tmp_path / "observations.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["measure", "month", "value", "denominator"])
    for month in months:
        sheet.append(["a.count", month, 1, None])
    book.save(workbook)
    return workbook


def test_excel_dates_on_the_first_of_a_month_are_that_month(tmp_path):
    import datetime as dt

    frame = read_observations(excel(tmp_path, [dt.datetime(2021, 1, 1), dt.date(2021, 2, 1), "2021-03"]))
    assert list(frame["month"].astype(str)) == ["2021-01", "2021-02", "2021-03"]


def test_an_excel_date_on_another_day_is_refused(tmp_path):
    import datetime as dt

    path = excel(tmp_path, [dt.datetime(2021, 1, 1), dt.datetime(2021, 2, 15)])
    assert error_of(path) == (
        f"{path}, line 3, column 'month': the date 2021-02-15 is not a month; "
        "write the month as YYYY-MM (a date on the 1st of a month is read as that month)"
    )


def test_a_first_of_month_date_in_a_csv_is_still_refused(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01-01 00:00:00,1,\n")
    assert error_of(path) == f"{path}, line 2, column 'month': '2021-01-01 00:00:00' is not a month in the form YYYY-MM"


def test_a_semicolon_separated_file(tmp_path):
    path = write_csv(tmp_path, "a.count;2021-01;1;\n", header="measure;month;value;denominator\n")
    assert error_of(path) == f"{path}: the header 'measure;month;value;denominator' is separated by semicolons; save the file with commas {EXPECTED_COLUMNS}"


def test_a_semicolon_separated_file_with_decimal_commas(tmp_path):
    path = write_csv(tmp_path, "a.count;2021-01;12,5;\nb.rate;2021-01;2,5;10\n", header="measure;month;value;denominator\n")
    assert error_of(path) == f"{path}: the header 'measure;month;value;denominator' is separated by semicolons; save the file with commas {EXPECTED_COLUMNS}"


def test_utf16_without_its_byte_order_mark(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes((HEADER + "a.count,2021-01,1,\n").encode("utf-16-le"))
    message = error_of(path)
    assert message == f"{path}: holds NUL bytes, so it is not UTF-8 text (UTF-16, perhaps?); save it as UTF-8"
    assert "\0" not in message


def test_a_file_without_its_header(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-02,1,\n", header="a.count,2021-01,1,\n")
    assert error_of(path) == f"{path}: line 1 must be the header: measure, month, value, denominator (found a.count, 2021-01, 1, '')"


def test_a_utf8_bom_from_excel_is_fine(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(("\ufeff" + HEADER + "a.count,2021-01,1,\n").encode("utf-8"))
    assert list(read_observations(path)["measure"]) == ["a.count"]


# --------------------------------------------------------------------------- rows against their measure's kind

KINDS = {"a.count": "count", "b.rate": "proportion", "c.level": "level"}


def kind_error(tmp_path, body):
    path = write_csv(tmp_path, body)
    with pytest.raises(InputError) as caught:
        read_observations(path, KINDS)
    return str(caught.value).removeprefix(f"{path}, ")


def test_a_survey_month_with_no_respondents_is_accepted(tmp_path):
    """0 of 0 is a survey's month with no respondents: it has no rate but counts in the totals; any
    other measure's month, or a value above 0 of 0, is refused as before."""
    path = write_csv(tmp_path, "s.rate,2021-01,0,0\ns.rate,2021-02,3,4\n")
    frame = read_observations(path, {"s.rate": "proportion"}, surveys={"s.rate"})
    assert frame["denominator"].tolist() == [0.0, 4.0]
    with pytest.raises(InputError, match=r"line 2 \(s.rate, 2021-01\): denominator must be above 0"):
        read_observations(path, {"s.rate": "proportion"})
    with pytest.raises(InputError, match=r"line 2 \(s.rate, 2021-01\): denominator must be above 0"):
        read_observations(write_csv(tmp_path, "s.rate,2021-01,1,0\n"), {"s.rate": "proportion"}, surveys={"s.rate"})


def test_rows_that_suit_their_kind(tmp_path):
    body = "a.count,2021-01,3,\nb.rate,2021-01,1,4\nc.level,2021-01,12.5,\nz.unknown,2021-01,1.5,9\n"
    assert len(read_observations(write_csv(tmp_path, body), KINDS)) == 4  # unknown measures are the caller's


@pytest.mark.parametrize(
    "body, message",
    [
        ("b.rate,2021-01,1,\n", ("line 2 (b.rate, 2021-01), column 'denominator': empty; b.rate is a proportion, "
                                 "so each month needs its denominator (respondents, calls, offences)")),
        ("a.count,2021-01,1,10\n", ("line 2 (a.count, 2021-01), column 'denominator': a.count is a count, "
                                    "so leave the denominator empty (only proportions have one)")),
        ("c.level,2021-01,1,10\n", ("line 2 (c.level, 2021-01), column 'denominator': c.level is a level, "
                                    "so leave the denominator empty (only proportions have one)")),
        ("a.count,2021-01,2.5,\n", "line 2 (a.count, 2021-01), column 'value': 2.5 is not a whole number, but a.count is a count"),
    ],
)
def test_rows_that_do_not_suit_their_kind(tmp_path, body, message):
    assert kind_error(tmp_path, body) == message


# --------------------------------------------------------------------------- extreme values (issue 13)


@pytest.mark.parametrize(
    "cell, message",
    [
        ("1e300", "1e300 is too large; a figure must be below 1,000,000,000,000 (a million million), so that totals add up exactly"),
        ("1e999", "1e999 is too large; a figure must be below 1,000,000,000,000 (a million million), so that totals add up exactly"),
        ("1,000,000,000,000", "1,000,000,000,000 is too large; a figure must be below 1,000,000,000,000 (a million million), "
                              "so that totals add up exactly"),
        ("1e-300", "1e-300 is too close to zero; a figure other than 0 must be at least 0.000001"),
        ("0.0000009", "0.0000009 is too close to zero; a figure other than 0 must be at least 0.000001"),
    ],
)
def test_values_too_large_or_too_small_to_be_figures_are_refused(tmp_path, cell, message):
    path = write_csv(tmp_path, csv_body([("c.level", "2021-01", "1", ""), ("c.level", "2021-02", cell, "")]))
    assert error_of(path) == f"{path}, line 3, column 'value': {message}"


def test_a_denominator_too_large_is_refused(tmp_path):
    path = write_csv(tmp_path, "b.rate,2021-01,1,1e13\n")
    assert error_of(path).startswith(f"{path}, line 2, column 'denominator': 1e13 is too large;")


def test_the_largest_and_smallest_figures_are_accepted(tmp_path):
    frame = read_observations(write_csv(tmp_path, "c.level,2021-01,999999999999,\nc.level,2021-02,0.000001,\nc.level,2021-03,0,\n"))
    assert list(frame["value"]) == [999999999999.0, 0.000001, 0.0]


@pytest.mark.parametrize("month", ["0000-01", "0000-12"])
def test_year_0000_is_not_a_month(tmp_path, month):
    path = write_csv(tmp_path, f"a.count,{month},1,\n")
    assert error_of(path) == f"{path}, line 2, column 'month': '{month}' is not a month: there is no year 0000"


def test_the_first_and_last_years_of_the_calendar_are_months(tmp_path):
    frame = read_observations(write_csv(tmp_path, "a.count,0001-01,1,\na.count,9999-12,1,\n"))
    assert [str(m) for m in frame["month"]] == ["0001-01", "9999-12"]


# --------------------------------------------------------------------------- files that are not what they say (issue 13)


def workbook(tmp_path, sheets, name="observations.xlsx"):
    """A workbook of ``sheets``: (title, rows) in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


DATA = [["measure", "month", "value", "denominator"], ["a.count", "2021-01", 3, None], ["a.count", "2021-02", 4, None]]
NOTES = [["About these figures: a notes sheet; the data is on the next sheet"], ["Refreshed monthly"]]


def test_a_workbook_whose_first_sheet_is_notes_is_read_from_the_sheet_with_the_header(tmp_path):
    frame = read_observations(workbook(tmp_path, [("Notes", NOTES), ("Data", DATA)]))
    assert list(frame["value"]) == [3.0, 4.0]


def test_the_sheet_named_in_the_settings_is_read(tmp_path):
    path = workbook(tmp_path, [("Data", [*DATA[:1], ["a.count", "2021-01", 1, None]]), ("Latest", DATA)])
    assert list(read_observations(path)["value"]) == [1.0]  # by default the first with the header
    assert list(read_observations(path, sheet="Latest")["value"]) == [3.0, 4.0]


def test_a_sheet_that_does_not_exist(tmp_path):
    path = workbook(tmp_path, [("Notes", NOTES), ("Data", DATA)])
    with pytest.raises(InputError) as caught:
        read_observations(path, sheet="Dta")
    assert str(caught.value) == f"{path}: no sheet 'Dta' (its sheets: Notes, Data); did you mean 'Data'?"


def test_no_sheet_with_the_header(tmp_path):
    path = workbook(tmp_path, [("Notes", NOTES), ("Data", DATA[1:])])
    assert error_of(path) == (
        f"{path}: no sheet begins with the header measure, month, value, denominator (its sheets: Notes, Data); "
        "put the header in the first row of the data sheet, or name the sheet with inputs.sheet in report.yaml"
    )


def test_a_sheet_named_for_a_csv_file(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,\n")
    with pytest.raises(InputError) as caught:
        read_observations(path, sheet="Data")
    assert str(caught.value) == f"{path}: a sheet ('Data') is named in the report settings, but a CSV file has no sheets"


def test_an_uncalculated_formula_is_named_not_read_as_empty(tmp_path):
    path = workbook(tmp_path, [("Data", [*DATA, ["a.count", "2021-03", "=C3+1", None]])])  # openpyxl saves no value
    assert error_of(path) == (
        f"{path}, line 4, column 'value': the formula =C3+1 has no calculated value (the workbook was saved by a program "
        "that does not calculate formulas); open it in Excel or LibreOffice and save it, or paste the values in place of the formulas"
    )


def test_a_calculated_formula_is_read_as_its_value(tmp_path):
    import zipfile

    path = workbook(tmp_path, [("Data", [*DATA, ["a.count", "2021-03", "=C3+1", None]])])
    members = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            members[name] = package.read(name)
    # what Excel saves: the formula and, beside it, the value it calculated
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    assert "<f>C3+1</f><v></v>" in sheet
    members["xl/worksheets/sheet1.xml"] = sheet.replace("<f>C3+1</f><v></v>", "<f>C3+1</f><v>5</v>").encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    assert list(read_observations(path)["value"]) == [3.0, 4.0, 5.0]


def test_an_excel_workbook_renamed_csv(tmp_path):
    path = workbook(tmp_path, [("Data", DATA)], name="observations.csv")
    assert error_of(path) == f"{path}: is an Excel workbook, not CSV text; name it with .xlsx (and in report.yaml), or save it from Excel as CSV"


def test_an_old_xls_workbook_renamed_xlsx(tmp_path):
    path = tmp_path / "observations.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert error_of(path) == (
        f"{path}: is an old-style .xls workbook or a password-protected one; save it from Excel as an unprotected .xlsx workbook"
    )


def test_a_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "observations.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("notes.txt", "not a workbook")
    assert error_of(path).startswith(f"{path}: cannot be read as an Excel workbook (")
    assert error_of(path).endswith("); open it in Excel and save it as .xlsx")


def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    import os

    path = tmp_path / "observations.csv"
    os.mkfifo(path)  # opening it would wait for a writer for ever
    assert error_of(path) == f"{path}: is a named pipe, not a file; observations must be a .csv or .xlsx file"


def test_an_empty_workbook(tmp_path):
    assert error_of(workbook(tmp_path, [("Data", [])])) == (
        f"{tmp_path / 'observations.xlsx'}: empty; its line 1 must be the header: measure, month, value, denominator"
    )


def test_an_excel_error_value_is_named(tmp_path):
    path = workbook(tmp_path, [("Data", [DATA[0], ["a.count", "2021-01", "#DIV/0!", None]])])
    assert error_of(path) == f"{path}, line 2, column 'value': '#DIV/0!' is not a number (an Excel error: correct the formula that gives it)"


def _rezipped(path, edit):
    """The workbook at ``path`` with each member's bytes passed through ``edit(name, bytes)``."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info)))
    path.write_bytes(out.getvalue())
    return path


def test_a_dtd_in_a_sheet_is_one_line(tmp_path):
    path = workbook(tmp_path, [("Data", DATA)])
    _rezipped(path, lambda name, xml: b'<!DOCTYPE x [<!ENTITY e "1">]>' + xml if name == "xl/worksheets/sheet1.xml" else xml)
    assert error_of(path) == (f"{path}: the part 'xl/worksheets/sheet1.xml' declares a DTD (<!DOCTYPE …>), which Narrator "
                              "never reads (its entities could insert or multiply text); save the file again from the program that made it")


@pytest.mark.slow  # a fresh interpreter, memory measured
def test_a_sheet_that_inflates_past_the_limit_is_refused_in_little_memory(tmp_path):
    import zipfile

    from hostile import HIGH_WATER, MEMORY_MB

    from narrator.reading import LIMIT

    path = workbook(tmp_path, [("Data", DATA)])
    spaces = b" " * (LIMIT + 2**20)
    _rezipped(path, lambda name, xml: xml.replace(b"<sheetData>", b"<sheetData>" + spaces, 1)
              if name == "xl/worksheets/sheet1.xml" else xml)
    assert path.stat().st_size < 1_000_000
    declared = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    script = f"from narrator.inputs.observations import read_observations\nread_observations({str(path)!r})"
    import subprocess
    import sys
    code = ("import sys\ntry:\n    exec(sys.argv[1])\nexcept Exception as error:\n    print(error)\n"
            f"print({HIGH_WATER})")
    del spaces
    done = subprocess.run([sys.executable, "-c", code, script], capture_output=True, text=True, timeout=120)
    message, peak = done.stdout.splitlines()
    assert message == (f"{path}: not an Excel workbook (.xlsx) that Narrator can read (its parts would unpack to "
                       f"{declared / 2**20:,.0f} MB, more than the 64 MB Narrator unpacks from one file)")
    assert int(peak) / 1024 < MEMORY_MB


def test_an_area_name_word_cannot_hold_is_refused_with_its_line(tmp_path):
    path = write_csv(tmp_path, "a.count,2021-01,1,,North\nb.rate,2021-01,1,2,So\x07uth\n", header="measure,month,value,denominator,area\n")
    assert error_of(path) == f"{path}, line 3, column 'area': the control character U+0007 is not allowed (a Word document cannot hold it); remove it"
