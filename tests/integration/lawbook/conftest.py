"""A proposals folder of the test's own, wired into the parts the pages and services use."""

from importlib import resources

import pytest
from django.utils import translation

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
