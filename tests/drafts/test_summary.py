"""What check and refresh print, from checks built by hand: one line per figure, grouped by section."""

from narrator.drafts.check import DraftCheck, FigureCheck, MarkdownCheck
from narrator.drafts.summary import check_table, markdown_summary
from narrator.word.outline import Place

SECTION = "4.3 Domestic Abuse"
STALE = FigureCheck("F_da_recorded_current", "da.recorded.current", "stale", "12,196", "12,196", "12,250",
                    Place("4.3.1", SECTION))
EDITED = FigureCheck("F_da_recorded_baseline", "da.recorded.baseline", "hand-edited", "10,660", "about 10,700", "10,660",
                     Place("", SECTION, table=2, row=3, row_label="Domestic abuse"))
CURRENT = FigureCheck("F_period_current", "period.current", "current", "2020/21", "2020/21", "2020/21", Place("1.1", "1 Purpose"))
GONE = FigureCheck("F_da_ppo_rate_current", "da.ppo_rate.current", "missing", "8.5%", None, "8.7%", None)


def test_the_table_lists_what_is_not_current_by_section_and_the_deleted_last():
    check = DraftCheck("report.docx", (CURRENT, STALE, EDITED, GONE), {})
    assert check_table(check) == "\n".join([
        "report.docx: 4 figures: 1 current, 1 stale, 1 hand-edited, 1 missing",
        "",
        SECTION,
        "  4.3.1          stale        da.recorded.current   12,196 → 12,250",
        "  table 2 row 3  hand-edited  da.recorded.baseline  “about 10,700” (Narrator wrote 10,660; the data give 10,660)"
        "  [Domestic abuse]",
        "",
        "Deleted from the draft",
        "  -              missing      da.ppo_rate.current   (deleted; Narrator wrote 8.5%, the data give 8.7%)",
    ])


def test_a_draft_whose_figures_are_all_current():
    check = DraftCheck("report.docx", (CURRENT,), {})
    assert check_table(check) == "report.docx: 1 figure: 1 current\n\nEvery figure is what the data give now."
    assert check_table(check, everything=True) == "report.docx: 1 figure: 1 current\n\n1 Purpose\n  1.1  current  period.current  2020/21"


def test_a_markdown_draft_is_summed_up_in_one_line():
    assert markdown_summary(MarkdownCheck("draft.md", "stale", 3)) == (
        "draft.md: stale: unchanged since Narrator wrote it, but the data now give 3 lines differently; build it again "
        "(narrator build --out draft.md). A Markdown draft is checked as a whole, by its fingerprint: its figures carry "
        "no bookmarks (the Word draft's do).")
