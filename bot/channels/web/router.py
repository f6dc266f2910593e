"""Web chat channel: the same message flow as LINE and Telegram, identity from a signed cookie."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from api.citizens import service as citizens
from api.conversations import lifecycle
from api.conversations import service as conversations
from api.conversations.models import Message, MessageStatus
from api.core.db import session_scope
from api.core.deps import SettingsDep
from api.core.errors import Unauthorized, Unprocessable
from api.core.schemas import ErrorRead
from bot.channels.web import identity
from bot.channels.web.limits import ChatRateLimiter, chat_limiter_of, client_address, too_many
from bot.channels.web.schemas import ChatIn, ChatMessage, ChatOut
from bot.gateway import replies
from bot.gateway.runtime import gateway_of
from bot.messages import MAX_INBOUND_TEXT, Channel, InboundMessage
from textkit import language

router = APIRouter(tags=["web chat"])
PAGE = (Path(__file__).parent / "static" / "chat.html").read_text(encoding="utf-8")


async def web_id(request: Request, settings: SettingsDep) -> str:
    found = identity.read(request, settings.session_secret.get_secret_value())
    if found is None:
        raise Unauthorized("open the chat page first to get a session")
    return found


WebId = Annotated[str, Depends(web_id)]
Limiter = Annotated[ChatRateLimiter, Depends(chat_limiter_of)]
THROTTLED: dict[int | str, dict[str, object]] = {
    429: {"model": ErrorRead, "description": "Too many messages; see Retry-After"}
}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The public web chat: anyone can talk to the bot without LINE or Telegram."""
    response = HTMLResponse(PAGE)
    if identity.read(request, settings.session_secret.get_secret_value()) is None:
        identity.issue(
            response, settings.session_secret.get_secret_value(), secure=settings.secure_cookies
        )
    return response


@router.post("/chat/messages", response_model=ChatOut, responses=THROTTLED)
async def post_message(
    body: ChatIn, request: Request, citizen: WebId, limiter: Limiter
) -> ChatOut | JSONResponse:
    """Send one message as the cookie's citizen; the answers come back in the response."""
    text = body.text.strip()
    lang = language.detect_language(text)
    wait = await limiter.admit(citizen=citizen, address=client_address(request))
    if wait is not None:
        return too_many(wait, lang or language.ZH)
    if not text:
        raise Unprocessable("empty message / 訊息是空的", field="text")
    if len(text) > MAX_INBOUND_TEXT:
        too_long = replies.text("too_long", lang or language.ZH)
        raise Unprocessable(too_long, field="text", max_length=MAX_INBOUND_TEXT)
    inbound = InboundMessage(
        channel=Channel.WEB,
        channel_user_id=citizen,
        event_id=body.client_message_id,
        text=text,
        language=lang,
    )
    reply = await gateway_of(request).flow.handle(inbound)
    messages = await _deliver(request, reply.stored_ids)
    return ChatOut(language=reply.language or lang or language.ZH, messages=messages)


@router.get("/chat/messages", response_model=ChatOut)
async def poll_messages(
    request: Request, citizen: WebId, after: Annotated[int, Query(ge=0)] = 0
) -> ChatOut:
    """History and anything new since `after` (staff replies, answers that waited for Rasa)."""
    # A read on the 3-second hot path: nothing is created for a citizen who never wrote.
    async with session_scope(gateway_of(request).sessions) as session:
        person = await citizens.find(session, channel="web", channel_user_id=citizen)
        if person is None:
            return ChatOut(language=language.ZH, messages=[])
        conversation = await conversations.find_for_citizen(session, person.id)
        if conversation is None:
            return ChatOut(language=person.language, messages=[])
        found = await conversations.messages_after(session, conversation, after_id=after)
        await lifecycle.shown_on_page(session, found)
        lang = person.language
    return ChatOut(language=lang, messages=[_view(m) for m in found])


async def _deliver(request: Request, ids: list[int]) -> list[ChatMessage]:
    """The answers go back in the HTTP response: that is their delivery."""
    if not ids:
        return []
    async with session_scope(gateway_of(request).sessions) as session:
        await lifecycle.set_status(session, ids, MessageStatus.SENT, delivery="web")
        return [_view(m) for m in await conversations.by_ids(session, ids)]


def _view(message: Message) -> ChatMessage:
    payload = message.payload or {}
    return ChatMessage(
        id=message.id,
        author=message.author,
        text=message.text,
        buttons=payload.get("buttons", []),
        custom=payload.get("custom"),
    )
