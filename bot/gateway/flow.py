"""The one path every inbound message takes, whatever its channel:
store it → handed off? → staff console : Rasa → store the answers."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens import service as citizens
from api.conversations import lifecycle
from api.conversations import service as conversations
from api.conversations.intake import NewInbound
from api.conversations.models import Author, MessageStatus
from api.core.db import retry_disconnects, session_scope
from bot.gateway.intake import Intake
from bot.gateway.rasa_client import RasaClient, RasaUnavailable
from bot.gateway.replies import reply as fixed_reply
from bot.gateway.understanding import TrackerReader
from bot.messages import InboundMessage, OutboundMessage, Reply

log = logging.getLogger(__name__)

# Called with (conversation id, message id) when a message lands in the console.
StaffNotifier = Callable[[int, int], Awaitable[None]]


@dataclass(frozen=True)
class Accepted:
    """An inbound message stored for the first time."""

    message_id: int
    handed_off: bool
    conversation_id: int
    # The language of the exchange: the message's own, else the citizen's previous one.
    language: str
    # Claimed for answering in the same commit that stored it (`accept(claim=True)`).
    claimed: "_Claimed | None" = None


@dataclass(frozen=True)
class Turn:
    """One inbound message answered. What Rasa understood of it is read back and kept by
    `MessageFlow.finish`, after the caller sent the answers: it is bookkeeping for the
    console, not part of the citizen's wait."""

    reply: Reply
    # (the claimed message, its id) when what Rasa understood is still to be read back.
    unread: "tuple[_Claimed, int] | None" = None
    # The answers were stored already claimed for sending: the caller sends them now.
    claimed_for_sending: bool = False


@dataclass(frozen=True)
class _Claimed:
    sender_id: str
    channel: str
    text: str
    language: str
    conversation_id: int


class MessageFlow:
    """Takes each inbound message from stored to answered (or handed to staff)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        rasa: RasaClient,
        *,
        notify_staff: StaffNotifier | None = None,
        understanding: TrackerReader | None = None,
    ) -> None:
        self._sessions = sessionmaker
        self._intake = Intake(sessionmaker)
        self._rasa = rasa
        self._notify_staff = notify_staff
        # Reads back what Rasa understood of each turn, for the console (None: not kept).
        self._understanding = understanding

    async def handle(self, inbound: InboundMessage) -> Reply:
        """Store first (commit), then answer; a redelivered event is answered once."""
        accepted = await self.accept(inbound)
        if accepted is None:
            return Reply(duplicate=True)
        return replace(await self.answer(accepted), language=accepted.language)

    async def accept(self, inbound: InboundMessage, *, claim: bool = False) -> Accepted | None:
        """Store (commit) only; None for a redelivery. Webhooks ack after this.

        `claim`: the caller answers it next (a push channel's background turn), so the
        message is claimed in the same commit — the turn needs no commit of its own before
        Rasa, and a worker that dies before the turn runs leaves a claim the delivery
        worker hands back (never a stored message nobody answers)."""
        return await self._store(inbound, claim=claim)

    async def answer(self, accepted: Accepted) -> Reply:
        """Staff console when handed off, Rasa otherwise."""
        turn = await self.start_answer(accepted)
        await self.finish(turn)
        return turn.reply

    async def start_answer(self, accepted: Accepted, *, claim_answers: bool = False) -> Turn:
        """`answer` up to the stored answers; the caller sends them, then calls `finish`.
        `claim_answers`: store them claimed for sending (QUEUED → SENDING saved a commit)."""
        if accepted.handed_off:
            if self._notify_staff:
                await self._notify_staff(accepted.conversation_id, accepted.message_id)
            return Turn(Reply())
        return await self.start_process(
            accepted.message_id, claim_answers=claim_answers, claimed=accepted.claimed
        )

    async def answer_fixed(
        self, accepted: Accepted, answers: list[OutboundMessage], *, claim_answers: bool = False
    ) -> Turn:
        """Answer a stored event the NLU need not see (follow, sticker, evidence)."""
        if accepted.handed_off:
            return await self.start_answer(accepted)
        claimed = accepted.claimed or await self._claim(accepted.message_id)
        if claimed is None:
            return Turn(Reply(duplicate=True))
        stored = _Stored(MessageStatus.PROCESSED, answers, Author.SYSTEM, claim_answers)
        return Turn(await self._answer(claimed, accepted.message_id, stored), None, claim_answers)

    async def process(self, message_id: int, *, tell_citizen_to_wait: bool = True) -> Reply:
        """Answer one stored inbound message, unless another worker already took it.

        A retry passes `tell_citizen_to_wait=False`: the citizen already got the
        "we received your message" note once."""
        turn = await self.start_process(message_id, tell_citizen_to_wait=tell_citizen_to_wait)
        await self.finish(turn)
        return turn.reply

    async def start_process(
        self,
        message_id: int,
        *,
        tell_citizen_to_wait: bool = True,
        claim_answers: bool = False,
        claimed: "_Claimed | None" = None,
    ) -> Turn:
        """`process` up to the stored answers (see `start_answer`); `claimed`: the message
        was claimed as it was stored."""
        claimed = claimed or await self._claim(message_id)
        if claimed is None:
            return Turn(Reply(duplicate=True))
        try:
            answers = await self._ask_rasa(claimed)
        except RasaUnavailable as exc:
            log.warning("rasa unavailable, message %s waits: %s", message_id, exc)
            notes = [fixed_reply("received_later", claimed.language)]
            waiting = notes if tell_citizen_to_wait else []
            stored = _Stored(MessageStatus.PENDING, waiting, Author.SYSTEM, claim_answers)
            return Turn(await self._answer(claimed, message_id, stored), None, claim_answers)
        stored = _Stored(MessageStatus.PROCESSED, answers, Author.BOT, claim_answers)
        reply = await self._answer(claimed, message_id, stored)
        unread = (claimed, message_id) if answers and self._understanding else None
        return Turn(reply, unread, claim_answers)

    async def finish(self, turn: Turn) -> None:
        """Read back and keep what Rasa understood of an answered turn (best effort). Called
        inside the citizen's turn, so Rasa's latest message is still this one."""
        if turn.unread is None:
            return
        claimed, message_id = turn.unread
        understood = await self._understood(claimed)
        if understood is None:
            return
        async with session_scope(self._sessions) as session:
            await lifecycle.record_understanding(session, message_id, understood)

    async def _ask_rasa(self, claimed: _Claimed) -> list[OutboundMessage]:
        """Rasa's answers. Every turn of this bot answers, so none means the turn failed inside
        Rasa — its REST channel still says 200: a custom action could not reach the action
        server ("the action's events are lost"), or the lock store was unreachable and the
        turn never ran. The message then waits and is asked again. (The tracker cannot tell
        these from a turn that ran: Rasa keeps the user's message either way.)"""
        answers = await self._rasa.send(
            sender_id=claimed.sender_id,
            text=claimed.text,
            language=claimed.language,
            channel=claimed.channel,
        )
        if not answers:
            raise RasaUnavailable("Rasa gave no answer (an action or the lock store failed)")
        return answers

    async def _understood(self, claimed: _Claimed) -> dict[str, Any] | None:
        if self._understanding is None:
            return None
        return await self._understanding.understood(sender_id=claimed.sender_id, text=claimed.text)

    async def _store(self, inbound: InboundMessage, *, claim: bool) -> Accepted | None:
        # Stored in one commit with whatever else arrives meanwhile (bot/gateway/intake.py).
        attachments = [a.__dict__ for a in inbound.attachments]
        event = NewInbound(
            channel=inbound.channel,
            channel_user_id=inbound.channel_user_id,
            event_id=inbound.event_id,
            text=inbound.text,
            language=inbound.language,
            payload={"attachments": attachments} if attachments else None,
            reply_context=inbound.reply_context,
            claim=claim,
        )
        stored = await self._intake.store(event)
        if stored is None:
            return None
        language, conversation_id = stored.language, stored.conversation_id
        claimed = (
            _Claimed(stored.sender_id, inbound.channel, inbound.text, language, conversation_id)
            if stored.claimed
            else None
        )
        # A held conversation's message was stored for staff (api decides).
        held = stored.held_for_staff
        return Accepted(stored.message_id, held, conversation_id, language, claimed)

    async def _claim(self, message_id: int) -> _Claimed | None:
        # A database restart must not leave the message unclaimed (nothing would answer it).
        return await retry_disconnects(lambda: self._claim_once(message_id))

    async def _claim_once(self, message_id: int) -> _Claimed | None:
        async with session_scope(self._sessions) as session:
            if not await lifecycle.claim_for_processing(session, message_id):
                return None
            message = await conversations.get_message(session, message_id)
            conversation = await conversations.get(session, message.conversation_id)
            citizen = await citizens.get_by_id(session, conversation.citizen_id)
            return _Claimed(
                sender_id=citizen.sender_id,
                channel=message.channel,
                text=message.text,
                language=message.language,
                conversation_id=conversation.id,
            )

    async def _answer(self, claimed: _Claimed, message_id: int, stored: "_Stored") -> Reply:
        """Store the answers as outbound messages (queued, or already claimed for sending)
        and the inbound message's new status in one commit; the channel marks them sent.
        Rasa's answers outlast a database restart: asking Rasa again would run the turn twice."""
        return await retry_disconnects(lambda: self._answer_once(claimed, message_id, stored))

    async def _answer_once(self, claimed: _Claimed, message_id: int, stored: "_Stored") -> Reply:
        answers = lifecycle.Answers(
            conversation_id=claimed.conversation_id,
            channel=claimed.channel,
            author=stored.author,
            status=MessageStatus.SENDING if stored.claimed else MessageStatus.QUEUED,
            messages=[(a.text, a.language, a.to_payload()) for a in stored.answers],
        )
        async with session_scope(self._sessions) as session:
            ids = await lifecycle.answer_claimed(
                session, message_id, stored.inbound_status, answers
            )
            if ids is None:
                return Reply(duplicate=True)  # a dropped commit of ours went through
            return Reply(messages=stored.answers, stored_ids=ids)


@dataclass(frozen=True)
class _Stored:
    """What `_answer` stores for one inbound message."""

    inbound_status: MessageStatus
    answers: list[OutboundMessage]
    author: Author
    # Stored as SENDING: the caller sends them right away (no separate claim commit).
    claimed: bool = False
