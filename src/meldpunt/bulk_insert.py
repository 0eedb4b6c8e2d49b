"""Inserting many rows in few statements, without building and preparing an ORM object per row.

Django's bulk_create makes a model instance per row and sends every value of every field
through several layers; for an import of 20,000 reports that is seconds of Python inside the
transaction, while on SQLite the whole database waits for it. Here a row is a mapping of the
fields it sets, each value prepared by its field as the ORM would prepare it; every field a
row leaves out takes the model's default, prepared once for all rows. A statement carries as
many rows as the parameter limit allows. New primary keys come back beside a column that tells
the rows apart, so nothing depends on the order a database returns them in (RETURNING:
PostgreSQL, and SQLite from 3.35).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import CharField, Field, IntegerField, Model, TextField

MAX_PARAMETERS = 30_000  # PostgreSQL takes 65,535 per statement, SQLite 32,766


def insert_rows(
    model: type[Model], rows: Sequence[Mapping[str, Any]], key: str | None = None
) -> dict[Any, int]:
    """Insert the rows; every row names the same fields (by field name; a foreign key takes
    the related row's primary key). With `key`, a field whose value is unique among the rows,
    returns the new primary key of each row by that value; without, returns nothing."""
    if not rows:
        return {}
    names = list(rows[0])
    if any(set(row) != set(names) for row in rows):
        raise ValueError("every row must set the same fields")
    given = [model._meta.get_field(name) for name in names]
    prepared = [(name, _preparer(field)) for name, field in zip(names, given, strict=True)]
    defaults = _defaults(model, set(names))
    columns = [field.column for field in given] + [field.column for field, _ in defaults]
    per_statement = max(1, MAX_PARAMETERS // len(columns))
    constant = [value for _, value in defaults]
    created: dict[Any, int] = {}
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        params: list[Any] = []
        for row in part:
            params.extend(prepare(row[name]) for name, prepare in prepared)
            params.extend(constant)
        created.update(_execute(model, columns, len(part), params, key))
    return created


def _preparer(field: Any) -> Callable[[Any], Any]:
    """The field's own preparation for saving, skipped where it would hand the value back
    unchanged: text for a text column, an integer for an integer (or a key to one), None."""
    target = field.target_field if field.is_relation else field
    plain = (
        str
        if isinstance(target, CharField | TextField)
        else int
        if isinstance(target, IntegerField)
        else None
    )

    def prepare(value: Any) -> Any:
        if value is None or type(value) is plain:
            return value
        return field.get_db_prep_save(value, connection)

    return prepare


def _defaults(model: type[Model], given: set[str]) -> list[tuple[Field, Any]]:
    """Every other concrete field but the primary key, with its default prepared for saving
    (auto_now and auto_now_add fields take the time now, as a save would)."""
    template = model()
    return [
        (field, field.get_db_prep_save(field.pre_save(template, add=True), connection))
        for field in model._meta.concrete_fields
        if field.name not in given and not field.primary_key
    ]


def _execute(
    model: type[Model], columns: list[str], count: int, params: list[Any], key: str | None
) -> list[tuple[Any, int]]:
    quote, meta = connection.ops.quote_name, model._meta
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Names are the model's own, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES {', '.join([row] * count)}"
    )
    if key is not None:
        assert meta.pk is not None
        sql += f" RETURNING {quote(meta.get_field(key).column)}, {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(value, pk) for value, pk in cursor.fetchall()] if key is not None else []
