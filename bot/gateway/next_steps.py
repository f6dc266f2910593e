"""The buttons under a domain notice: the API stores neutral next-step choices
(`{"choice": "apply_mediation"}`); which words the citizen sees and which payload the
NLU receives when it is tapped are the gateway's business, decided here."""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from api.cases.texts import NextStep
from bot.messages import Button
from textkit.bilingual import Bilingual

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepButton:
    title: Bilingual
    # What Rasa receives when the citizen taps the button.
    payload: str


# Every choice the domain may store (api.cases.texts.NextStep) has its button here.
NEXT_STEPS: Mapping[NextStep, StepButton] = {
    "second_complaint": StepButton(Bilingual("第二次申訴", "Second complaint"), "/file_complaint"),
    "apply_mediation": StepButton(Bilingual("申請調解", "Apply for mediation"), "/book_mediation"),
}


def to_buttons(stored: Iterable[Mapping[str, Any]], language: str) -> tuple[Button, ...]:
    """A notification's stored `buttons` as buttons in the citizen's language."""
    buttons = (_button(row, language) for row in stored)
    return tuple(button for button in buttons if button is not None)


def _button(row: Mapping[str, Any], language: str) -> Button | None:
    if "choice" in row:
        step = NEXT_STEPS.get(row["choice"])
        if step is None:
            log.warning("unknown next-step choice %r left out of a notice", row["choice"])
            return None
        return Button(step.title.pick(language), step.payload)
    # Rows stored before the API kept neutral choices: a title and a Rasa payload.
    return Button(str(row["title"]), str(row["payload"]))
