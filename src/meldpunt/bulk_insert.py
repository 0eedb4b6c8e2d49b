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

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import CharField, Field, IntegerField, Model, TextField

MAX_PARAMETERS = 30_000  # SQLite takes 32,766 per statement (PostgreSQL: arrays, see below)
UNNEST_ROWS = 10_000  # rows per statement on PostgreSQL


def insert_rows(
    model: type[Model],
    rows: Sequence[Mapping[str, Any]],
    key: str | None = None,
    skip_existing: bool = False,
) -> dict[Any, int]:
    """Insert the rows; every row names the same fields (by field name; a foreign key takes
    the related row's primary key). With `key`, a field whose value is unique among the rows,
    returns the new primary key of each row by that value; without, returns nothing. With
    `skip_existing`, a row that would break a unique constraint is left out (ON CONFLICT DO
    NOTHING), and only the rows inserted are returned."""
    if not rows:
        return {}
    names = list(rows[0])
    if any(set(row) != set(names) for row in rows):
        raise ValueError("every row must set the same fields")
    given = [column_field(model, name) for name in names]
    prepared = [(name, _preparer(field)) for name, field in zip(names, given, strict=True)]
    statement = _Statement(model, given, _defaults(model, set(names)), key, skip_existing)
    per_statement = (
        UNNEST_ROWS
        if connection.vendor == "postgresql"
        else max(1, (MAX_PARAMETERS - len(statement.constants)) // len(given))
    )
    created: dict[Any, int] = {}
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        values = [[prepare(row[name]) for name, prepare in prepared] for row in part]
        created.update(statement.execute(values))
    return created


def column_field(model: type[Model], name: str) -> Field[Any, Any]:
    """The model's field of that name, which must have a column of its own (not the reverse
    side of a relation, nor a many-to-many field)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.many_to_many or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def quoted_column(field: Field[Any, Any]) -> str:
    """The field's column name, quoted for this database."""
    assert field.column is not None, "a field without a column of its own"
    return connection.ops.quote_name(field.column)


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

    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the proxy is a thread-local lookup

    def prepare(value: Any) -> Any:
        if value is None or type(value) is plain:
            return value
        return field.get_db_prep_save(value, db)

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


def _typed(field: Field) -> str:
    """A placeholder for one value of the field: cast to the column's type on PostgreSQL; as
    it is on SQLite, which applies the column's affinity when storing (a CAST there would
    turn a time's text into a number)."""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"


class _Statement:
    """INSERT ... SELECT: the rows' own values from a VALUES list (SQLite) or from one array
    per column (PostgreSQL's UNNEST: a handful of parameters however many rows), and the
    defaults once each."""

    def __init__(
        self,
        model: type[Model],
        given: list[Field],
        defaults: list[tuple[Field, Any]],
        key: str | None,
        skip_existing: bool = False,
    ) -> None:
        quote, meta = connection.ops.quote_name, model._meta
        self.given, self.constants = given, [value for _, value in defaults]
        columns = [quoted_column(f) for f in given] + [quoted_column(f) for f, _ in defaults]
        from_rows = [f"v.column{n}" for n in range(1, len(given) + 1)]
        typed = [_typed(f) for f, _ in defaults]
        # Names are the model's own, quoted; every value is a parameter.
        self.head = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(from_rows + typed)} FROM "
        )
        # SQLite reads ON CONFLICT after a bare FROM as a join's; a WHERE ends the SELECT.
        self.tail = " WHERE true ON CONFLICT DO NOTHING" if skip_existing else ""
        if key is not None:
            assert meta.pk is not None
            key_column, pk_column = quoted_column(column_field(model, key)), quoted_column(meta.pk)
            self.tail += f" RETURNING {key_column}, {pk_column}"
        self.returns = key is not None

    def execute(self, values: list[list[Any]]) -> list[tuple[Any, int]]:
        """Insert these rows (each its given fields' prepared values, in order)."""
        source, params = self._source(values)
        with connection.cursor() as cursor:
            cursor.execute(self.head + source + self.tail, [*self.constants, *params])
            return [(value, pk) for value, pk in cursor.fetchall()] if self.returns else []

    def _source(self, values: list[list[Any]]) -> tuple[str, list[Any]]:
        width = len(self.given)
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"CAST(%s AS {f.db_type(connection)}[])" for f in self.given)
            names = ", ".join(f"column{n}" for n in range(1, width + 1))
            return f"UNNEST({arrays}) AS v ({names})", [list(c) for c in zip(*values, strict=True)]
        row = "(" + ", ".join(["%s"] * width) + ")"
        return f"(VALUES {', '.join([row] * len(values))}) AS v", [x for r in values for x in r]
