"""The statutory path as data: which transitions are legal, who may make them, labels.

Legal moves (→ target: from sources). Overdue-only moves need the business's
15 days to have passed; booking-driven moves happen only through mediation bookings.
"""

from api.cases.models import CaseStatus, RejectionReason
from api.staff.models import StaffRole
from textkit.bilingual import Bilingual

S = CaseStatus

TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.FORWARDED: frozenset({S.RECEIVED}),
    S.BUSINESS_REPLIED: frozenset({S.FORWARDED}),
    S.SECOND_COMPLAINT: frozenset({S.FORWARDED, S.BUSINESS_REPLIED}),
    S.MEDIATION_REQUESTED: frozenset(
        {S.FORWARDED, S.BUSINESS_REPLIED, S.SECOND_COMPLAINT, S.MEDIATION_SCHEDULED}
    ),
    S.MEDIATION_SCHEDULED: frozenset({S.MEDIATION_REQUESTED}),
    S.MEDIATION_PROPOSED: frozenset({S.MEDIATION_SCHEDULED}),
    S.SETTLED: frozenset({S.MEDIATION_SCHEDULED, S.MEDIATION_PROPOSED}),
    S.NOT_SETTLED: frozenset({S.MEDIATION_SCHEDULED, S.MEDIATION_PROPOSED}),
    S.CLOSED: frozenset({S.BUSINESS_REPLIED, S.SECOND_COMPLAINT, S.SETTLED, S.NOT_SETTLED}),
    S.REJECTED: frozenset({S.RECEIVED, S.SECOND_COMPLAINT, S.MEDIATION_REQUESTED}),
}

# Leaving "forwarded" for an escalation is legal only once the business is overdue.
NEEDS_OVERDUE: frozenset[tuple[CaseStatus, CaseStatus]] = frozenset(
    {(S.FORWARDED, S.SECOND_COMPLAINT), (S.FORWARDED, S.MEDIATION_REQUESTED)}
)

# These moves follow a booking being made or cancelled, never a staff click.
BOOKING_DRIVEN: frozenset[tuple[CaseStatus, CaseStatus]] = frozenset(
    {(S.MEDIATION_REQUESTED, S.MEDIATION_SCHEDULED), (S.MEDIATION_SCHEDULED, S.MEDIATION_REQUESTED)}
)

# Targets only a consumer protection officer (or admin) may set: the committee's decisions.
OFFICER_TARGETS = frozenset({S.MEDIATION_REQUESTED, S.MEDIATION_PROPOSED, S.SETTLED, S.NOT_SETTLED})

OPEN_STATUSES = frozenset(set(CaseStatus) - {S.CLOSED, S.REJECTED})
# Decided or finished: the record is read-only (only the legal moves above stay possible).
READ_ONLY_STATUSES = frozenset({S.SETTLED, S.NOT_SETTLED, S.CLOSED, S.REJECTED})
MEDIATION_STATUSES = frozenset({S.MEDIATION_REQUESTED, S.MEDIATION_SCHEDULED})

BUSINESS_REPLY_DAYS = 15  # Art. 43 II
OBJECTION_DAYS = 10  # Art. 45-2


def is_legal(source: CaseStatus, target: CaseStatus) -> bool:
    return source in TRANSITIONS.get(target, frozenset())


def staff_moves(role: StaffRole, source: CaseStatus, *, overdue: bool) -> list[CaseStatus]:
    """The moves a staff member may offer from `source` (booking-driven ones are not clicks)."""
    return [
        target
        for target in CaseStatus
        if is_legal(source, target)
        and (source, target) not in BOOKING_DRIVEN
        and ((source, target) not in NEEDS_OVERDUE or overdue)
        and role_may(role, source, target)
    ]


def role_may(role: StaffRole, source: CaseStatus, target: CaseStatus) -> bool:
    """Agents run the complaint stages; officers decide mediation and late rejections."""
    if role in (StaffRole.OFFICER, StaffRole.ADMIN):
        return True
    if target in OFFICER_TARGETS:
        return False
    return not (target == S.REJECTED and source != S.RECEIVED)


STATUS_LABELS: dict[CaseStatus, Bilingual] = {
    S.RECEIVED: Bilingual("已受理申訴", "Complaint received"),
    S.FORWARDED: Bilingual("已轉請業者處理", "Forwarded to the business"),
    S.BUSINESS_REPLIED: Bilingual("業者已回覆", "Business replied"),
    S.SECOND_COMPLAINT: Bilingual(
        "第二次申訴（消保官處理中）",
        "Second complaint (consumer protection officer)",
    ),
    S.MEDIATION_REQUESTED: Bilingual("已申請調解", "Mediation requested"),
    S.MEDIATION_SCHEDULED: Bilingual("調解已排定", "Mediation scheduled"),
    S.MEDIATION_PROPOSED: Bilingual("調解方案已提出", "Mediation proposal issued"),
    S.SETTLED: Bilingual("調解成立", "Settled"),
    S.NOT_SETTLED: Bilingual("調解不成立", "Not settled"),
    S.CLOSED: Bilingual("已結案", "Closed"),
    S.REJECTED: Bilingual("不受理", "Rejected"),
}

REJECTION_LABELS: dict[RejectionReason, Bilingual] = {
    RejectionReason.NOT_CONSUMER_DISPUTE: Bilingual("非消費爭議", "not a consumer dispute"),
    RejectionReason.NO_BUSINESS_NAMED: Bilingual("未載明業者", "no business was named"),
    RejectionReason.NO_CONTACT: Bilingual(
        "未提供真實姓名或聯絡方式", "no real name or contact details"
    ),
    RejectionReason.NOT_CONSUMER_OR_AGENT: Bilingual(
        "非消費者本人或代理人提出",
        "filed by neither the consumer nor an agent",
    ),
    RejectionReason.DUPLICATE: Bilingual("與處理中的案件重複", "it duplicates an open case"),
    RejectionReason.ALREADY_RESOLVED: Bilingual(
        "已調解、仲裁或判決確定",
        "it was already mediated, arbitrated or judged",
    ),
    RejectionReason.NO_PRIOR_COMPLAINT: Bilingual(
        "尚未依第43條提出申訴",
        "no complaint under Art. 43 was made first",
    ),
    RejectionReason.INCOMPLETE: Bilingual(
        "資料經通知補正仍不完整",
        "information still missing after a request",
    ),
}
