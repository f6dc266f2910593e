"""The conversation's files and the reply box's helpers: photos and files the citizen sent
(shown as thumbnails), a canned reply filled for this citizen."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response

from api.citizens import service as citizens
from api.conversations import canned
from api.conversations import service as conversations
from api.core.deps import SessionDep
from api.core.errors import NotFound
from desk.console.web import HEADERS, ConsoleStaff, Screen, render

router = APIRouter()


@router.get("/{conversation_id}/files/{message_id}/{index}")
async def attachment_file(
    conversation_id: int, message_id: int, index: int, request: Request, db: SessionDep,
    _who: ConsoleStaff,
) -> FileResponse:  # fmt: skip
    """Staff: one file the citizen sent, as stored (its type sniffed from the bytes)."""
    attachment = await conversations.attachment_of(
        db, conversation_id=conversation_id, message_id=message_id, index=index
    )
    root = request.app.state.settings.evidence_dir
    path = root / str(attachment["ref"])
    if path.name != attachment["ref"] or not path.is_file():
        raise NotFound("the file is missing")
    media_type = str(attachment.get("content_type") or "application/octet-stream")
    return FileResponse(path, media_type=media_type, headers=HEADERS)


@router.get("/{conversation_id}/canned")
async def canned_reply(
    conversation_id: int,
    request: Request,
    db: SessionDep,
    who: ConsoleStaff,
    key: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """Staff: the reply box holding the canned reply `key`, filled in the citizen's language
    from their newest case (an empty box for no choice)."""
    conversation = await conversations.get(db, conversation_id)
    citizen = await citizens.get_by_id(db, conversation.citizen_id)
    filled = ""
    if key:
        filled = await canned.filled(db, key=key, citizen=citizen, language=citizen.language)
    return render(Screen(request, who), "partials/reply_box.html", {"reply_text": filled})
