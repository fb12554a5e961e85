"""Crime records in: a force's extract (files, or a table in a warehouse) counted into the monthly
long table on DuckDB, one query per input (a measure's ``records:`` rule is read with the catalogue,
in :mod:`narrator.settings.records`).

* ``layouts``: which column of an extract holds what (``police-uk``, or a ``columns`` mapping);
* ``source``: ``inputs.records`` of report.yaml checked, and every records measure counted;
* ``query``: the one aggregation query, as SQL text;
* ``files``, ``warehouse``: where it runs (DuckDB over files; inside PostgreSQL).
"""
