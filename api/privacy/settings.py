"""Retention periods and the Rasa tracker store's address (PDPA: keep no longer than needed).

Read from the environment like api/core/config.py; kept here so the privacy domain's knobs
live together: RETENTION_CASE_CLOSED_DAYS, RETENTION_QUIET_DAYS, RASA_TRACKER_DB_URL."""

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.core.config import PROJECT_ROOT


class PrivacySettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # After the citizen's last case closed (closed or rejected) and the chat went quiet.
    retention_case_closed_days: int = Field(default=365, ge=1)
    # A conversation that never became a case: questions answered, nothing to keep.
    retention_quiet_days: int = Field(default=90, ge=1)
    # Rasa's tracker store (its `events` table), a separate database from the desk's.
    rasa_tracker_db_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa-tracker.db'}"

    @field_validator("rasa_tracker_db_url")
    @classmethod
    def _sync_driver(cls, url: str) -> str:
        """A plain URL from operators; the job reads it with a synchronous driver."""
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        return url


@lru_cache
def get_privacy_settings() -> PrivacySettings:
    return PrivacySettings()
