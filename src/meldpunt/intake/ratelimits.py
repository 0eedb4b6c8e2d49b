"""Rate-limit keys that never hold a reporter's IP address, even in the cache."""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_fingerprint(group: str, request: HttpRequest) -> str:
    """A keyed hash of the client address: enough to count, useless to identify."""
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{group}|{address}".encode(), hashlib.sha256).hexdigest()


def report_rate(group: str, request: HttpRequest) -> str:
    """Read at call time, so an operator's setting (or a test's override) applies."""
    return settings.MELDPUNT_REPORT_RATE
