"""A rule file that cannot be read says which file, which line, and what is wrong."""

import textwrap

import pytest

from meldpunt.core.cases.verdicts import Baseline, Legality
from meldpunt.core.law.facts import Facts
from meldpunt.core.law.parsing import load_rule_file
from meldpunt.core.law.rulefile import RuleFileError

HEADER = """\
jurisdiction = "NL"
version = "test.1"
title = "Test rules"
"""


def rules(body: str, header: str = HEADER) -> str:
    return header + textwrap.dedent(body)


def refusal(text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(text, "own/nl.toml")
    return caught.value


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    numbers = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return numbers[nth - 1]


def test_a_good_file_is_read_with_its_rules_conditions_and_lines():
    text = rules("""
        [[rule]]
        id = "child"
        outcome = "illegal"
        age = ["prepubescent", "pubescent"]
        source = "Sr art. 252"
        explanation = "Minors."

        [[rule]]
        id = "rest"
        outcome = "not_illegal"
        age = ["infant_toddler", "adult", "unknown"]
        source = "Sr art. 252"
        """)
    rule_file = load_rule_file(text, "nl.toml")
    assert (rule_file.jurisdiction, rule_file.version, rule_file.title) == (
        "NL",
        "test.1",
        "Test rules",
    )
    child, rest = rule_file.rules
    assert child.outcome is Legality.ILLEGAL and child.line == line_of(text, "[[rule]]")
    assert rest.line == line_of(text, "[[rule]]", 2) and rest.explanation == ""
    teenager = Facts.of("pubescent", "drawn", "none", "audio")  # facts left out allow any value
    assert rule_file.decide(teenager) is child
    assert rule_file.decide(Facts.of("adult", "real", "activity", "image")) is rest


def test_a_toml_syntax_error_names_the_file_and_its_line():
    text = rules("""
        [[rule]]
        id = "child"
        outcome = illegal
        """)
    error = refusal(text)
    assert (error.file, error.line) == ("own/nl.toml", line_of(text, "outcome = illegal"))
    assert str(error).startswith(f"own/nl.toml:{error.line}: not valid TOML: Invalid value")


def test_an_unknown_fact_is_named_at_its_line():
    text = rules("""
        [[rule]]
        id = "child"
        outcome = "illegal"
        colour = ["red"]
        source = "Sr art. 252"
        """)
    error = refusal(text)
    assert error.line == line_of(text, "colour")
    assert "unknown fact or key 'colour'" in error.problem
    assert "age, realism, sexual, medium" in error.problem


def test_an_unknown_value_is_named_at_its_own_line_in_a_long_list():
    text = rules("""
        [[rule]]
        id = "child"
        outcome = "illegal"
        realism = [
            "real",
            "photoshopped",
        ]
        source = "Sr art. 252"
        """)
    error = refusal(text)
    assert error.line == line_of(text, '"photoshopped"')
    assert error.problem == (
        "rule 'child': unknown realism 'photoshopped'; use one of real, realistic_virtual, drawn"
    )


@pytest.mark.parametrize("missing", ["id", "outcome", "source"])
def test_a_rule_without_id_outcome_or_source_is_refused_at_its_header(missing):
    lines = ['id = "child"', 'outcome = "illegal"', 'source = "Sr art. 252"']
    body = "\n".join(line for line in lines if not line.startswith(missing))
    text = rules(f"""
        [[rule]]
        id = "other"
        outcome = "not_illegal"
        source = "x"

        [[rule]]
{textwrap.indent(body, "        ")}
        """)
    error = refusal(text)
    assert error.line == line_of(text, "[[rule]]", 2)
    assert error.problem.endswith(f"has no {missing!r}")


def test_a_multiline_explanation_does_not_throw_the_lines_off():
    text = rules('''
        [[rule]]
        id = "child"
        outcome = "illegal"
        source = "Sr art. 252"
        explanation = """
        Quoting another file:
        [[rule]]
        outcome = "yes"
        """

        [[rule]]
        id = "adult"
        source = "Sr art. 252"
        ''')
    error = refusal(text)
    assert error.line == line_of(text, "[[rule]]", 3)  # the real second header
    assert error.problem == "rule 'adult' has no 'outcome'"


def test_duplicate_ids_name_both_lines():
    text = rules("""
        [[rule]]
        id = "child"
        outcome = "illegal"
        source = "a"

        [[rule]]
        id = "child"
        outcome = "illegal"
        source = "b"
        """)
    error = refusal(text)
    first, second = line_of(text, "[[rule]]"), line_of(text, "[[rule]]", 2)
    assert error.line == second
    assert error.problem == f"rule id 'child' is also used at line {first}"


def test_a_jurisdiction_file_cannot_answer_with_the_baseline_vocabulary():
    text = rules("""
        [[rule]]
        id = "child"
        outcome = "yes"
        source = "a"
        """)
    error = refusal(text)
    assert error.line == line_of(text, 'outcome = "yes"')
    assert "outcome 'yes' is not one of illegal, not_illegal, doubtful" in error.problem


def test_the_baseline_file_answers_yes_no_or_doubtful_only():
    header = HEADER.replace('"NL"', '"baseline"')
    good = rules('[[rule]]\nid = "all"\noutcome = "no"\nsource = "INHOPE"\n', header)
    assert load_rule_file(good, "baseline.toml").rules[0].outcome is Baseline.NO
    error = refusal(good.replace('"no"', '"illegal"'))
    assert error.line == line_of(good, "outcome")
    assert "outcome 'illegal' is not one of yes, no, doubtful" in error.problem


@pytest.mark.parametrize(
    ("change", "problem", "at"),
    [
        (('version = "test.1"\n', ""), "the file has no 'version'", None),
        (
            ('"NL"', '"Netherlands"'),
            "jurisdiction 'Netherlands' must be a two-letter",
            "jurisdiction",
        ),
        (
            ('title = "Test rules"', 'title = "Test rules"\nauthor = "me"'),
            "unknown key 'author'",
            "author",
        ),
        (('age = ["adult"]', 'age = "adult"'), "'age' must be a non-empty list of values", "age ="),
        (('age = ["adult"]', "age = []"), "'age' must be a non-empty list of values", "age ="),
        (("[[rule]]", "[rule]"), "write each rule as a [[rule]] table", "[rule]"),
    ],
)
def test_other_mistakes_are_named(change, problem, at):
    text = rules(
        '[[rule]]\nid = "adults"\noutcome = "not_illegal"\nage = ["adult"]\nsource = "a"\n'
    )
    broken = text.replace(*change)
    error = refusal(broken)
    assert problem in error.problem
    assert error.line == (line_of(broken, at) if at else 1)


def test_a_file_without_rule_tables_is_refused():
    assert refusal(HEADER).problem == "the file has no rules: add [[rule]] tables"
    error = refusal(HEADER + 'rule = ["adults: not illegal"]\n')
    assert (error.line, error.problem) == (4, "write each rule as a [[rule]] table")
