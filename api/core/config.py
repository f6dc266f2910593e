"""Settings from the environment or an untracked `.env` (never from the repo).

`DESK_MODE=production` refuses to start with an empty or placeholder secret for anything
it runs; the embedded default (a laptop, the tests) only insists on the cookie signing key,
checked when the app is built (`require_signing_key`).
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.core.config_groups import PROJECT_ROOT as PROJECT_ROOT  # scripts import it here
from api.core.config_groups import (
    BodyLimits,
    ChatRateSettings,
    OfficeHoursSettings,
    PrivacySettings,
)
from api.core.signing import derived_key

MIN_SECRET_LENGTH = 16
# Values people paste from examples; compared after lower-casing.
PLACEHOLDERS = frozenset(
    {"changeme", "change-me", "change_me", "secret", "test", "password", "token", "example"}
)
PLACEHOLDER_PARTS = ("changeme", "change-me", "change_me", "placeholder", "your-", "your_")


class ConfigError(RuntimeError):
    """The desk cannot start with these settings; the message says what to set."""


def weakness(value: SecretStr) -> str | None:
    """Why a secret is unusable (empty, a placeholder, too short), or None if it is fine."""
    secret = value.get_secret_value().strip()
    lowered = secret.lower()
    if not secret:
        return "is empty"
    if lowered in PLACEHOLDERS or any(part in lowered for part in PLACEHOLDER_PARTS):
        return "is a placeholder"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    return None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # "embedded": a laptop or the tests; "production": every secret it runs must be real.
    desk_mode: Literal["embedded", "production"] = "embedded"

    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'desk.db'}"
    # PostgreSQL connections each desk worker keeps open, and how many more it may open for
    # a moment: the pool holds one worker's share of a webhook burst (and the action server's
    # API calls it causes) without opening connections per request. Every worker's pool +
    # overflow, and Rasa's tracker stores, must stay below PostgreSQL's max_connections.
    database_pool_size: int = Field(default=25, ge=1)
    database_max_overflow: int = Field(default=5, ge=0)
    # Redis is optional in the embedded default; production sets it.
    redis_url: str | None = None

    rasa_url: str = "http://127.0.0.1:5005"
    # Several Rasa servers, comma-separated (production); empty: RASA_URL alone. Each citizen
    # goes to one of them by a stable hash of the sender id, the next one when it is down.
    rasa_urls: str = ""
    # The action server, for the health report only (the desk never calls it).
    actions_url: str | None = None
    rasa_timeout_seconds: float = 20.0

    # The action server authenticates to the desk API with this bearer token.
    service_token: SecretStr = SecretStr("")
    # Signs the web-chat session cookie (the citizen's web identity).
    session_secret: SecretStr = SecretStr("")
    # Signs the citizen id the gateway hands to Rasa; the action server forwards the
    # signature and the API checks it (api/core/signing.py). Empty: derived from
    # SESSION_SECRET. Set (or production mode): a bot request without a signature is refused.
    sender_signing_key: SecretStr = SecretStr("")
    secure_cookies: bool = False

    public_base_url: str = "http://127.0.0.1:8000"
    # The one time zone for deadlines, quiet hours and dates shown to citizens.
    timezone: str = "Asia/Taipei"

    # LINE Messaging API (empty secret = the LINE channel is not mounted).
    line_channel_secret: SecretStr = SecretStr("")
    line_channel_access_token: SecretStr = SecretStr("")
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"
    # Telegram Bot API (empty token = the Telegram channel is not mounted).
    telegram_bot_token: SecretStr = SecretStr("")
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_api_base_url: str = "https://api.telegram.org"
    # "webhook" in production; "polling" for a laptop without a public URL.
    telegram_mode: str = "webhook"
    # Proactive notices wait outside this local-time window (hours, 22 → 8 wraps midnight).
    quiet_hours_start: int = Field(default=22, ge=0, le=23)
    quiet_hours_end: int = Field(default=8, ge=0, le=23)
    # Evidence photos and files citizens send through a channel.
    evidence_dir: Path = PROJECT_ROOT / "var" / "evidence"
    evidence_max_bytes: int = 10 * 1024 * 1024
    # How often the delivery worker looks for queued, pending and due messages.
    delivery_poll_seconds: float = 2.0
    # How often the worker looks for newly due notices (15-day nudge, mediation reminder).
    notice_scan_seconds: float = 300.0
    # Groups with their own variables (api/core/config_groups.py).
    office: OfficeHoursSettings = Field(default_factory=OfficeHoursSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    chat_rate: ChatRateSettings = Field(default_factory=ChatRateSettings)
    body_limits: BodyLimits = Field(default_factory=BodyLimits)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept plain URLs from operators and pick the async driver ourselves."""
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        if url.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
        return url

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {name!r} (e.g. Asia/Taipei)") from exc
        return name

    @property
    def rasa_servers(self) -> list[str]:
        listed = [url.strip() for url in self.rasa_urls.split(",") if url.strip()]
        return listed or [self.rasa_url]

    @property
    def sender_signature_required(self) -> bool:
        return self.desk_mode == "production" or bool(self.sender_signing_key.get_secret_value())

    def sender_key(self) -> bytes:
        """The key that signs sender ids: SENDER_SIGNING_KEY, else one derived from
        SESSION_SECRET (so the action server, which holds neither, cannot sign)."""
        explicit = self.sender_signing_key.get_secret_value()
        return (
            explicit.encode() if explicit else derived_key(self.session_secret.get_secret_value())
        )

    @property
    def line_enabled(self) -> bool:
        return bool(self.line_channel_secret.get_secret_value())

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token.get_secret_value())

    def needed_secrets(self) -> list[str]:
        """The secrets the desk app runs with: the API token, the cookie key, enabled
        channels'. (RASA_TOKEN guards Rasa's own API; the desk does not hold it.)"""
        names = ["service_token", "session_secret"]
        if self.sender_signing_key.get_secret_value():  # else derived from session_secret
            names.append("sender_signing_key")
        if self.line_enabled or self.line_channel_access_token.get_secret_value():
            names += ["line_channel_secret", "line_channel_access_token"]
        if self.telegram_enabled:
            names.append("telegram_bot_token")
            if self.telegram_mode == "webhook":
                names.append("telegram_webhook_secret")
        return names

    @model_validator(mode="after")
    def _production_secrets_are_real(self) -> Self:
        if self.desk_mode != "production":
            return self
        problems = [
            f"{name.upper()} {why}"
            for name in self.needed_secrets()
            if (why := weakness(getattr(self, name))) is not None
        ]
        if problems:
            raise ValueError(
                "DESK_MODE=production needs real secrets: "
                + "; ".join(problems)
                + "; generate one with `python -c 'import secrets; print(secrets.token_hex(32))'`"
            )
        return self

    def require_signing_key(self) -> None:
        """Never sign the web-chat cookie with an empty key, in any mode (called by create_app)."""
        if not self.session_secret.get_secret_value().strip():
            raise ConfigError(
                "SESSION_SECRET is empty: the web-chat cookie would be signed with no key. "
                "Run `make run` (it writes var/secrets.env) or set SESSION_SECRET in the "
                "environment or .env."
            )


@lru_cache
def get_settings() -> Settings:
    return Settings()
