"""A real `meldpunt serve` for browser tests, and what the tests do to it from outside."""

import json
import signal
import subprocess
import time
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.e2e.processes import environment, meldpunt, run_python, start_serve

STARTUP_SECONDS = 60
PASSWORD = "a-long-browser-test-password-7"
_names = count(1)


@dataclass
class StaffAccount:
    """A staff member made by `meldpunt createuser`; the TOTP secret once they have enrolled."""

    username: str
    role: str
    password: str = PASSWORD
    totp_secret: str = ""
    recovery_codes: list[str] = field(default_factory=list)
    last_code: str = ""

    def code(self) -> str:
        """The authenticator app's current code; a code is taken once, so a second sign-in in
        the same 30 seconds waits for the next one, as a person would. A code about to expire
        is not typed either: the server would see the next 30-second step."""
        while (code := _totp(self.totp_secret)) == self.last_code or _expiring():
            time.sleep(0.5)
        self.last_code = code
        return code


def _totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _expiring() -> bool:
    return time.time() % 30 > 25


@dataclass
class Site:
    """One running server with its own data directory and database."""

    url: str
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen
    log: Path

    def stop(self) -> int:
        """SIGTERM, then wait; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            return self.process.wait(timeout=30)
        return self.process.returncode

    def command(self, *args: str, stdin: str | None = None) -> str:
        """Run a `meldpunt` command against this site; its output, or the test fails."""
        result = meldpunt(self.env, *args, stdin=stdin)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def staff(self, role: str, email: str = "") -> StaffAccount:
        """A new staff account with a unique name."""
        account = StaffAccount(f"{role.replace('-', '')}{next(_names)}", role)
        args = ["createuser", account.username, "--role", role, "--password-stdin"]
        self.command(*args, *(["--email", email] if email else []), stdin=account.password + "\n")
        return account

    def query(self, expression: str) -> object:
        """Evaluate a Python expression inside this site's Django (models importable by path)."""
        script = (
            "import json, os, django\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'meldpunt.settings')\n"
            "django.setup()\n"
            "from meldpunt.intake.models import Report, Item\n"
            "from meldpunt.audit.models import AuditEvent\n"
            "from meldpunt.accounts.models import User\n"
            f"print(json.dumps({expression}))\n"
        )
        result = run_python(self.env, "-c", script, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def audit_actions(self) -> list[str]:
        """Every audit event's action, oldest first."""
        return self.query(
            "list(AuditEvent.objects.order_by('seq').values_list('action', flat=True))"
        )


def start_site(tmp: Path, database_url: str | None, **settings: str) -> Site:
    """Start `meldpunt serve --port 0` and wait for its address."""
    env = environment(tmp / "data", database_url, **settings)
    log = tmp / "serve.log"
    process, url = start_serve(env, tmp, log, seconds=STARTUP_SECONDS)
    return Site(url, tmp / "data", env, process, log)
