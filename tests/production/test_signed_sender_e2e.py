"""Trust between processes through the real stack: the gateway signs the citizen's id in
the message metadata Rasa keeps; the action server forwards it; the API acts only for the
citizen whose signature came with the request — so a request forged to the action server
(it holds the service token, not the signing key) cannot act for another citizen."""

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from api.citizens.models import Citizen
from api.conversations.models import Conversation
from api.registry import Base  # noqa: F401  (every model mapped before the first query)
from scripts.stack import Stack

pytestmark = pytest.mark.e2e


def new_web_citizen(stack: Stack) -> str:
    """A citizen says hello in the web chat; their sender id."""
    with httpx.Client(base_url=stack.desk_url, timeout=60) as chat:
        chat.get("/")
        body = {"client_message_id": uuid.uuid4().hex, "text": "你好"}
        assert chat.post("/chat/messages", json=body).status_code == 200
    engine = create_engine(stack.config.sync_database_url)
    with Session(engine) as db:
        citizen = db.scalars(select(Citizen).order_by(Citizen.id.desc())).first()
        assert citizen is not None
        sender = citizen.sender_id
    engine.dispose()
    return sender


def signature_rasa_kept(stack: Stack, sender: str) -> str:
    url = f"{stack.rasa_url}/conversations/{sender}/tracker"
    tracker = httpx.get(url, params={"token": stack.config.rasa_token}, timeout=30).json()
    said = [e for e in tracker["events"] if e["event"] == "user"]
    signature: str = said[-1]["metadata"]["sender_signature"]
    return signature


def run_handoff(stack: Stack, sender: str, metadata: dict[str, Any]) -> list[str]:
    """Call the action server as Rasa would (or as an intruder could); its responses."""
    tracker = {
        "sender_id": sender,
        "slots": {},
        "latest_message": {"text": "please, a person", "metadata": metadata},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    }
    body = {"next_action": "action_handoff", "sender_id": sender, "tracker": tracker,
            "domain": {}, "version": "3.6.2"}  # fmt: skip
    response = httpx.post(f"{stack.config.actions_url}/webhook", json=body, timeout=30)
    response.raise_for_status()
    return [r.get("response") for r in response.json()["responses"]]


def handed_off(stack: Stack, sender: str) -> bool:
    channel, _, user_id = sender.partition(":")
    engine = create_engine(stack.config.sync_database_url)
    with Session(engine) as db:
        query = (
            select(Conversation.handoff_active)
            .join(Citizen, Citizen.id == Conversation.citizen_id)
            .where(Citizen.channel == channel, Citizen.channel_user_id == user_id)
        )
        active = any(db.scalars(query))
    engine.dispose()
    return active


def test_a_forged_action_request_cannot_act_for_another_citizen(desk_stack: Stack) -> None:
    attacker, victim = new_web_citizen(desk_stack), new_web_citizen(desk_stack)
    attackers_signature = signature_rasa_kept(desk_stack, attacker)
    assert attackers_signature != signature_rasa_kept(desk_stack, victim)
    # The victim's id with the attacker's signature, then with none: refused both times.
    forged = run_handoff(desk_stack, victim, {"sender_signature": attackers_signature})
    unsigned = run_handoff(desk_stack, victim, {})
    assert forged == unsigned == ["utter_api_unavailable"]
    assert not handed_off(desk_stack, victim)
    # The same request with the attacker's own id and signature is served.
    assert run_handoff(desk_stack, attacker, {"sender_signature": attackers_signature}) == [
        "utter_handoff"
    ]
    assert handed_off(desk_stack, attacker)


def test_the_api_refuses_the_service_token_alone(desk_stack: Stack) -> None:
    sender = new_web_citizen(desk_stack)
    headers = desk_stack.bot_headers(sender)
    assert httpx.get(f"{desk_stack.desk_url}/api/bot/cases", headers=headers).status_code == 200
    del headers["X-Desk-Sender-Signature"]
    assert httpx.get(f"{desk_stack.desk_url}/api/bot/cases", headers=headers).status_code == 401
