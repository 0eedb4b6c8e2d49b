"""Test settings: the production settings module, wired for tests through the environment."""

import os
import tempfile

os.environ["MELDPUNT_ENV"] = "test"
os.environ["MELDPUNT_JOBS"] = "immediate"
os.environ.setdefault("MELDPUNT_DATA_DIR", tempfile.mkdtemp(prefix="meldpunt-test-"))

from meldpunt.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; argon2 is tested apart
MELDPUNT_TEST_PASSWORD_HASHER_NOTE = "argon2 stays the production default"
