"""Password hashing (argon2, in worker threads) and opaque session tokens."""

import hashlib
import secrets

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

COOKIE_NAME = "desk_staff"
CSRF_HEADER = "X-CSRF-Token"
_hasher = PasswordHasher()
# Compared against when the e-mail is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
# Argon2 takes ~64 MiB and tens of milliseconds: a login flood gets two threads, never the
# event loop (webhooks, chat) nor the shared thread pool.
_HASHING = anyio.CapacityLimiter(2)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await anyio.to_thread.run_sync(_verify, password_hash, password, limiter=_HASHING)


def hash_password(password: str) -> str:
    """Synchronous, for scripts and tests; request handlers use `hash_password_async`."""
    return _hasher.hash(password)


async def hash_password_async(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=_HASHING)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
