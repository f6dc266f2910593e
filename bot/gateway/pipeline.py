"""What happens to an inbound event after the webhook stored it, for every push channel:
answer it (NLU, fixed notice or evidence), then deliver the stored answers."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cases import evidence
from api.conversations import service as conversations
from api.core.db import session_scope
from bot.gateway.delivery import (
    ChannelSender,
    DeliveryFailed,
    Target,
    mask,
    send_claimed,
)
from bot.gateway.evidence import EvidenceRejected, EvidenceStore
from bot.gateway.flow import Accepted, MessageFlow, Turn
from bot.gateway.ordering import SerialQueues
from bot.gateway.replies import reply as notice
from bot.messages import InboundMessage

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
        accepted = await self._flow.accept(action.inbound, claim=True)
        if accepted is None:
            return False
        user_id = action.inbound.channel_user_id
        self.queues.submit(user_id, lambda: self._handle(action, accepted))
        return True

    async def _handle(self, action: ChannelAction, accepted: Accepted) -> None:
        """Answer, send the answers (stored already claimed: no second commit before the
        send), then the bookkeeping that need not delay the citizen (what Rasa understood)."""
        turn = await self._handlers[action.handling](action, accepted)
        # Every handler stores its answers claimed (SENDING); anything else would wait for
        # the delivery worker.
        if turn.reply.stored_ids and turn.claimed_for_sending:
            await self._send(action, turn)
        await self._flow.finish(turn)

    async def _send(self, action: ChannelAction, turn: Turn) -> None:
        target = Target(action.inbound.channel, action.inbound.channel_user_id)
        reply, context = turn.reply, action.inbound.reply_context
        try:
            await send_claimed(
                self._sessions, self._sender, target, reply.stored_ids, reply.messages, context
            )
        except DeliveryFailed:
            log.warning("answer to %s left for the delivery worker", mask(target.user_id))

    async def _answer_nlu(self, action: ChannelAction, accepted: Accepted) -> Turn:
        if accepted.handed_off:
            return await self._flow.start_answer(accepted)
        # The typing indicator goes out beside the Rasa call, not before it: one platform
        # round trip less between the citizen's message and the answer.
        typing = asyncio.create_task(self._sender.show_typing(action.inbound.channel_user_id))
        try:
            return await self._flow.start_answer(accepted, claim_answers=True)
        finally:
            await typing  # done long before Rasa answers; the answer must follow it

    async def _answer_notice(self, action: ChannelAction, accepted: Accepted) -> Turn:
        answers = [
            notice(key, accepted.language, privacy_url=self._privacy_url) for key in action.notices
        ]
        return await self._flow.answer_fixed(accepted, answers, claim_answers=True)

    async def _answer_evidence(self, action: ChannelAction, accepted: Accepted) -> Turn:
        try:
            case_number = await self._keep_evidence(action, accepted.message_id)
            key = "evidence_saved" if case_number else "evidence_saved_no_case"
        except EvidenceRejected as rejected:
            key = rejected.notice
        answers = [notice(key, accepted.language)]
        return await self._flow.answer_fixed(accepted, answers, claim_answers=True)

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
