"""Every row of every table, to compare the database before and after a failed operation.

Read through the connection's cursor, not the models, so that nothing escapes the comparison:
history tables, many-to-many tables, allauth's and Django's own. Sequences are left out (a
rolled-back insert still uses up its number, by design) and so, when asked, are tables that
hold the visitor's state rather than records (the session a test client signs in with).
"""

from __future__ import annotations

from django.db import connection

Rows = dict[str, list[tuple]]


def database_rows(*, leave_out: tuple[str, ...] = ()) -> Rows:
    rows: Rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in leave_out:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def differences(before: Rows, after: Rows) -> dict[str, dict[str, list[tuple]]]:
    """Per table that changed: the rows that are gone and the rows that are new (an updated
    row is both)."""
    changed = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, []), after.get(table, [])
        if old != new:
            changed[table] = {
                "gone": [row for row in old if row not in new],
                "new": [row for row in new if row not in old],
            }
    return changed
