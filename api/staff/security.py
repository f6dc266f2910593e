"""Password hashing (argon2) and signed staff bearer tokens (itsdangerous)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.core.errors import Unauthorized

TOKEN_MAX_AGE_SECONDS = 12 * 3600
COOKIE_NAME = "desk_staff"
_hasher = PasswordHasher()
# Compared against when the e-mail is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def _serializer(secret: str) -> URLSafeTimedSerializer:
    if not secret:
        # Without a secret anyone could forge a token: refuse rather than sign with "".
        raise Unauthorized("staff login is disabled: no session secret is configured")
    return URLSafeTimedSerializer(secret, salt="desk-staff-auth")


def issue_token(secret: str, *, staff_id: int) -> str:
    return _serializer(secret).dumps({"sid": staff_id})


def read_token(secret: str, token: str) -> int:
    """The staff id a token was issued to; Unauthorized when forged or expired."""
    try:
        data = _serializer(secret).loads(token, max_age=TOKEN_MAX_AGE_SECONDS)
    except BadSignature as exc:
        raise Unauthorized("invalid or expired staff token") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sid"), int):
        raise Unauthorized("invalid staff token")
    staff_id: int = data["sid"]
    return staff_id
