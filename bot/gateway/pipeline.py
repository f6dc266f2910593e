"""What happens to an inbound event after the webhook stored it, for every push channel:
answer it (NLU, fixed notice or evidence), then deliver the stored answers."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cases import evidence
from api.conversations import service as conversations
from api.core.db import session_scope
from bot.gateway.delivery import ChannelSender, DeliveryFailed, Target, deliver_stored, mask
from bot.gateway.evidence import EvidenceRejected, EvidenceStore
from bot.gateway.flow import Accepted, MessageFlow
from bot.gateway.ordering import SerialQueues
from bot.gateway.replies import reply as notice
from bot.messages import InboundMessage, Reply

log = logging.getLogger(__name__)
# Downloads an attachment's bytes from the platform by its platform id.
ContentFetcher = Callable[[str], Awaitable[bytes]]


class Handling(StrEnum):
    NLU = "nlu"
    """Text or a button answer: the flow sends it to Rasa (or to staff)."""
    NOTICE = "notice"
    """Answered with fixed notices (welcome, sticker …)."""
    EVIDENCE = "evidence"
    """An image or file: download it and keep it as evidence."""


@dataclass(frozen=True)
class ChannelAction:
    inbound: InboundMessage
    handling: Handling
    notices: tuple[str, ...] = ()
    # Platform id of the content (image, file) to download.
    content_id: str | None = None
    declared_size: int | None = None
    file_name: str | None = None
    kind: str = "image"


class Pipeline:
    def __init__(
        self,
        *,
        flow: MessageFlow,
        sessions: async_sessionmaker[AsyncSession],
        sender: ChannelSender,
        fetch_content: ContentFetcher,
        evidence: EvidenceStore,
        queues: SerialQueues,
        privacy_url: str,
    ) -> None:
        self._flow = flow
        # Filled into fixed notices that link the privacy notice (follow, /start).
        self._privacy_url = privacy_url
        self._sessions = sessions
        self._sender = sender
        self._fetch = fetch_content
        self._evidence = evidence
        self.queues = queues
        self._handlers = {
            Handling.NLU: self._answer_nlu,
            Handling.NOTICE: self._answer_notice,
            Handling.EVIDENCE: self._answer_evidence,
        }

    async def receive(self, action: ChannelAction) -> bool:
        """Store the event (the caller acks after this) and answer it in the background.
        False for a redelivered event."""
        accepted = await self._flow.accept(action.inbound)
        if accepted is None:
            return False
        user_id = action.inbound.channel_user_id
        self.queues.submit(user_id, lambda: self._handle(action, accepted))
        return True

    async def _handle(self, action: ChannelAction, accepted: Accepted) -> None:
        reply = await self._handlers[action.handling](action, accepted)
        if not reply.stored_ids:
            return
        target = Target(action.inbound.channel, action.inbound.channel_user_id)
        try:
            await deliver_stored(
                self._sessions,
                self._sender,
                target,
                reply.stored_ids,
                reply_context=action.inbound.reply_context,
            )
        except DeliveryFailed:
            log.warning("answer to %s left for the delivery worker", mask(target.user_id))

    async def _answer_nlu(self, action: ChannelAction, accepted: Accepted) -> Reply:
        if not accepted.handed_off:
            await self._sender.show_typing(action.inbound.channel_user_id)
        return await self._flow.answer(accepted)

    async def _answer_notice(self, action: ChannelAction, accepted: Accepted) -> Reply:
        answers = [
            notice(key, accepted.language, privacy_url=self._privacy_url) for key in action.notices
        ]
        return await self._flow.answer_fixed(accepted, answers)

    async def _answer_evidence(self, action: ChannelAction, accepted: Accepted) -> Reply:
        try:
            case_number = await self._keep_evidence(action, accepted.message_id)
            key = "evidence_saved" if case_number else "evidence_saved_no_case"
        except EvidenceRejected as rejected:
            key = rejected.notice
        return await self._flow.answer_fixed(accepted, [notice(key, accepted.language)])

    async def _keep_evidence(self, action: ChannelAction, message_id: int) -> str | None:
        """Store the file on its message and with the citizen's open case (its number)."""
        self._evidence.check_declared(action.declared_size)
        assert action.content_id is not None
        try:
            data = await self._fetch(action.content_id)
        except Exception as exc:
            log.warning("evidence download failed: %s", type(exc).__name__)
            raise EvidenceRejected("evidence_unavailable") from exc
        attachment = await self._evidence.keep(data, kind=action.kind, name=action.file_name)
        async with session_scope(self._sessions) as session:
            await conversations.add_attachment(session, message_id, attachment.__dict__)
            citizen_id = await conversations.citizen_of_message(session, message_id)
            return await evidence.attach_to_open_case(
                session,
                citizen_id=citizen_id,
                message_id=message_id,
                attachment=attachment.__dict__,
            )
