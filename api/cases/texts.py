"""Citizen-visible texts in zh-TW and English: what happens next, and notices.

The API writes them so the bot only renders them. Next steps the citizen can take
are neutral choices; the gateway turns them into buttons for the dialogue.
"""

from datetime import date, datetime
from typing import Literal

from api.cases.models import Case, CaseStatus
from api.cases.stages import REJECTION_LABELS, STATUS_LABELS
from api.core.dates import day, moment
from textkit.bilingual import Bilingual

S = CaseStatus
CENTRE = Bilingual(
    "如有疑問，可洽高雄市消費者服務中心或撥打1950。",
    "Questions? Contact the Kaohsiung consumer service centre or call 1950.",
)
# What a citizen can do once the business lets its 15 days pass (the gateway renders them).
NextStep = Literal["second_complaint", "apply_mediation"]
OVERDUE_CHOICES: tuple[NextStep, ...] = ("second_complaint", "apply_mediation")


def _forwarded(case: Case, today: date) -> Bilingual:
    assert case.business_due_date is not None
    due = day(case.business_due_date)
    if today > case.business_due_date:
        return Bilingual(
            f"業者未在期限（{due.zh}）內回覆。您可以提出第二次申訴（由消保官處理）或申請調解。",
            f"The business missed its deadline ({due.en}). You can file a second complaint "
            "with the consumer protection officer or apply for mediation.",
        )
    return Bilingual(
        f"已請業者處理，業者應在 {due.zh} 前回覆。逾期未妥適處理，您可以再提申訴或申請調解。",
        f"We asked the business to respond by {due.en}. If it does not handle it properly, "
        "you can file a second complaint or apply for mediation.",
    )


def _scheduled(session_start: datetime | None) -> Bilingual:
    if session_start is None:
        return Bilingual("調解會議已排定，請準時出席。", "Your mediation session is booked.")
    when = moment(session_start)
    return Bilingual(
        f"調解會議訂於 {when.zh}，請攜帶證據準時出席；如需改期請提前告知。",
        f"Your mediation session is on {when.en}. Bring your evidence; "
        "tell us early if you need to move it.",
    )


def _proposed(case: Case) -> Bilingual:
    assert case.objection_due_date is not None
    due = day(case.objection_due_date)
    return Bilingual(
        f"調解委員會已提出方案。若不同意，請在 {due.zh} 前提出異議；逾期視為同意。",
        f"The committee proposed a solution. Object by {due.en} if you disagree; "
        "otherwise it counts as accepted.",
    )


def _rejected(case: Case) -> Bilingual:
    reason = REJECTION_LABELS[case.rejection_reason] if case.rejection_reason else Bilingual("", "")
    return Bilingual(
        f"本案不受理，原因：{reason.zh}。{CENTRE.zh}", f"Not accepted: {reason.en}. {CENTRE.en}"
    )


_FIXED: dict[CaseStatus, Bilingual] = {
    S.RECEIVED: Bilingual(
        "我們已收到您的申訴，承辦人審查後會轉請業者處理，業者須在15天內回覆。",
        "We received your complaint. After review we forward it to the business, "
        "which must respond within 15 days.",
    ),
    S.BUSINESS_REPLIED: Bilingual(
        "業者已回覆。若仍未妥善解決，您可以提出第二次申訴或申請調解。",
        "The business replied. If the matter is still not resolved, you can file a "
        "second complaint or apply for mediation.",
    ),
    S.SECOND_COMPLAINT: Bilingual(
        "消保官正在處理您的第二次申訴，必要時會通知雙方到場說明。",
        "A consumer protection officer is handling your second complaint and may "
        "call both sides in.",
    ),
    S.MEDIATION_REQUESTED: Bilingual(
        "調解申請已受理，請選擇調解時段。調解不收費。",
        "Your mediation application was accepted. Please book a session; mediation is free.",
    ),
    S.SETTLED: Bilingual(
        "調解成立。調解書經法院核定後，與確定判決有同一效力。",
        "Settled. Once the court approves the record, it has the effect of a final judgment.",
    ),
    S.NOT_SETTLED: Bilingual(
        "調解不成立。您仍可向法院起訴，金額較小可用小額訴訟。",
        "Not settled. You can still go to court; small claims procedure suits smaller amounts.",
    ),
    S.CLOSED: Bilingual("本案已結案，謝謝您。", "This case is closed. Thank you."),
}


def next_step(case: Case, *, today: date, session_start: datetime | None = None) -> Bilingual:
    """Plain words: what happens next in this case and by when."""
    if case.status == S.FORWARDED:
        return _forwarded(case, today)
    if case.status == S.MEDIATION_SCHEDULED:
        return _scheduled(session_start)
    if case.status == S.MEDIATION_PROPOSED:
        return _proposed(case)
    if case.status == S.REJECTED:
        return _rejected(case)
    return _FIXED[case.status]


def stage_changed(case: Case, *, today: date, session_start: datetime | None) -> Bilingual:
    label = STATUS_LABELS[case.status]
    step = next_step(case, today=today, session_start=session_start)
    return Bilingual(
        f"案件 {case.number} 進度更新：{label.zh}。{step.zh}",
        f"Case {case.number} update: {label.en}. {step.en}",
    )


def business_overdue(case: Case) -> Bilingual:
    assert case.business_due_date is not None
    due = day(case.business_due_date)
    return Bilingual(
        f"案件 {case.number}：業者未在 {due.zh} 前回覆您的申訴。"
        "您可以提出第二次申訴（消保官）或申請調解。",
        f"Case {case.number}: the business did not reply by {due.en}. "
        "You can file a second complaint or apply for mediation.",
    )


def overdue_choices() -> list[dict[str, str]]:
    """The notice's `buttons` JSON: neutral choices, no titles or dialogue payloads."""
    return [{"choice": choice} for choice in OVERDUE_CHOICES]
