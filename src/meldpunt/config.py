"""The one typed configuration object, read from MELDPUNT_* and DATABASE_URL, checked at start."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from meldpunt.core.fetching.dns import parse_nameservers

INSECURE_SECRETS = frozenset({"", "changeme", "change-me", "secret", "insecure", "django-insecure"})
MIN_SECRET_LENGTH = 50


class Environment(StrEnum):
    """Where Meldpunt runs; only development may take shortcuts."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Jobs(StrEnum):
    """Where background jobs wait: one SQLite file, Redis, or run at once (tests)."""

    SQLITE = "sqlite"
    REDIS = "redis"
    IMMEDIATE = "immediate"


class SmtpSecurity(StrEnum):
    """How the connection to the mail server is protected."""

    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"  # only for a relay on the same machine or network


class ConfigError(ValueError):
    """The configuration is unsafe or inconsistent; the message says what to change."""


class MeldpuntConfig(BaseSettings):
    """Everything an operator can set; defaults run a safe single-machine hotline."""

    model_config = SettingsConfigDict(env_prefix="MELDPUNT_", extra="ignore")

    env: Environment = Environment.PRODUCTION
    debug: bool = False
    data_dir: Path = Path("meldpunt-data")
    secret_key: SecretStr | None = None
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "MELDPUNT_DATABASE_URL")
    )
    allowed_hosts: str = "localhost,127.0.0.1,[::1]"
    csrf_trusted_origins: str = ""
    https: bool = False
    jobs: Jobs = Jobs.SQLITE
    redis_url: str = "redis://127.0.0.1:6379/0"
    job_workers: int = Field(default=2, ge=1, le=64)
    job_queue_name: str = Field(default="meldpunt", pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    report_rate: str = "20/h"
    api_rate: str = "600/m"
    language: str = "nl"
    fetch_allow_loopback: bool = False  # tests and the demo only: lets the fetcher reach 127.0.0.1
    fetch_user_agent: str = "Meldpunt (hotline capture)"
    fetch_proxy: str | None = None
    content_retention_days: int = Field(default=180, ge=1, le=3650)
    fetch_hosts: str = ""  # "name=address,..." answered before DNS: for tests and the demo
    fetch_dns: bool = True  # off in tests: names outside fetch_hosts then do not resolve
    dns_servers: str = ""  # "9.9.9.9,149.112.112.112" or "[::1]:5353"; empty: /etc/resolv.conf
    rdap: bool = False  # look up abuse contacts online through RDAP
    capture_lease_seconds: int = Field(default=300, ge=2, le=86400)
    capture_reconcile_after_seconds: int = Field(default=60, ge=0, le=86400)
    capture_batch: int = Field(default=16, ge=1, le=100)  # captures a job takes together
    fetch_concurrency: int = Field(default=8, ge=1, le=64)  # downloads side by side per worker
    smtp_host: str = ""  # empty: Meldpunt sends no mail (password resets go through an admin)
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: SecretStr | None = None
    smtp_security: SmtpSecurity = SmtpSecurity.STARTTLS
    mail_from: str = "Meldpunt <meldpunt@localhost>"
    db_lock_wait_seconds: float = Field(default=20, gt=0, le=600)  # then a request gets a 503
    near_copy_threshold: int = Field(default=31, ge=0, le=64)  # PDQ bits: same group at or below
    hotline_country: str = Field(default="NL", pattern=r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
    proposed_law_dir: Path | None = None  # unset: <data_dir>/law

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> MeldpuntConfig:
        if self.dns_servers:
            try:
                parse_nameservers(self.dns_servers)
            except ValueError as error:
                raise ConfigError(f"MELDPUNT_DNS_SERVERS: {error}") from None
        if self.env is Environment.DEVELOPMENT:
            return self
        if self.sends_mail and self.smtp_security is SmtpSecurity.NONE and not self._local_mail:
            raise ConfigError(
                "MELDPUNT_SMTP_SECURITY=none would send password-reset links unencrypted over "
                "the network. It is allowed only for a mail relay on this machine (localhost); "
                "use starttls or tls."
            )
        if self.debug:
            raise ConfigError("MELDPUNT_DEBUG=1 is only allowed with MELDPUNT_ENV=development.")
        if self.secret_key is not None and _weak(self.secret_key.get_secret_value()):
            raise ConfigError(
                "MELDPUNT_SECRET_KEY is a default or too short (under "
                f"{MIN_SECRET_LENGTH} characters). Set a long random value, or unset it "
                "so Meldpunt generates one in its data directory."
            )
        return self

    @property
    def _local_mail(self) -> bool:
        return self.smtp_host.strip().lower() in ("localhost", "127.0.0.1", "::1", "[::1]")

    @property
    def sends_mail(self) -> bool:
        """Whether a mail server is set up."""
        return bool(self.smtp_host.strip())

    @property
    def host_list(self) -> list[str]:
        """Allowed Host headers."""
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]

    @property
    def trusted_origins(self) -> list[str]:
        """Origins allowed to post forms (needed behind a TLS proxy)."""
        return [o.strip() for o in self.csrf_trusted_origins.split(",") if o.strip()]


def _weak(secret: str) -> bool:
    return secret.lower() in INSECURE_SECRETS or len(secret) < MIN_SECRET_LENGTH


def load_config() -> MeldpuntConfig:
    """Read the environment once; a ConfigError stops start-up with its message."""
    try:
        return MeldpuntConfig()
    except ValueError as error:
        if isinstance(error, ConfigError):
            raise
        raise ConfigError(str(error)) from error
