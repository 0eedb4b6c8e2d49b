"""Each audit test gets its own checkpoint file, as each gets its own empty database."""

import pytest


@pytest.fixture(autouse=True)
def checkpoints(settings, tmp_path):
    """The path of this test's checkpoint file (not created until something is signed)."""
    settings.MELDPUNT_AUDIT_CHECKPOINTS = tmp_path / "data" / "audit" / "checkpoints.jsonl"
    return settings.MELDPUNT_AUDIT_CHECKPOINTS
