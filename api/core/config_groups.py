"""Groups of settings that belong together, each a field of `api.core.config.Settings`
(`settings.office`, `settings.privacy`, `settings.chat_rate`, `settings.body_limits`), so the
whole desk is configured through one object. Each reads its own environment variables
(named in its docstring) and `.env`, like Settings itself."""

import re
from datetime import time, timedelta
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KIB = 1024
MIB = 1024 * KIB
_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_period(text: str) -> timedelta:
    """A period as operators write it: `90s`, `30m`, `24h`, `7d`; more than zero."""
    found = _PERIOD.match(text.lower())
    if found is None:
        raise ValueError(f"not a period: {text!r} (write e.g. 30m, 24h, 7d)")
    period = timedelta(seconds=float(found[1]) * _UNIT_SECONDS[found[2]])
    if period <= timedelta(0):
        raise ValueError("the period must be longer than zero")
    return period


def _env(prefix: str = "") -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )


class OfficeHoursSettings(BaseSettings):
    """OFFICE_DAYS, OFFICE_OPENS, OFFICE_CLOSES (in TIMEZONE), HANDOFF_UNANSWERED_MINUTES,
    HANDOFF_IDLE_MINUTES."""

    model_config = _env()

    office_days: str = "mon,tue,wed,thu,fri"
    office_opens: time = time(8, 30)
    office_closes: time = time(17, 30)
    # A handed-off conversation with no staff reply after this much office time is flagged.
    handoff_unanswered_minutes: int = 30
    # A handed-off conversation quiet this long after the last staff reply goes back to the bot.
    handoff_idle_minutes: int = 120


class PrivacySettings(BaseSettings):
    """RETENTION_CASE_CLOSED_DAYS, RETENTION_QUIET_DAYS, RETENTION_EVERY, RASA_TRACKER_DB_URL
    (PDPA: keep no longer than needed)."""

    model_config = _env()

    # After the citizen's last case closed (closed or rejected) and the chat went quiet.
    retention_case_closed_days: int = Field(default=365, ge=1)
    # A conversation that never became a case: questions answered, nothing to keep.
    retention_quiet_days: int = Field(default=90, ge=1)
    # How often `scripts/retention.py --every` runs the job (`24h`, `30m`, `7d`).
    retention_every: timedelta = timedelta(hours=24)
    # Rasa's tracker store (its `events` table), a separate database from the desk's.
    rasa_tracker_db_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa-tracker.db'}"

    @field_validator("rasa_tracker_db_url")
    @classmethod
    def _sync_driver(cls, url: str) -> str:
        """A plain URL from operators; the job reads it with a synchronous driver."""
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        return url

    @field_validator("retention_every", mode="before")
    @classmethod
    def _period(cls, value: object) -> object:
        """`24h` as well as what pydantic reads itself (seconds, ISO 8601 `PT24H`)."""
        if isinstance(value, str) and _PERIOD.match(value.lower()):
            return parse_period(value)
        return value

    @field_validator("retention_every")
    @classmethod
    def _positive(cls, period: timedelta) -> timedelta:
        if period <= timedelta(0):
            raise ValueError("RETENTION_EVERY must be longer than zero")
        return period


class ChatRateSettings(BaseSettings):
    """CHAT_RATE_PER_CITIZEN, CHAT_RATE_CITIZEN_WINDOW_SECONDS, CHAT_RATE_PER_ADDRESS,
    CHAT_RATE_ADDRESS_WINDOW_SECONDS."""

    model_config = _env("CHAT_RATE_")

    # A person types a few messages a minute; a script types hundreds.
    per_citizen: int = 30
    citizen_window_seconds: int = 60
    # One address may be a whole office or a mobile carrier's NAT.
    per_address: int = 120
    address_window_seconds: int = 60


class BodyLimits(BaseSettings):
    """Bytes per route family: BODY_LIMIT_WEBHOOKS, _CHAT, _LOGIN, _UPLOADS, _DEFAULT."""

    model_config = _env("BODY_LIMIT_")

    # LINE and Telegram send small JSON events (an image arrives by id, not inline).
    webhooks: int = 1 * MIB
    # One chat message: ChatIn.text is at most 20,000 characters.
    chat: int = 128 * KIB
    login: int = 8 * KIB
    # Evidence files (EVIDENCE_MAX_BYTES is 10 MB) plus multipart framing.
    uploads: int = 11 * MIB
    default: int = 1 * MIB
