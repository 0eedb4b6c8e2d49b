"""Test settings: the production settings module, wired for tests through the environment."""

import os
import tempfile

os.environ["MELDPUNT_ENV"] = "test"
os.environ["MELDPUNT_JOBS"] = "immediate"
os.environ["MELDPUNT_FETCH_DNS"] = "0"  # no DNS query ever leaves a test; names come from tables
os.environ.setdefault("MELDPUNT_DATA_DIR", tempfile.mkdtemp(prefix="meldpunt-test-"))

from meldpunt.settings import *  # noqa: F403
