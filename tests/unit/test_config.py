"""The settings object refuses unsafe configurations outside development."""

import pytest

from meldpunt.config import ConfigError, Environment, MeldpuntConfig, load_config


def test_defaults_are_production_and_safe(monkeypatch):
    for name in ("MELDPUNT_ENV", "MELDPUNT_SECRET_KEY", "MELDPUNT_DEBUG", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    config = load_config()
    assert config.env is Environment.PRODUCTION
    assert config.debug is False
    assert config.secret_key is None  # generated into the data directory


@pytest.mark.parametrize("secret", ["changeme", "django-insecure", "short-secret"])
def test_production_refuses_a_default_or_short_secret(monkeypatch, secret):
    monkeypatch.setenv("MELDPUNT_ENV", "production")
    monkeypatch.setenv("MELDPUNT_SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="MELDPUNT_SECRET_KEY"):
        load_config()


def test_production_refuses_debug(monkeypatch):
    monkeypatch.setenv("MELDPUNT_ENV", "production")
    monkeypatch.setenv("MELDPUNT_DEBUG", "1")
    with pytest.raises(ConfigError, match="DEBUG"):
        load_config()


def test_development_may_use_a_short_secret(monkeypatch):
    monkeypatch.setenv("MELDPUNT_ENV", "development")
    monkeypatch.setenv("MELDPUNT_SECRET_KEY", "changeme")
    assert load_config().secret_key.get_secret_value() == "changeme"


def test_bad_values_are_told_plainly(monkeypatch):
    monkeypatch.setenv("MELDPUNT_JOBS", "rabbit")
    with pytest.raises(ConfigError, match="jobs"):
        load_config()


def test_hosts_are_split(monkeypatch):
    monkeypatch.setenv("MELDPUNT_ALLOWED_HOSTS", "meldpunt.example, localhost")
    assert MeldpuntConfig().host_list == ["meldpunt.example", "localhost"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MELDPUNT_CAPTURE_BATCH", "0"),
        ("MELDPUNT_CAPTURE_BATCH", "500"),
        ("MELDPUNT_FETCH_CONCURRENCY", "0"),
    ],
)
def test_capture_group_sizes_stay_within_bounds(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name.removeprefix("MELDPUNT_").lower()):
        load_config()


def test_mail_without_encryption_is_only_for_a_relay_on_this_machine(monkeypatch):
    monkeypatch.setenv("MELDPUNT_ENV", "production")
    monkeypatch.setenv("MELDPUNT_SMTP_SECURITY", "none")
    monkeypatch.setenv("MELDPUNT_SMTP_HOST", "mail.example.net")
    with pytest.raises(ConfigError, match="MELDPUNT_SMTP_SECURITY=none"):
        load_config()
    monkeypatch.setenv("MELDPUNT_SMTP_HOST", "127.0.0.1")
    assert load_config().sends_mail
    monkeypatch.setenv("MELDPUNT_SMTP_HOST", "mail.example.net")
    monkeypatch.setenv("MELDPUNT_SMTP_SECURITY", "starttls")
    assert load_config().sends_mail


def test_the_proposed_rules_folder_is_unset_by_default_and_may_be_chosen(monkeypatch, tmp_path):
    monkeypatch.delenv("MELDPUNT_PROPOSED_LAW_DIR", raising=False)
    assert load_config().proposed_law_dir is None  # settings.py: <data dir>/law
    monkeypatch.setenv("MELDPUNT_PROPOSED_LAW_DIR", str(tmp_path / "own-rules"))
    assert load_config().proposed_law_dir == tmp_path / "own-rules"
