"""Erase one citizen's personal data, keep the anonymous rest (PDPA).

Removed: the transcript (every message), contact details and the channel identity, evidence
rows and their files, pending notices, free-text notes on cases, events and bookings, the
old and new values in the change log, and the citizen's Rasa tracker events. Kept: each
case's number, category, stage and dates (the anonymous statistics) and one `Erasure` row
with counts. A citizen who writes again later starts afresh as a new citizen."""

import asyncio
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import String, cast, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import ChangeRecord
from api.cases.models import Case, CaseEvent, CaseEvidence
from api.citizens.models import Citizen
from api.conversations.models import Conversation, Message
from api.core.time import utcnow
from api.mediation.models import MediationBooking
from api.notifications.models import Notification
from api.privacy.models import Erasure, ErasureReason
from api.privacy.tracker import TrackerStore

ERASED_PREFIX = "erased-"


@dataclass(frozen=True)
class EraseTargets:
    """Where the data outside the desk database lives."""

    tracker: TrackerStore
    evidence_dir: Path


def is_erased(citizen: Citizen) -> bool:
    return citizen.channel_user_id.startswith(ERASED_PREFIX)


async def erase_citizen(
    session: AsyncSession,
    *,
    citizen: Citizen,
    targets: EraseTargets,
    reason: ErasureReason,
    staff_id: int | None = None,
) -> Erasure:
    """Erase in the request's unit of work; the tracker events and evidence files go after
    the database changes are flushed (they cannot roll back, so they come last)."""
    sender_id = citizen.sender_id
    case_ids = list(
        (await session.execute(select(Case.id).where(Case.citizen_id == citizen.id))).scalars()
    )
    refs = await _drop_evidence(session, case_ids)
    refs |= await _attachment_refs(session, citizen.id)
    messages = await _drop_transcript(session, citizen.id)
    await session.execute(delete(Notification).where(Notification.citizen_id == citizen.id))
    await _blank_free_text(session, case_ids)
    # The change log keeps who corrected which field when, not the values.
    await session.execute(
        update(ChangeRecord)
        .where(ChangeRecord.citizen_id == citizen.id)
        .values(old_value=None, new_value=None)
    )
    _forget_identity(citizen)
    erasure = Erasure(
        citizen_id=citizen.id,
        reason=reason,
        staff_id=staff_id,
        messages=messages,
        cases=len(case_ids),
        created_at=utcnow(),
    )
    session.add(erasure)
    await session.flush()
    erasure.evidence_files = await _remove_unshared_files(session, refs, targets.evidence_dir)
    erasure.tracker_events = await targets.tracker.delete_sender(sender_id)
    await session.flush()
    return erasure


async def _drop_evidence(session: AsyncSession, case_ids: list[int]) -> set[str]:
    refs = set(
        (await session.execute(select(CaseEvidence.ref).where(CaseEvidence.case_id.in_(case_ids))))
        .scalars()
        .all()
    )
    await session.execute(delete(CaseEvidence).where(CaseEvidence.case_id.in_(case_ids)))
    return refs


async def _attachment_refs(session: AsyncSession, citizen_id: int) -> set[str]:
    """Files a message carried, kept or not with a case (evidence sent before any case)."""
    payloads = await session.execute(
        select(Message.payload)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.citizen_id == citizen_id)
    )
    return {
        str(attachment["ref"])
        for payload in payloads.scalars()
        for attachment in (payload or {}).get("attachments", [])
        if attachment.get("ref")
    }


async def _drop_transcript(session: AsyncSession, citizen_id: int) -> int:
    conversation_ids = select(Conversation.id).where(Conversation.citizen_id == citizen_id)
    found = await session.execute(
        delete(Message).where(Message.conversation_id.in_(conversation_ids))
    )
    await session.execute(
        update(Conversation)
        .where(Conversation.citizen_id == citizen_id)
        .values(handoff_reason=None)
    )
    return int(getattr(found, "rowcount", 0) or 0)


async def _blank_free_text(session: AsyncSession, case_ids: list[int]) -> None:
    """What a citizen or staff member wrote in words may name people: it goes."""
    await session.execute(
        update(Case)
        .where(Case.id.in_(case_ids))
        .values(description="", desired_remedy=None, business_address=None)
    )
    await session.execute(
        update(CaseEvent).where(CaseEvent.case_id.in_(case_ids)).values(note=None)
    )
    await session.execute(
        update(MediationBooking)
        .where(MediationBooking.case_id.in_(case_ids))
        .values(cancel_reason=None, reschedule_reason=None)
    )


def _forget_identity(citizen: Citizen) -> None:
    citizen.channel_user_id = f"{ERASED_PREFIX}{citizen.id}"
    citizen.display_name = None
    citizen.contact_name = None
    citizen.contact_phone = None
    citizen.contact_email = None


async def _remove_unshared_files(session: AsyncSession, refs: set[str], root: Path) -> int:
    """The evidence store is content-addressed: a file another case or another citizen's
    message still holds stays."""
    if not refs:
        return 0
    shared = set(
        (await session.execute(select(CaseEvidence.ref).where(CaseEvidence.ref.in_(refs))))
        .scalars()
        .all()
    )
    for ref in refs - shared:
        held = select(Message.id).where(cast(Message.payload, String).contains(ref)).limit(1)
        if (await session.execute(held)).first() is not None:
            shared.add(ref)
    return await asyncio.to_thread(_unlink, root, refs - shared)


def _unlink(root: Path, refs: set[str]) -> int:
    removed = 0
    for ref in refs:
        path = root / ref
        if path.name == ref and path.is_file():
            path.unlink()
            removed += 1
    return removed
