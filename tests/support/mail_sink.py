"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it is sent."""

import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class MailSink:
    """The messages received so far, and a way to wait for the next one."""

    def __init__(self, controller: Controller, keep: _Keep) -> None:
        self.host, self.port = "127.0.0.1", controller.port
        self._keep = keep

    @property
    def messages(self) -> list[EmailMessage]:
        """Every message received, oldest first."""
        return list(self._keep.messages)

    def wait_for(self, count: int, seconds: float = 30) -> list[EmailMessage]:
        """Block until `count` messages have arrived; the test fails if they do not."""
        deadline = time.monotonic() + seconds
        with self._keep.arrived:
            while len(self._keep.messages) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"expected {count} message(s), got {len(self._keep.messages)}"
                self._keep.arrived.wait(left)
        return self.messages


def _free_port() -> int:
    # aiosmtpd checks its server by connecting to the port it was given, so not port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def mail_sink() -> Iterator[MailSink]:
    """Start the server on a free loopback port; stop it afterwards."""
    keep = _Keep()
    controller = Controller(keep, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield MailSink(controller, keep)
    finally:
        controller.stop()
