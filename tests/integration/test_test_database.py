"""Each test run has a PostgreSQL test database of its own, so runs side by side never meet."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.settings import MAX_NAME

SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('TEST', {}).get('NAME')))"
)


def name_a_run_gets(tmp_path, database_url: str | None) -> str | None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", MELDPUNT_DATA_DIR=str(tmp_path))
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_two_runs_get_different_postgresql_test_databases(tmp_path):
    url = "postgresql://postgres@127.0.0.1:5432/hotline"  # settings only: nothing connects
    first, second = (name_a_run_gets(tmp_path, url) for _ in range(2))
    assert first != second
    assert first.startswith("test_hotline_") and second.startswith("test_hotline_")


def test_a_long_database_name_leaves_room_for_the_xdist_suffix(tmp_path):
    name = name_a_run_gets(tmp_path, "postgresql://postgres@127.0.0.1/" + "h" * 80)
    assert len(name) == MAX_NAME and len(name + "_gw99") <= 63


def test_sqlite_runs_keep_their_test_database_in_memory(tmp_path):
    assert name_a_run_gets(tmp_path, None) is None


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="a PostgreSQL run only")
def test_this_run_uses_its_own_database():
    from django.conf import settings

    in_use = connection.settings_dict["NAME"]
    assert in_use == settings.DATABASES["default"]["TEST"]["NAME"]
    assert in_use.startswith(f"test_{os.environ['DATABASE_URL'].rsplit('/', 1)[1]}_")
    assert str(os.getpid()) in in_use
