"""The delivery worker: notifications once each, quiet hours, queued pushes, evidence."""

from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens import service as citizens
from api.conversations import service as conversations
from api.conversations.models import Author, Message, MessageStatus
from api.core.config import Settings
from api.notifications import service as notifications
from api.notifications.models import Notification, NotificationKind, NotificationStatus
from bot.gateway.notifier import NotificationDelivery, in_quiet_hours
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import line_body, message_event, sign
from tests.fakes.line_platform import FakeLine

USER = "U1234567890abcdef1234567890abcdef"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


async def _citizen_with_notice(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        citizen = await citizens.get_or_create(session, channel="line", channel_user_id=USER)
        for _ in range(2):  # emitting the same key twice stores one notice
            await notifications.emit(
                session,
                citizen_id=citizen.id,
                kind=NotificationKind.BUSINESS_OVERDUE,
                dedupe_key="overdue:1",
                text_zh="業者已逾 15 天未回覆。",
                text_en="The business did not answer within 15 days.",
                buttons=[{"title": "申請調解", "payload": "/request_mediation"}],
            )
        await session.commit()


async def test_due_notification_is_pushed_exactly_once(
    app: FastAPI, fake_line: tuple[FakeLine, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _citizen_with_notice(sessionmaker)
    worker = gateway_of(app).delivery_worker
    assert await worker.notifications.deliver_due() == 1
    assert await worker.notifications.deliver_due() == 0
    [push] = fake_line[0].pushes()
    assert push.to == USER and "15 天" in push.messages[0]["text"]
    assert push.messages[0]["quickReply"]["items"][0]["action"]["label"] == "申請調解"
    async with sessionmaker() as session:
        notice = (await session.execute(select(Notification))).scalar_one()
        assert notice.status == NotificationStatus.SENT
        counts = await conversations.delivery_counts(session, 1)
    assert counts == {"push": 1}


async def test_a_failed_push_backs_off_and_a_retry_is_not_sent_twice(
    app: FastAPI, fake_line: tuple[FakeLine, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _citizen_with_notice(sessionmaker)
    fake_line[0].fail_next.append(500)
    assert await gateway_of(app).delivery_worker.notifications.deliver_due() == 0
    async with sessionmaker() as session:
        notice = (await session.execute(select(Notification))).scalar_one()
        assert notice.attempts == 1 and notice.next_attempt_at is not None
        notice.next_attempt_at = None
        await session.commit()
    assert await gateway_of(app).delivery_worker.notifications.deliver_due() == 1
    assert len(fake_line[0].pushes()) == 1


async def test_a_refused_push_gives_the_notice_up_at_once(
    app: FastAPI, fake_line: tuple[FakeLine, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _citizen_with_notice(sessionmaker)
    fake_line[0].fail_next.append(400)  # malformed: retrying cannot help
    assert await gateway_of(app).delivery_worker.notifications.deliver_due() == 0
    async with sessionmaker() as session:
        notice = (await session.execute(select(Notification))).scalar_one()
    assert notice.status == NotificationStatus.FAILED
    assert notice.attempts == notifications.MAX_ATTEMPTS and notice.last_error


async def test_quiet_hours_hold_notifications(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    late = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 in Taipei
    morning = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Taipei
    assert in_quiet_hours(late, start=22, end=8, timezone="Asia/Taipei")
    assert not in_quiet_hours(morning, start=22, end=8, timezone="Asia/Taipei")
    quiet = settings.model_copy(update={"quiet_hours_start": 22, "quiet_hours_end": 8})
    await _citizen_with_notice(sessionmaker)
    delivery = NotificationDelivery(sessionmaker, {}, quiet, clock=lambda: late)
    assert await delivery.deliver_due() == 0


async def test_staff_reply_is_pushed_through_the_citizens_channel(
    app: FastAPI, fake_line: tuple[FakeLine, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        citizen = await citizens.get_or_create(session, channel="line", channel_user_id=USER)
        conversation = await conversations.for_citizen(session, citizen)
        conversations.add_outbound(
            session,
            conversation=conversation,
            channel="line",
            text="您好，我是承辦人。",
            language="zh-TW",
            author=Author.STAFF,
        )
        await session.commit()
    worker = gateway_of(app).delivery_worker
    await worker.push_queued(grace=timedelta(0))
    await worker.push_queued(grace=timedelta(0))
    [push] = fake_line[0].pushes()
    assert push.messages[0]["text"] == "您好，我是承辦人。"
    async with sessionmaker() as session:
        message = (await session.execute(select(Message))).scalar_one()
    assert message.status == MessageStatus.SENT and message.delivery == "push"


async def test_an_image_is_downloaded_checked_and_kept_as_evidence(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    line = fake_line[0]
    line.content["img1"] = (PNG, "image/png")
    line.content["exe1"] = (b"MZ\x90\x00", "application/octet-stream")
    events = [
        message_event(
            USER,
            {"id": "img1", "type": "image", "contentProvider": {"type": "line"}, "quoteToken": "q"},
            event_id="e1",
            token=None,
        ),
        message_event(
            USER,
            {"id": "exe1", "type": "file", "fileName": "a.exe", "fileSize": 4},
            event_id="e2",
            token=None,
        ),
        message_event(
            USER,
            {"id": "big1", "type": "file", "fileName": "b.pdf", "fileSize": 50_000_000},
            event_id="e3",
            token=None,
        ),
    ]
    body = line_body(*events)
    response = await client.post(
        "/webhooks/line", content=body, headers={"X-Line-Signature": sign(body)}
    )
    assert response.status_code == 200
    await gateway_of(app).queues.idle()
    texts = line.texts()
    # No open case yet: the file is kept and the citizen is told how to attach it to one.
    assert "沒有處理中的案件" in texts[0] and "格式" in texts[1] and "太大" in texts[2]
    assert sorted(p.suffix for p in settings.evidence_dir.iterdir()) == [".png"]
    async with sessionmaker() as session:
        first = (await session.execute(select(Message).order_by(Message.id))).scalars().first()
    assert first is not None
    assert first.payload["attachments"][0]["content_type"] == "image/png"


async def test_messages_claimed_by_a_crashed_worker_are_handed_back(
    app: FastAPI, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    async with sessionmaker() as session:
        citizen = await citizens.get_or_create(session, channel="line", channel_user_id=USER)
        conversation = await conversations.for_citizen(session, citizen)
        for status, direction in ((MessageStatus.PROCESSING, "in"), (MessageStatus.SENDING, "out")):
            session.add(
                Message(
                    conversation_id=conversation.id,
                    channel="line",
                    direction=direction,
                    author=Author.CITIZEN if direction == "in" else Author.BOT,
                    status=status,
                    text="stuck",
                    payload={},
                    created_at=long_ago,
                )
            )
        await session.commit()
    assert await gateway_of(app).delivery_worker.release_stale() == 2
    async with sessionmaker() as session:
        statuses = (await session.execute(select(Message.status).order_by(Message.id))).scalars()
        assert list(statuses) == [MessageStatus.PENDING, MessageStatus.QUEUED]
