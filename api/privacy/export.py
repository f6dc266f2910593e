"""Export everything held about one citizen, as JSON (the citizen's right of access)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import ChangeRecord
from api.cases.models import Case, CaseEvent, CaseEvidence
from api.citizens.models import Citizen
from api.conversations.models import Conversation, Message
from api.core.time import utcnow
from api.mediation.models import MediationBooking
from api.notifications.models import Notification
from api.privacy.schemas import (
    CitizenExport,
    ExportBooking,
    ExportCase,
    ExportCaseEvent,
    ExportChange,
    ExportCitizen,
    ExportEvidence,
    ExportMessage,
    ExportNotification,
)
from api.privacy.tracker import TrackerStore


async def export_citizen(
    session: AsyncSession, *, citizen: Citizen, tracker: TrackerStore
) -> CitizenExport:
    messages = await session.execute(
        select(Message)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.citizen_id == citizen.id)
        .order_by(Message.id)
    )
    notices = await session.execute(
        select(Notification).where(Notification.citizen_id == citizen.id).order_by(Notification.id)
    )
    changes = await session.execute(
        select(ChangeRecord).where(ChangeRecord.citizen_id == citizen.id).order_by(ChangeRecord.id)
    )
    return CitizenExport(
        exported_at=utcnow(),
        citizen=ExportCitizen.model_validate(citizen),
        messages=[ExportMessage.model_validate(m) for m in messages.scalars()],
        cases=await _cases(session, citizen.id),
        notifications=[ExportNotification.model_validate(n) for n in notices.scalars()],
        changes=[ExportChange.model_validate(c) for c in changes.scalars()],
        tracker_events=await tracker.events_of(citizen.sender_id),
    )


async def _cases(session: AsyncSession, citizen_id: int) -> list[ExportCase]:
    found = (
        (await session.execute(select(Case).where(Case.citizen_id == citizen_id).order_by(Case.id)))
        .scalars()
        .all()
    )
    exported = []
    for case in found:
        exported.append(
            ExportCase.model_validate(case).model_copy(
                update={
                    "events": [
                        ExportCaseEvent.model_validate(row)
                        for row in await _rows(session, CaseEvent, case.id)
                    ],
                    "evidence": [
                        ExportEvidence.model_validate(row)
                        for row in await _rows(session, CaseEvidence, case.id)
                    ],
                    "bookings": [
                        ExportBooking.model_validate(row)
                        for row in await _rows(session, MediationBooking, case.id)
                    ],
                }
            )
        )
    return exported


async def _rows(
    session: AsyncSession,
    model: type[CaseEvent] | type[CaseEvidence] | type[MediationBooking],
    case_id: int,
) -> list[object]:
    query = select(model).where(model.case_id == case_id).order_by(model.id)
    return list((await session.execute(query)).scalars())
