"""The Dutch and French catalogues are complete, valid, and what the shipped .mo files hold."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).parents[3] / "src" / "meldpunt" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


@pytest.fixture(scope="module")
def msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        reason = "the catalogue checks need GNU gettext's msgfmt (apt-get install gettext)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def test_there_are_catalogues_for_dutch_and_french():
    assert {path.parents[1].name for path in CATALOGUES} == {"nl", "fr"}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_every_message_is_translated_and_the_mo_file_is_current(msgfmt, catalogue, tmp_path):
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", compiled, catalogue],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    shipped = catalogue.with_suffix(".mo")
    assert shipped.read_bytes() == compiled.read_bytes(), f"{shipped} is stale: compilemessages"
