"""Find-or-create citizens by channel identity without racing."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.citizens.models import Citizen
from api.core.errors import Unprocessable
from api.core.insert import insert_ignore

CHANNELS = ("line", "telegram", "web")


def split_sender_id(sender_id: str) -> tuple[str, str]:
    """`line:U123` → (`line`, `U123`); anything else is refused."""
    channel, _, user_id = sender_id.partition(":")
    if channel not in CHANNELS or not user_id or len(user_id) > 128:
        raise Unprocessable("sender id must look like '<line|telegram|web>:<id>'")
    return channel, user_id


async def find(session: AsyncSession, *, channel: str, channel_user_id: str) -> Citizen | None:
    query = select(Citizen).where(
        Citizen.channel == channel, Citizen.channel_user_id == channel_user_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get_or_create(
    session: AsyncSession, *, channel: str, channel_user_id: str, language: str | None = None
) -> Citizen:
    values = {"channel": channel, "channel_user_id": channel_user_id}
    if language:
        values["language"] = language
    await insert_ignore(session, Citizen, values)
    citizen = await find(session, channel=channel, channel_user_id=channel_user_id)
    assert citizen is not None  # inserted above or already there
    if language and citizen.language != language:
        citizen.language = language
    return citizen


async def get_by_sender(session: AsyncSession, sender_id: str) -> Citizen:
    channel, user_id = split_sender_id(sender_id)
    return await get_or_create(session, channel=channel, channel_user_id=user_id)


async def get_by_id(session: AsyncSession, citizen_id: int) -> Citizen:
    return await session.get_one(Citizen, citizen_id)


def set_contact(
    citizen: Citizen,
    *,
    name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> None:
    """Store contact details a case needs; fields not given are kept as they are."""
    if name:
        citizen.contact_name = name
    if phone:
        citizen.contact_phone = phone
    if email:
        citizen.contact_email = email
