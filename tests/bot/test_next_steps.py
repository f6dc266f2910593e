"""A notice's stored buttons become buttons in the citizen's language: neutral next-step
choices through the gateway's table, rows stored before that as they were."""

from typing import get_args

from api.cases.texts import OVERDUE_CHOICES, NextStep
from bot.gateway.next_steps import NEXT_STEPS, to_buttons
from bot.messages import Button


def test_every_choice_the_domain_may_store_has_a_button() -> None:
    assert set(get_args(NextStep)) == set(NEXT_STEPS)


def test_neutral_choices_render_in_the_citizens_language() -> None:
    stored = [{"choice": choice} for choice in OVERDUE_CHOICES]
    assert to_buttons(stored, "zh-TW") == (
        Button("第二次申訴", "/file_complaint"),
        Button("申請調解", "/book_mediation"),
    )
    assert to_buttons(stored, "en") == (
        Button("Second complaint", "/file_complaint"),
        Button("Apply for mediation", "/book_mediation"),
    )


def test_rows_stored_with_title_and_payload_still_render() -> None:
    stored = [{"title": "申請調解", "title_en": "Apply", "payload": "/request_mediation"}]
    assert to_buttons(stored, "zh-TW") == (Button("申請調解", "/request_mediation"),)


def test_an_unknown_choice_is_left_out() -> None:
    stored = [{"choice": "retired_step"}, {"choice": "apply_mediation"}]
    assert to_buttons(stored, "en") == (Button("Apply for mediation", "/book_mediation"),)
