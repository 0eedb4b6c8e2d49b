"""The capture pipeline's parts, built once per process from settings."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from meldpunt.core.vault.store import ContentStore


@cache
def content_store() -> ContentStore:
    """The encrypted content store in the data directory."""
    return ContentStore(settings.MELDPUNT_CONTENT_DIR, settings.KEYS.content_keyring())
