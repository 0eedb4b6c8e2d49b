"""Changing many rows to different values in one statement, cheaply.

Django's bulk_update builds a CASE expression per field and row, which costs more Python time
than the rest of a pipeline commit together. Here the new values travel as a VALUES list,
joined to the table by primary key (UPDATE ... FROM, PostgreSQL and SQLite 3.33+), with the
same conditions a queryset filter would add. Values are prepared by each field, as the ORM
would; on PostgreSQL they are cast to the column's type (a VALUES list has no column types of
its own). SQLite takes them as they are: it applies the column's affinity when storing, and a
CAST there would turn a time's text into a number.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model

from meldpunt.bulk_insert import column_field, quoted_column

SQLITE_UPDATE_FROM = (3, 33, 0)
MAX_PARAMETERS = 30_000  # PostgreSQL takes 65,535 per statement, SQLite 32,766

Changes = Sequence[tuple[Any, Mapping[str, Any]]]


def update_from_values(model: type[Model], changes: Changes, where: Mapping[str, Any]) -> int:
    """For each (pk, values), set the row's fields to the values where its columns also equal
    `where` (plain equality). Every change must name the same fields. Returns rows changed."""
    if not changes:
        return 0
    names = list(changes[0][1])
    if any(set(values) != set(names) for _, values in changes):
        raise ValueError("every change must set the same fields")
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info < SQLITE_UPDATE_FROM:
        return _one_by_one(model, changes, where)
    rows = max(1, (MAX_PARAMETERS - len(where)) // (len(names) + 1))
    return sum(
        _update(model, names, changes[start : start + rows], where)
        for start in range(0, len(changes), rows)
    )


def _update(
    model: type[Model], names: list[str], changes: Changes, where: Mapping[str, Any]
) -> int:
    meta, quote = model._meta, connection.ops.quote_name
    pk_field, fields = meta.pk, [column_field(model, name) for name in names]
    assert pk_field is not None
    row_sql = "(" + ", ".join(_placeholder(f) for f in [pk_field, *fields]) + ")"
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the proxy is a thread-local lookup
    params: list[Any] = []
    for pk, values in changes:
        params.append(pk_field.get_db_prep_value(pk, db))
        params.extend(
            field.get_db_prep_save(values[name], db)
            for name, field in zip(names, fields, strict=True)
        )
    # A VALUES list's columns are named column1, column2, ... on PostgreSQL and SQLite alike.
    table, pk_column = quote(meta.db_table), quoted_column(pk_field)
    assignments = [f"{quoted_column(f)} = v.column{n}" for n, f in enumerate(fields, 2)]
    conditions = [f"{table}.{pk_column} = v.column1"]
    for name, value in where.items():
        field = column_field(model, name)
        conditions.append(f"{table}.{quoted_column(field)} = %s")
        params.append(field.get_db_prep_value(value, connection))
    # Names are the model's own, quoted; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {', '.join(assignments)} "  # noqa: S608
        f"FROM (VALUES {', '.join([row_sql] * len(changes))}) AS v "
        f"WHERE {' AND '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _placeholder(field: Any) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"


def _one_by_one(model: type[Model], changes: Changes, where: Mapping[str, Any]) -> int:
    manager = model._default_manager
    return sum(manager.filter(pk=pk, **where).update(**values) for pk, values in changes)
