"""Reading one rule file (TOML): every mistake is told with the file, the line and the problem."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from meldpunt.core.cases.verdicts import Baseline, Legality
from meldpunt.core.law.facts import FACT_KINDS
from meldpunt.core.law.positions import TomlPositions
from meldpunt.core.law.rulefile import BASELINE, Rule, RuleFile, RuleFileError

HEADER_KEYS = ("jurisdiction", "version", "title")
RULE_KEYS = ("id", "outcome", "source", "explanation", *FACT_KINDS)
_JURISDICTION = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 style, as MELDPUNT_HOTLINE_COUNTRY
_RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


class _Reader:
    """One file's text and positions, to raise errors at the right line."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.where = TomlPositions(text)

    def fail(self, line: int, problem: str) -> RuleFileError:
        return RuleFileError(self.name, line, problem)

    def text(self, table: Mapping[str, Any], key: str, rule: int | None = None) -> str:
        """A required, non-empty string."""
        line = self._line(key, rule)
        if key not in table:
            raise self.fail(line, f"{self._owner(table, rule)} has no {key!r}")
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, f"{key!r} must be a non-empty string")
        return value.strip()

    def _line(self, key: str, rule: int | None) -> int:
        if rule is None:
            return self.where.key_line(key)
        return self.where.key_line(key, "rule", rule)

    def _owner(self, table: Mapping[str, Any], rule: int | None) -> str:
        if rule is None:
            return "the file"
        rule_id = table.get("id")
        return f"rule {rule_id!r}" if isinstance(rule_id, str) else f"rule number {rule + 1}"


def load_rule_file(text: str, name: str) -> RuleFile:
    """Parse and validate one rule file; any problem raises RuleFileError."""
    document = _parse(text, name)
    reader = _Reader(text, name)
    _refuse_unknown_keys(reader, document, (*HEADER_KEYS, "rule"), None)
    jurisdiction, version, title = (reader.text(document, key) for key in HEADER_KEYS)
    _refuse_bad_code(reader, jurisdiction)
    outcomes: type[StrEnum] = Baseline if jurisdiction == BASELINE else Legality
    tables = _rule_tables(reader, document)
    rules = tuple(_rule(reader, table, i, outcomes) for i, table in enumerate(tables))
    _refuse_duplicate_ids(reader, rules)
    return RuleFile(
        name=name,
        jurisdiction=jurisdiction,
        version=version,
        title=title,
        rules=rules,
        digest=hashlib.sha256(text.encode()).hexdigest(),
        jurisdiction_line=reader.where.key_line("jurisdiction"),
        version_line=reader.where.key_line("version"),
    )


def _refuse_bad_code(reader: _Reader, jurisdiction: str) -> None:
    if jurisdiction != BASELINE and not _JURISDICTION.match(jurisdiction):
        raise reader.fail(
            reader.where.key_line("jurisdiction"),
            f"jurisdiction {jurisdiction!r} must be a two-letter country code (such as NL) "
            f"or {BASELINE!r}",
        )


def _parse(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else max(1, len(text.splitlines()))
        problem = _TOML_POSITION.sub("", message) if position else message
        raise RuleFileError(name, line, f"not valid TOML: {problem}") from None


def _rule_tables(reader: _Reader, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    tables = document.get("rule")
    if tables is None:
        raise reader.fail(1, "the file has no rules: add [[rule]] tables")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        # `rule = ...` is a key, `[rule]` a table header: point at whichever is there.
        line = max(reader.where.key_line("rule"), reader.where.table_line("rule", 0))
        raise reader.fail(line, "write each rule as a [[rule]] table")
    return tables


def _rule(reader: _Reader, table: dict[str, Any], index: int, outcomes: type[StrEnum]) -> Rule:
    _refuse_unknown_keys(reader, table, RULE_KEYS, index)
    rule_id = reader.text(table, "id", index)
    if not _RULE_ID.match(rule_id):
        raise reader.fail(
            reader.where.key_line("id", "rule", index),
            f"rule id {rule_id!r} may hold only letters, digits, '.', '_' and '-'",
        )
    return Rule(
        id=rule_id,
        outcome=_outcome(reader, table, index, outcomes),
        source=reader.text(table, "source", index),
        explanation=_explanation(reader, table, index),
        conditions=tuple(
            (fact, _allowed(reader, table, index, fact)) for fact in FACT_KINDS if fact in table
        ),
        line=reader.where.table_line("rule", index),
    )


def _outcome(
    reader: _Reader, table: dict[str, Any], index: int, outcomes: type[StrEnum]
) -> Legality | Baseline:
    value = reader.text(table, "outcome", index)
    allowed = [member.value for member in outcomes]
    if value not in allowed:
        kind = "the baseline file" if outcomes is Baseline else "a jurisdiction's file"
        raise reader.fail(
            reader.where.key_line("outcome", "rule", index),
            f"rule {table['id']!r}: outcome {value!r} is not one of {', '.join(allowed)} "
            f"(the outcomes of {kind})",
        )
    return Baseline(value) if outcomes is Baseline else Legality(value)


def _explanation(reader: _Reader, table: dict[str, Any], index: int) -> str:
    if "explanation" not in table:
        return ""
    return reader.text(table, "explanation", index)


def _allowed(reader: _Reader, table: dict[str, Any], index: int, fact: str) -> frozenset[str]:
    values = table[fact]
    line = reader.where.key_line(fact, "rule", index)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise reader.fail(
            line,
            f"rule {table['id']!r}: {fact!r} must be a non-empty list of values, such as "
            f'{fact} = ["{next(iter(FACT_KINDS[fact])).value}"]; leave it out to allow any',
        )
    known = [member.value for member in FACT_KINDS[fact]]
    for value in values:
        if value not in known:
            raise reader.fail(
                reader.where.value_line(fact, value, "rule", index),
                f"rule {table['id']!r}: unknown {fact} {value!r}; use one of {', '.join(known)}",
            )
    return frozenset(values)


def _refuse_unknown_keys(
    reader: _Reader, table: Mapping[str, Any], known: tuple[str, ...], rule: int | None
) -> None:
    for key in table:
        if key in known:
            continue
        if rule is None:
            line = reader.where.key_line(key)
            problem = f"unknown key {key!r}; the file takes {', '.join(known)}"
        else:
            line = reader.where.key_line(key, "rule", rule)
            problem = (
                f"unknown fact or key {key!r} in a rule; the facts are {', '.join(FACT_KINDS)}, "
                "besides id, outcome, source and explanation"
            )
        raise reader.fail(line, problem)


def _refuse_duplicate_ids(reader: _Reader, rules: tuple[Rule, ...]) -> None:
    first: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in first:
            raise reader.fail(
                rule.line, f"rule id {rule.id!r} is also used at line {first[rule.id].line}"
            )
        first[rule.id] = rule
