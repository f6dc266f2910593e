"""Staff accounts and login."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Conflict, NotFound, Unauthorized
from api.staff import sessions
from api.staff.models import Staff, StaffRole
from api.staff.schemas import StaffCreate, StaffUpdate
from api.staff.security import hash_password_async, verify_password


async def get_by_email(session: AsyncSession, email: str) -> Staff | None:
    query = select(Staff).where(Staff.email == email.strip().lower())
    return (await session.execute(query)).scalar_one_or_none()


async def authenticate(session: AsyncSession, *, email: str, password: str) -> Staff:
    """The staff member with these credentials; the same answer for every failure."""
    found = await get_by_email(session, email)
    staff_id, password_hash = (found.id, found.password_hash) if found else (None, None)
    # End the read before hashing: a transaction left open while a login waits for a hashing
    # slot holds SQLite's write lock (BEGIN IMMEDIATE) or a pooled connection, and a login
    # flood then stalls every chat turn. Nothing was written, so this loses nothing.
    await session.rollback()
    if not await verify_password(password_hash, password):
        raise Unauthorized("wrong e-mail or password")
    staff = await session.get(Staff, staff_id)
    if staff is None:
        raise Unauthorized("wrong e-mail or password")
    if not staff.active:
        raise Unauthorized("this account is disabled")
    return staff


async def list_all(session: AsyncSession) -> Sequence[Staff]:
    return (await session.execute(select(Staff).order_by(Staff.id))).scalars().all()


async def create(session: AsyncSession, *, staff_in: StaffCreate) -> Staff:
    staff = Staff(
        email=staff_in.email.strip().lower(),
        display_name=staff_in.display_name,
        role=staff_in.role,
        password_hash=await hash_password_async(staff_in.password),
    )
    session.add(staff)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise Conflict("a staff account with this e-mail exists") from exc
    return staff


async def _active_admins(session: AsyncSession) -> int:
    query = select(func.count()).where(Staff.role == StaffRole.ADMIN, Staff.active.is_(True))
    return int((await session.execute(query)).scalar_one())


async def _keep_an_admin(session: AsyncSession, staff: Staff, changes: dict[str, object]) -> None:
    """Refuse the change that would leave the desk without an active admin."""
    if staff.role != StaffRole.ADMIN or not staff.active:
        return
    demoted = changes.get("role", StaffRole.ADMIN) != StaffRole.ADMIN
    deactivated = changes.get("active", True) is False
    if (demoted or deactivated) and await _active_admins(session) <= 1:
        raise Conflict("the last active admin cannot be demoted or deactivated")


async def update(session: AsyncSession, *, staff_id: int, staff_in: StaffUpdate) -> Staff:
    """Admin edits; a new password or a deactivation ends the account's sessions."""
    staff = await session.get(Staff, staff_id)
    if staff is None:
        raise NotFound("staff account not found")
    changes = staff_in.model_dump(exclude_unset=True, exclude_none=True)
    await _keep_an_admin(session, staff, changes)
    if "password" in changes:
        staff.password_hash = await hash_password_async(changes.pop("password"))
        await sessions.revoke_all(session, staff.id)
    if changes.get("active") is False:
        await sessions.revoke_all(session, staff.id)
    for field, value in changes.items():
        setattr(staff, field, value)
    await session.flush()
    return staff


async def change_own_password(
    session: AsyncSession, *, staff: Staff, current: str, new: str, keep_session: int
) -> None:
    """The staff member's own change: the old password proves it; other sessions end."""
    if not await verify_password(staff.password_hash, current):
        raise Unauthorized("the current password is wrong")
    staff.password_hash = await hash_password_async(new)
    await sessions.revoke_all(session, staff.id, keep=keep_session)
    await session.flush()
