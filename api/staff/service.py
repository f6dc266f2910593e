"""Staff accounts and login."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Conflict, NotFound, Unauthorized
from api.staff.models import Staff
from api.staff.schemas import StaffCreate, StaffUpdate
from api.staff.security import hash_password, verify_password


async def get_by_email(session: AsyncSession, email: str) -> Staff | None:
    query = select(Staff).where(Staff.email == email.strip().lower())
    return (await session.execute(query)).scalar_one_or_none()


async def authenticate(session: AsyncSession, *, email: str, password: str) -> Staff:
    staff = await get_by_email(session, email)
    if not verify_password(staff.password_hash if staff else None, password):
        raise Unauthorized("wrong e-mail or password")
    assert staff is not None
    if not staff.active:
        raise Unauthorized("this account is disabled")
    return staff


async def get_active(session: AsyncSession, staff_id: int) -> Staff:
    staff = await session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise Unauthorized("staff account not found or disabled")
    return staff


async def list_all(session: AsyncSession) -> Sequence[Staff]:
    return (await session.execute(select(Staff).order_by(Staff.id))).scalars().all()


async def create(session: AsyncSession, *, staff_in: StaffCreate) -> Staff:
    staff = Staff(
        email=staff_in.email.strip().lower(),
        display_name=staff_in.display_name,
        role=staff_in.role,
        password_hash=hash_password(staff_in.password),
    )
    session.add(staff)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise Conflict("a staff account with this e-mail exists") from exc
    return staff


async def update(session: AsyncSession, *, staff_id: int, staff_in: StaffUpdate) -> Staff:
    staff = await session.get(Staff, staff_id)
    if staff is None:
        raise NotFound("staff account not found")
    changes = staff_in.model_dump(exclude_unset=True, exclude_none=True)
    if "password" in changes:
        staff.password_hash = hash_password(changes.pop("password"))
    for field, value in changes.items():
        setattr(staff, field, value)
    await session.flush()
    return staff
