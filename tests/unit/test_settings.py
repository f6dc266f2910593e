"""Settings refuse secrets nobody should run with, and the one time zone reaches every helper."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from api.core.config import ConfigError, Settings, get_settings
from api.core.time import local_today, local_zone

STRONG = "k3y-0f-at-least-16-characters"
CORE = {"service_token": STRONG, "session_secret": STRONG + "-cookie"}


def production(**values: Any) -> Settings:
    return Settings(_env_file=None, desk_mode="production", **(CORE | values))


@pytest.mark.parametrize("weak", ["", "changeme", "secret", "test", "short-but-real", "CHANGEME"])
@pytest.mark.parametrize("name", ["service_token", "session_secret"])
def test_production_refuses_an_empty_or_placeholder_core_secret(name: str, weak: str) -> None:
    with pytest.raises(ValidationError) as error:
        production(**{name: weak})
    assert name.upper() in str(error.value) and STRONG not in str(error.value)


def test_production_starts_with_real_secrets_and_hides_them() -> None:
    settings = production()
    assert settings.service_token.get_secret_value() == STRONG
    assert STRONG not in repr(settings) and STRONG not in str(settings.model_dump())


def test_a_channel_needs_its_secrets_only_when_enabled() -> None:
    production()  # LINE and Telegram off: no channel secret needed
    with pytest.raises(ValidationError, match="LINE_CHANNEL_ACCESS_TOKEN"):
        production(line_channel_secret=STRONG + "-line")
    production(line_channel_secret=STRONG + "-line", line_channel_access_token=STRONG + "-at")
    with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_SECRET"):
        production(telegram_bot_token="123456:" + STRONG)
    production(telegram_bot_token="123456:" + STRONG, telegram_mode="polling")


def test_embedded_mode_accepts_local_placeholders() -> None:
    settings = Settings(_env_file=None, service_token="test", session_secret="x")
    assert settings.desk_mode == "embedded"


def test_the_cookie_key_is_never_empty_in_any_mode() -> None:
    with pytest.raises(ConfigError, match="make run"):
        Settings(_env_file=None).require_signing_key()
    Settings(_env_file=None, session_secret="local").require_signing_key()


def test_create_app_refuses_an_empty_cookie_key() -> None:
    from desk.app import create_app

    with pytest.raises(ConfigError, match="SESSION_SECRET"):
        create_app(Settings(_env_file=None, service_token=STRONG))


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Settings(_env_file=None, timezone="Asia/Kaohsiung-ish")


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("fresh_settings")
def test_dates_follow_the_timezone_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    evening_utc = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)  # already the 10th in Taipei
    monkeypatch.setenv("TIMEZONE", "Asia/Taipei")
    assert (str(local_zone()), local_today(evening_utc).day) == ("Asia/Taipei", 10)
    get_settings.cache_clear()
    monkeypatch.setenv("TIMEZONE", "Europe/London")
    assert (str(local_zone()), local_today(evening_utc).day) == ("Europe/London", 9)
