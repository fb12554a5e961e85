"""Everything the analyst writes, read once and checked into frozen, typed specs before any data
are read: report.yaml (report:, inputs:, period, confidence, events, tables, charts, sections),
measures.yaml (the catalogue, its offence groups and records rules) and commentary.yaml."""
