"""Sign-in sessions kept in the database: opened at login, looked up on every call,
ended by logout, a password change, deactivation, idle time or age."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Unauthorized
from api.core.time import utcnow
from api.staff.models import Staff, StaffSession
from api.staff.security import new_token, token_digest

MAX_AGE = timedelta(hours=12)
IDLE_TIMEOUT = timedelta(minutes=30)
# last_seen_at is written at most this often, not on every call.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class OpenedSession:
    token: str
    csrf_token: str
    session: StaffSession


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def open_session(db: AsyncSession, staff: Staff) -> OpenedSession:
    token, now = new_token(), utcnow()
    row = StaffSession(
        staff_id=staff.id,
        token_hash=token_digest(token),
        csrf_token=new_token(),
        created_at=now,
        last_seen_at=now,
        expires_at=now + MAX_AGE,
    )
    db.add(row)
    return OpenedSession(token, row.csrf_token, row)


async def resolve(db: AsyncSession, token: str) -> tuple[StaffSession, Staff]:
    """The live session a token opens and its active staff member, else Unauthorized."""
    query = (
        select(StaffSession, Staff)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == token_digest(token))
    )
    found = (await db.execute(query)).first()
    if found is None:
        raise Unauthorized("invalid staff token")
    row, staff = found
    now = utcnow()
    if row.revoked_at is not None or not staff.active:
        raise Unauthorized("this session has ended")
    if _aware(row.expires_at) <= now or _aware(row.last_seen_at) + IDLE_TIMEOUT <= now:
        raise Unauthorized("this session has expired, please sign in again")
    if _aware(row.last_seen_at) + TOUCH_EVERY <= now:
        row.last_seen_at = now
    return row, staff


async def revoke(db: AsyncSession, row: StaffSession) -> None:
    row.revoked_at = utcnow()
    await db.flush()


async def end(db: AsyncSession, token: str | None) -> None:
    """Sign out: revoke the token's session if it is still live; nothing to do otherwise.
    No CSRF check: a forged sign-out only ends the victim's own session."""
    if not token:
        return
    try:
        row, _ = await resolve(db, token)
    except Unauthorized:
        return
    await revoke(db, row)


async def revoke_all(db: AsyncSession, staff_id: int, *, keep: int | None = None) -> None:
    """End every live session of a staff member (except `keep`, the caller's own)."""
    statement = (
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if keep is not None:
        statement = statement.where(StaffSession.id != keep)
    await db.execute(statement)
