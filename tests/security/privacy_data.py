"""One citizen with everything the desk can hold about them, and a Rasa tracker store."""

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.audit.models import ChangeRecord
from api.cases.models import Case, CaseCategory, CaseEvent, CaseEvidence, CaseStatus
from api.citizens.models import Citizen
from api.conversations.models import Author, Conversation, Direction, Message, MessageStatus
from api.core.actors import ActorKind
from api.core.time import utcnow
from api.notifications.models import Notification, NotificationKind
from api.staff.models import Staff, StaffRole

NAME = "王小明"
PHONE = "0912345678"


def make_tracker(path: Path, senders: list[str]) -> str:
    """A tracker store shaped like Rasa's SQLTrackerStore `events` table."""
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
            "type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        for sender in senders:
            for kind in ("user", "bot"):
                db.execute(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?,?,?,?)",
                    (sender, kind, 1.0, f'{{"event": "{kind}", "text": "我叫{NAME}"}}'),
                )
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Held:
    citizen_id: int
    sender_id: str
    evidence_ref: str


async def citizen_with_everything(
    sessions: async_sessionmaker[AsyncSession],
    *,
    user_id: str,
    evidence_dir: Path,
    case_status: CaseStatus | None = CaseStatus.FORWARDED,
    last_message_at: datetime | None = None,
    case_updated_at: datetime | None = None,
) -> Held:
    now = utcnow()
    async with sessions() as session:
        citizen = Citizen(
            channel="web",
            channel_user_id=user_id,
            contact_name=NAME,
            contact_phone=PHONE,
            contact_email="ming@example.com",
            created_at=now - timedelta(days=1000),
        )
        session.add(citizen)
        await session.flush()
        conversation = Conversation(
            citizen_id=citizen.id, last_message_at=last_message_at or now, created_at=now
        )
        session.add(conversation)
        await session.flush()
        message = Message(
            conversation_id=conversation.id,
            channel="web",
            direction=Direction.INBOUND,
            author=Author.CITIZEN,
            status=MessageStatus.PROCESSED,
            text=f"我叫{NAME}，電話{PHONE}",
            payload={"attachments": [{"kind": "image", "ref": f"{user_id}-photo.jpg"}]},
            created_at=now,
        )
        session.add(message)
        session.add(
            Notification(
                citizen_id=citizen.id,
                kind=NotificationKind.STAGE_CHANGED,
                dedupe_key=f"stage:{user_id}",
                text_zh=f"{NAME} 您好",
                text_en="Hello",
                buttons=[],
                due_at=now,
                created_at=now,
            )
        )
        await asyncio.to_thread(_store_file, evidence_dir / f"{user_id}-photo.jpg")
        officer = Staff(
            email=f"{user_id}@desk.test",
            display_name="Officer",
            role=StaffRole.OFFICER,
            password_hash="-",
            created_at=now,
        )
        session.add(officer)
        await session.flush()
        session.add(
            ChangeRecord(
                staff_id=officer.id,
                citizen_id=citizen.id,
                subject="contact",
                field="contact_phone",
                old_value="0911000111",
                new_value=PHONE,
                created_at=now,
            )
        )
        ref = ""
        if case_status is not None:
            ref = await _case(session, citizen.id, message, case_status, case_updated_at or now)
            await asyncio.to_thread(_store_file, evidence_dir / ref)
        await session.commit()
        return Held(citizen.id, citizen.sender_id, ref)


def _store_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG receipt")


async def _case(
    session: AsyncSession, citizen_id: int, message: Message, status: CaseStatus, updated: datetime
) -> str:
    await session.flush()
    number = f"KHH-2026-{citizen_id:06d}"
    case = Case(
        number=number,
        citizen_id=citizen_id,
        status=status,
        category=CaseCategory.GYM,
        business_name="健身工廠",
        description=f"{NAME} 的會員費沒退",
        desired_remedy="退費",
        first_complaint_date=date(2026, 1, 5),
        business_due_date=date(2026, 1, 20),
        rejection_reason="duplicate" if status == CaseStatus.REJECTED else None,
        created_at=updated,
        updated_at=updated,
    )
    session.add(case)
    await session.flush()
    session.add(
        CaseEvent(
            case_id=case.id,
            to_status=status,
            actor_kind=ActorKind.SYSTEM,
            note=f"called {PHONE}",
            created_at=updated,
        )
    )
    ref = f"{citizen_id:064x}.png"
    session.add(
        CaseEvidence(
            case_id=case.id,
            message_id=message.id,
            kind="image",
            content_type="image/png",
            size=12,
            name="receipt.png",
            ref=ref,
            created_at=updated,
        )
    )
    return ref
