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
