"""The action server's settings, read from the same environment variables as the desk app
(api/core/config.py): DESK_API_URL, SERVICE_TOKEN, TIMEZONE."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_DESK_API_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEZONE = "Asia/Taipei"


def desk_api_url() -> str:
    """Where the desk API listens (scripts/stack.py sets it)."""
    return (os.environ.get("DESK_API_URL") or DEFAULT_DESK_API_URL).rstrip("/")


def service_token() -> str:
    """The bearer token the desk API expects from the action server."""
    return os.environ.get("SERVICE_TOKEN", "")


def local_timezone() -> ZoneInfo:
    """The desk's one timezone setting."""
    return ZoneInfo(os.environ.get("TIMEZONE") or DEFAULT_TIMEZONE)


def local_today() -> date:
    """Today's date where the desk is (a purchase 'yesterday' is local, not UTC)."""
    return datetime.now(local_timezone()).date()
