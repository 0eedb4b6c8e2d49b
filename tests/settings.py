"""Test settings: the production settings module, wired for tests through the environment."""

import os
import secrets
import tempfile

os.environ["MELDPUNT_ENV"] = "test"
os.environ["MELDPUNT_JOBS"] = "immediate"
os.environ["MELDPUNT_FETCH_DNS"] = "0"  # no DNS query ever leaves a test; names come from tables
os.environ.setdefault("MELDPUNT_DATA_DIR", tempfile.mkdtemp(prefix="meldpunt-test-"))

from meldpunt.settings import *  # noqa: F403
from meldpunt.settings import DATABASES

MAX_NAME = 63 - len("_gw99")  # PostgreSQL's limit, less the suffix pytest-xdist adds per worker


def _test_database_name(name: str) -> str:
    """A name of this run's own: two runs on one machine (or one server) that shared Django's
    "test_<name>" would create, fill and drop each other's database."""
    suffix = f"_{os.getpid()}_{secrets.token_hex(3)}"
    return f"test_{name}"[: MAX_NAME - len(suffix)] + suffix


if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # SQLite tests run in memory
    DATABASES["default"]["TEST"] = {"NAME": _test_database_name(DATABASES["default"]["NAME"])}
