"""No personal data in any log of a real run: a citizen files a complaint through the web
chat of the production configuration — real Rasa servers, the action server, the desk
workers with their delivery worker, PostgreSQL — giving a made-up name and phone number;
then every process log (and the database server's) is searched for them."""

from pathlib import Path

import pytest

from scripts.stack import Stack
from tests.e2e.conversation import (
    CASE_NUMBER,
    ZH_ANSWERS,
    answer_for,
    buttons,
    pick_confirm,
    say,
    stored_case,
    texts,
    web_citizen,
)
from tests.production.private_postgres.cluster import PrivatePostgres

pytestmark = [pytest.mark.e2e, pytest.mark.production]
# Made up for this test; nowhere else in the repository.
NAME, PHONE = "柯雅婷", "0935-246-813"
SECRETS = (NAME, PHONE, PHONE.replace("-", ""), PHONE.replace("-", " "))
ANSWERS = [(k, v) for k, v in ZH_ANSWERS if k not in ("姓名", "電話")] + [
    ("姓名", NAME),
    ("電話", PHONE),
]


def file_complaint(stack: Stack) -> str:
    """The citizen tells the story, answers what the form asks, confirms: the case number."""
    with web_citizen(stack) as chat:
        replies = say(chat, "我要申訴")
        for _ in range(14):
            found = CASE_NUMBER.search(texts(replies))
            if found:
                return found.group()
            confirm = pick_confirm(buttons(replies))
            replies = say(chat, confirm or answer_for(texts(replies), ANSWERS))
    raise AssertionError(f"no case number; last answer: {texts(replies)}")


def process_logs(stack: Stack, postgres: PrivatePostgres) -> dict[str, str]:
    logs = [*sorted(stack.config.log_dir.glob("*.log")), postgres.workdir / "server.log"]
    return {path.name: Path(path).read_text(errors="replace") for path in logs}


def test_a_complaint_leaves_no_name_or_phone_in_any_process_log(
    private_stack: Stack, private_postgres: PrivatePostgres
) -> None:
    number = file_complaint(private_stack)
    case = stored_case(private_stack, number)
    assert (case.contact_name, case.contact_phone.replace("-", "")) == (NAME, SECRETS[2])
    logs = process_logs(private_stack, private_postgres)
    assert {"desk.log", "rasa.log", "rasa-2.log", "actions.log"} <= set(logs)
    assert "POST /chat/messages" in logs["desk.log"]  # the desk's access log was on
    leaks = {
        name: [line for line in text.splitlines() if any(s in line for s in SECRETS)]
        for name, text in logs.items()
    }
    assert {name: lines for name, lines in leaks.items() if lines} == {}
