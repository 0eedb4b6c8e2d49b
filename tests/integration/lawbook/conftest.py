"""A proposals folder of the test's own, wired into the parts the pages and services use."""

import hashlib
from importlib import resources

import pytest
from django.utils import translation

from meldpunt.accounts.models import Role
from meldpunt.lawbook.models import ApprovedRuleFile
from tests import factories
from tests.support.parts import wired

NL = resources.files("meldpunt.core.law").joinpath("rules", "nl.toml").read_text("utf-8")
NL_CHANGED = NL.replace('version = "2026.1"', 'version = "2026.2"').replace(
    "is illegal; a computer-made", "is illegal (checked again); a computer-made", 1
)
# Its first rule narrowed to images: children shown sexually on video are left undecided.
NL_GAP = NL_CHANGED.replace('version = "2026.2"', 'version = "2026.3"').replace(
    'medium = ["image", "video"]', 'medium = ["image"]', 1
)


@pytest.fixture
def proposals(tmp_path):
    """The proposals folder, empty, wired in as MELDPUNT_PROPOSED_LAW_DIR would be."""
    folder = tmp_path / "law"
    folder.mkdir()
    with wired(proposed_law_dir=folder):
        yield folder


@pytest.fixture(autouse=True)
def _english():
    """Refusals speak the request's language; here, English whatever a page test left active."""
    with translation.override("en"):
        yield


def approved_without_checking(text: str = NL_GAP) -> None:
    """An NL approval of `text` written directly, as after an upgrade whose shipped files it
    no longer fits (approving checks exactly this, so it cannot be made the usual way)."""
    ApprovedRuleFile.objects.create(
        jurisdiction="NL",
        file_name="nl.toml",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        declared_version="2026.3",
        sequence=1,
        version="2026.3+local.1",
        approved_by=factories.staff_user(role=Role.MANAGER),
    )
