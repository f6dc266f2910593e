"""What the desk itself tells a citizen about their handed-off conversation: a person has
joined, when to expect an answer outside office hours, a quiet conversation handed back.

Each note is a stored outbound message (author system, queued): the delivery worker pushes
it on LINE and Telegram, the web chat shows it when the page next polls."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.citizens import service as citizens
from api.conversations import service
from api.conversations.models import Author, Conversation, Message
from api.conversations.office_hours import OfficeHours
from textkit.bilingual import Bilingual
from textkit.language import EN

STAFF_JOINED = Bilingual(
    "您好，服務人員已加入對話，接下來由真人為您服務。",
    "Hello, a member of our staff has joined the conversation and will help you from here.",
)
OUTSIDE_HOURS = Bilingual(
    "目前為非上班時間（服務時間：{hours}）。服務人員最快將於 {when} 回覆您，您可以先留下訊息。",
    "Our office is closed now (open {hours}). Expect an answer from {when}; "
    "you can leave your message here.",
)
IDLE_CLOSED = Bilingual(
    "這段對話已有一段時間沒有新訊息，本次真人服務先告一段落，接下來由機器人繼續為您服務。"
    "如需再找服務人員，隨時告訴我們。謝謝您！",
    "This conversation has been quiet for a while, so our staff member has closed it and the "
    "assistant will help you from here. Ask for a person again at any time. Thank you!",
)
DAYS_ZH = "一二三四五六日"
DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


async def _post(
    session: AsyncSession, conversation: Conversation, note: Bilingual, kind: str
) -> Message:
    citizen = await citizens.get_by_id(session, conversation.citizen_id)
    return service.add_outbound(
        session,
        conversation=conversation,
        channel=citizen.channel,
        text=note.pick(citizen.language),
        language=citizen.language,
        author=Author.SYSTEM,
        payload={"notice": kind},
    )


async def _told_since_handoff(session: AsyncSession, conversation: Conversation, kind: str) -> bool:
    query = select(Message.payload).where(
        Message.conversation_id == conversation.id,
        Message.author == Author.SYSTEM,
        Message.created_at >= (conversation.handoff_at or conversation.created_at),
    )
    return any((p or {}).get("notice") == kind for p in (await session.execute(query)).scalars())


async def tell_staff_joined(
    session: AsyncSession, conversation: Conversation, hours: OfficeHours, now: datetime
) -> None:
    """Once per handoff: a person has joined (and, out of hours, when they will answer)."""
    if await _told_since_handoff(session, conversation, "staff_joined"):
        return
    await _post(session, conversation, STAFF_JOINED, "staff_joined")
    await tell_when_to_expect(session, conversation, hours, now)


async def tell_when_to_expect(
    session: AsyncSession, conversation: Conversation, hours: OfficeHours, now: datetime
) -> None:
    """Outside office hours, once per handoff: when staff will be back."""
    if hours.is_open(now) or await _told_since_handoff(session, conversation, "office_closed"):
        return
    opening = hours.next_opening(now)
    note = Bilingual(
        OUTSIDE_HOURS.zh.format(hours=_hours_label(hours, "zh-TW"), when=_when(opening, "zh-TW")),
        OUTSIDE_HOURS.en.format(hours=_hours_label(hours, EN), when=_when(opening, EN)),
    )
    await _post(session, conversation, note, "office_closed")


async def close_idle(session: AsyncSession, conversation: Conversation) -> None:
    """A polite goodbye; the caller hands the conversation back to the bot."""
    await _post(session, conversation, IDLE_CLOSED, "idle_closed")


def _when(opening: datetime, language: str) -> str:
    if language == EN:
        return f"{DAYS_EN[opening.weekday()]} {opening:%d %b}, {opening:%H:%M}"
    return f"{opening:%m/%d}（{DAYS_ZH[opening.weekday()]}）{opening:%H:%M}"


def _hours_label(hours: OfficeHours, language: str) -> str:
    days = sorted(hours.days)
    names = [DAYS_EN[d] if language == EN else "週" + DAYS_ZH[d] for d in days]
    contiguous = bool(days) and days == list(range(days[0], days[-1] + 1)) and len(days) > 2
    if contiguous:
        joined = f"{names[0]}–{names[-1]}" if language == EN else f"{names[0]}至{names[-1]}"
    else:
        joined = ", ".join(names) if language == EN else "、".join(names)
    return f"{joined} {hours.opens:%H:%M}–{hours.closes:%H:%M}"
