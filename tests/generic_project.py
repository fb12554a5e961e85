"""A generic project of our own making for tests/test_prose.py: Northshire Police, invented monthly figures from fixed formulas (no randomness)."""
import math, sys
from pathlib import Path

MEASURES = [
    # id, label, name, kind, polarity, section, extra, (base, trend per month, wave, denominator base)
    ("theft.shop", "Shoplifting", "recorded shoplifting offences", "count", "lower_is_better", "Acquisitive crime", "noun: offences\n    short_name: shoplifting", (410, 2.5, 30, None)),
    ("theft.vehicle", "Vehicle crime", "recorded vehicle crime", "count", "lower_is_better", "Acquisitive crime", "", (520, -3.0, 25, None)),
    ("theft.bicycle", "Bicycle theft", "recorded bicycle thefts", "count", "lower_is_better", "Acquisitive crime", "", (95, 0.2, 20, None)),
    ("theft.person", "Theft from the person", "recorded theft from the person", "count", "lower_is_better", "Acquisitive crime", "", (60, 0.9, 6, None)),
    ("robbery.personal", "Personal robbery", "recorded personal robberies", "count", "lower_is_better", "Acquisitive crime", "", (48, 0.05, 5, None)),
    ("burglary.business", "Business burglary", "recorded business burglaries", "count", "lower_is_better", "Acquisitive crime", "", (33, -0.4, 4, None)),
    ("damage.arson", "Arson", "recorded arson offences", "count", "lower_is_better", "Acquisitive crime", "", (30, 0.0, 3, None)),
    ("violence.injury", "Violence with injury", "recorded violence with injury", "count", "lower_is_better", "Violence", "", (700, 4.0, 40, None)),
    ("violence.injury_rate", "Violence with injury charge rate", "the violence with injury charge rate", "proportion", "higher_is_better", "Violence", "short_name: the charge rate", (0.12, 0.0009, 0.01, 300)),
    ("violence.stalking", "Stalking and harassment", "recorded stalking and harassment", "count", "lower_is_better", "Violence", "", (380, 3.5, 20, None)),
    ("violence.stalking_rate", "Stalking charge rate", "the stalking and harassment charge rate", "proportion", "higher_is_better", "Violence", "short_name: the charge rate", (0.08, 0.0001, 0.01, 200)),
    ("public.confidence", "Public confidence", "public confidence in local policing", "proportion", "higher_is_better", "The public", "survey: true", (0.62, 0.001, 0.0, 150)),
    ("public.safe", "Feeling safe after dark", "the share of residents who feel safe after dark", "proportion", "higher_is_better", "The public", "survey: true", (0.71, -0.0004, 0.0, 400)),
    ("public.victim_satisfaction", "Victim satisfaction", "victim satisfaction with the whole experience", "proportion", "higher_is_better", "The public", "survey: true", (0.78, 0.0025, 0.0, 700)),
]


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text(
        "report:\n  title: Northshire Police annual performance report\n  force: Northshire Police\n  force_short: Northshire\n"
        "  date: 2025-05-01\nperiod_end: 2025-03\ninputs:\n  observations: observations.csv\n  measures: measures.yaml\n"
        "  commentary: commentary.yaml\n", encoding="utf-8")
    entries = []
    for mid, label, name, kind, polarity, section, extra, _ in MEASURES:
        entry = f"  - id: {mid}\n    label: {label}\n    name: {name}\n    kind: {kind}\n    polarity: {polarity}\n    section: {section}\n"
        entries.append(entry + (f"    {extra}\n" if extra else ""))
    (folder / "measures.yaml").write_text("measures:\n" + "".join(entries), encoding="utf-8")
    (folder / "commentary.yaml").write_text("period_end: 2025-03\nparagraphs: {}\n", encoding="utf-8")
    rows = ["measure,month,value,denominator"]
    for mid, *_, (base, trend, wave, denominator) in MEASURES:
        for i in range(48):
            year, month = 2021 + (i + 3) // 12, (i + 3) % 12 + 1
            level = base + trend * i + wave * math.sin(i * 2.1 + len(mid)) + wave * (((i * 37 + len(mid) * 11) % 13) - 6) / 4
            if denominator:
                n = denominator + (i * 7) % 40
                rows.append(f"{mid},{year}-{month:02d},{round(level * n)},{n}")
            else:
                rows.append(f"{mid},{year}-{month:02d},{round(level)},")
    (folder / "observations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    write(Path(sys.argv[1]))
