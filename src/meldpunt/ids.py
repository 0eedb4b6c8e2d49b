"""Record ids read from addresses and forms: positive, and small enough for the database."""

import re

from django.http import QueryDict
from django.urls import register_converter

# Every primary key is a BigAutoField (DEFAULT_AUTO_FIELD): PostgreSQL's bigint. A larger
# number can make a query fail (SQLite cannot even bind it), so it must never reach one.
LARGEST_ID = 2**63 - 1
DIGITS = "[0-9]{1,19}"  # ASCII only: str.isdigit and int() also take "²" and "٣"


def parse_id(text: str) -> int | None:
    """The id a text names, or None if it is no number from 1 to LARGEST_ID."""
    if not re.fullmatch(DIGITS, text):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


def submitted_id(data: QueryDict, name: str) -> int | None:
    """The id in one field of a form or query string; None if missing or out of range."""
    return parse_id(data.get(name, ""))


class IdConverter:
    """`<id:name>` in a URL: like `<int:name>`, but an id out of range is a plain 404."""

    regex = DIGITS

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError("no record id")  # Django's signal: this path does not match
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
