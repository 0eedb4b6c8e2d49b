"""Small rule files for tests, written as text the way a hotline would write them."""

import textwrap

from meldpunt.core.law.parsing import load_rule_file
from meldpunt.core.law.rulefile import RuleFile


def rule_text(jurisdiction: str, version: str, body: str) -> str:
    """A rule file's text with the given rules."""
    header = f'jurisdiction = "{jurisdiction}"\nversion = "{version}"\ntitle = "Test"\n'
    return header + textwrap.dedent(body)


def rule_file(jurisdiction: str, body: str, version: str = "test.1", name: str = "") -> RuleFile:
    """A loaded rule file (not yet checked)."""
    text = rule_text(jurisdiction, version, body)
    return load_rule_file(text, name or f"{jurisdiction.lower()}.toml")


# Illegal for every child shown sexually in any medium; not illegal otherwise. Complete.
STRICT = """
    [[rule]]
    id = "strict-child"
    outcome = "illegal"
    age = ["infant_toddler", "prepubescent", "pubescent", "unknown"]
    sexual = ["activity", "genital_posing"]
    source = "Test Act s.1"
    explanation = "Any child, shown sexually, in any medium."

    [[rule]]
    id = "strict-adult"
    outcome = "not_illegal"
    age = ["adult"]
    source = "Test Act s.2"

    [[rule]]
    id = "strict-not-sexual"
    outcome = "not_illegal"
    sexual = ["nonsexual_nudity", "none"]
    source = "Test Act s.3"
    """
