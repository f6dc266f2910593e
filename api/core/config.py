"""Settings from the environment or an untracked `.env` (never from the repo)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'desk.db'}"
    # Redis is optional in the embedded default; production sets it.
    redis_url: str | None = None

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = Field(default="", description="Rasa HTTP API token (--auth-token)")
    rasa_timeout_seconds: float = 20.0

    # The action server authenticates to the desk API with this bearer token.
    service_token: str = Field(default="", min_length=0)
    # Signs the web-chat session cookie that carries the citizen's web identity.
    session_secret: str = ""
    secure_cookies: bool = False

    public_base_url: str = "http://127.0.0.1:8000"
    timezone: str = "Asia/Taipei"

    # LINE Messaging API (empty secret = the LINE channel is not mounted).
    line_channel_secret: str = ""
    line_channel_access_token: str = ""
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"
    # Telegram Bot API (empty token = the Telegram channel is not mounted).
    telegram_bot_token: str = ""
    telegram_webhook_secret: str = ""
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

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept plain URLs from operators and pick the async driver ourselves."""
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        if url.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
