"""Public reports posted to a real server as browsers would, from several threads at once.

Each submission fetches the form (for the CSRF cookie and token) and posts it with an Origin
and Referer of the server itself, each naming an address of its own, so that what was stored
can be told apart afterwards. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import httpx

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STORED = frozenset({201, 302, 303})  # the receipt, or a redirect to it


@dataclass(frozen=True)
class Submission:
    """One posted report: its address, when it was sent (time.time()), how long the answer
    took, and the HTTP status (0 when no answer came)."""

    url: str
    sent_at: float
    seconds: float
    status: int


class Submitters:
    """Threads that post reports to `base` (http://127.0.0.1:PORT/) until stopped."""

    def __init__(self, base: str, threads: int, tag: str, timeout: float = 120) -> None:
        if not base.startswith("http://127.0.0.1:"):
            raise ValueError("submitters post to 127.0.0.1 only")
        self.base, self.tag, self.timeout = base.rstrip("/"), tag, timeout
        self.done: list[Submission] = []
        self._stop, self._lock = threading.Event(), threading.Lock()
        self._threads = [
            threading.Thread(target=self._post_until_stopped, args=(n,), daemon=True)
            for n in range(threads)
        ]

    def __enter__(self) -> Submitters:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 10)

    def wait_for(self, count: int, seconds: float = 60) -> None:
        """Until at least `count` submissions have been answered."""
        deadline = time.monotonic() + seconds
        while len(self.done) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def _post_until_stopped(self, number: int) -> None:
        headers = {"Origin": self.base, "Referer": self.base + "/", "Accept-Language": "en"}
        with httpx.Client(base_url=self.base, timeout=self.timeout, headers=headers) as client:
            sequence = 0
            while not self._stop.is_set():
                sequence += 1
                url = f"https://{self.tag}-{number}-{sequence}.example.com/photo.jpg"
                self._record(url, *_submit(client, url))

    def _record(self, url: str, sent_at: float, seconds: float, status: int) -> None:
        with self._lock:
            self.done.append(Submission(url, sent_at, seconds, status))


def _submit(client: httpx.Client, url: str) -> tuple[float, float, int]:
    sent_at, started = time.time(), time.monotonic()
    try:
        form = client.get("/")
        token = TOKEN.search(form.text)
        if token is None:
            return sent_at, time.monotonic() - started, form.status_code
        answer = client.post(
            "/", data={"urls": url, "medium": "image", "csrfmiddlewaretoken": token.group(1)}
        )
        return sent_at, time.monotonic() - started, answer.status_code
    except httpx.HTTPError:
        return sent_at, time.monotonic() - started, 0


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` (0 to 1) of the values lie (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
