"""Handing the conversation to staff."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import api_for
from actions.desk_api import DeskError, DeskUnavailable

# The desk keeps the first 200 characters of what the citizen asked (POST /api/bot/handoff
# refuses a longer reason): trimmed here so a long request still reaches a person.
HANDOFF_REASON_MAX = 200


class ActionHandoff(Action):
    """POST /api/bot/handoff, then tell the citizen staff will reply and when.

    Asked for in the middle of a form, the person is called and the form goes on (the
    desk keeps the bot answering until a member of staff takes the conversation): the
    citizen is not left waiting with half a complaint."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reason = (tracker.latest_message.get("text") or "").strip()[:HANDOFF_REASON_MAX] or None
        in_form = bool(tracker.active_loop_name)
        try:
            await api_for(tracker).handoff(reason, bot_until_taken=in_form)
        except (DeskUnavailable, DeskError):
            dispatcher.utter_message(response="utter_api_unavailable")
            return []
        dispatcher.utter_message(response="utter_handoff_in_form" if in_form else "utter_handoff")
        return []
