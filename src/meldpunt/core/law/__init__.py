"""The law as data: facts to verdicts per jurisdiction, from versioned rule files that cite
their sources, checked over the whole fact space when they are loaded."""

from meldpunt.core.law.checking import Problem, check, check_together
from meldpunt.core.law.evaluation import (
    Decision,
    Evaluation,
    Law,
    UnknownJurisdiction,
    iccam_classification,
    jurisdiction_code,
)
from meldpunt.core.law.explaining import describe, explain
from meldpunt.core.law.facts import (
    FACT_KINDS,
    AgeBand,
    Facts,
    Medium,
    Realism,
    SexualContent,
    every_combination,
)
from meldpunt.core.law.lawsets import (
    RulesRefused,
    assemble,
    law_from,
    lay_over,
    read_rule_directory,
    read_rule_path,
    shipped_law,
    shipped_rule_files,
    shipped_texts,
)
from meldpunt.core.law.parsing import load_rule_file
from meldpunt.core.law.proposals import Approved, Review, law_in_force, local_version, review
from meldpunt.core.law.rulefile import BASELINE, LawError, Rule, RuleFile, RuleFileError

__all__ = [
    "BASELINE",
    "FACT_KINDS",
    "AgeBand",
    "Approved",
    "Decision",
    "Evaluation",
    "Facts",
    "Law",
    "LawError",
    "Medium",
    "Problem",
    "Realism",
    "Review",
    "Rule",
    "RuleFile",
    "RuleFileError",
    "RulesRefused",
    "SexualContent",
    "UnknownJurisdiction",
    "assemble",
    "check",
    "check_together",
    "describe",
    "every_combination",
    "explain",
    "iccam_classification",
    "jurisdiction_code",
    "law_from",
    "law_in_force",
    "lay_over",
    "load_rule_file",
    "local_version",
    "read_rule_directory",
    "read_rule_path",
    "review",
    "shipped_law",
    "shipped_rule_files",
    "shipped_texts",
]
