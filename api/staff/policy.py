"""Who may do what: one table of role permissions and one table of API routes.

`api.staff.deps.current_staff` checks every staff route against ROUTE_RULES, so a route
needs no role code of its own and a route missing from the table is refused (fail
closed). docs/console.md shows both tables."""

from dataclasses import dataclass
from enum import StrEnum

from api.staff.models import StaffRole


class Permission(StrEnum):
    SIGNED_IN = "signed_in"
    """Any active staff member: who am I, change my password, sign out."""
    CONVERSATIONS = "conversations"
    """Inbox, transcripts, replies, take / assign / release, hand back."""
    CASES_READ = "cases:read"
    """Case list, detail and evidence (an agent answers 'where is my case?')."""
    CASES = "cases"
    """Stage transitions, corrections, notices."""
    MEDIATION_READ = "mediation:read"
    MEDIATION = "mediation"
    """Sessions and bookings: create, book, move, cancel."""
    FAQ_EDIT = "faq:edit"
    """Draft and edit knowledge-base entries."""
    FAQ_PUBLISH = "faq:publish"
    """What the bot tells citizens: publish and unpublish."""
    STAFF = "staff"
    ACCESS_LOG = "access_log"


_AGENT = frozenset(
    {
        Permission.SIGNED_IN,
        Permission.CONVERSATIONS,
        Permission.CASES_READ,
        Permission.MEDIATION_READ,
        Permission.FAQ_EDIT,
    }
)
ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.AGENT: _AGENT,
    StaffRole.OFFICER: _AGENT | {Permission.CASES, Permission.MEDIATION},
    StaffRole.ADMIN: frozenset(Permission),
}

READS = frozenset({"GET", "HEAD"})
ANY = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class RouteRule:
    methods: frozenset[str]
    prefix: str
    permission: Permission


# First match wins: specific paths before their prefix.
ROUTE_RULES: tuple[RouteRule, ...] = (
    RouteRule(ANY, "/api/auth", Permission.SIGNED_IN),
    # The conversation desk (api/conversations/router.py): an agent's work, spelled out.
    RouteRule(ANY, "/api/conversations/{conversation_id}/take", Permission.CONVERSATIONS),
    RouteRule(ANY, "/api/conversations/{conversation_id}/assign", Permission.CONVERSATIONS),
    RouteRule(ANY, "/api/conversations/{conversation_id}/release", Permission.CONVERSATIONS),
    RouteRule(ANY, "/api/conversations/{conversation_id}/canned", Permission.CONVERSATIONS),
    RouteRule(ANY, "/api/conversations", Permission.CONVERSATIONS),
    # Case work (api/cases/work.py): officers; spelled out so the table names each route.
    RouteRule(ANY, "/api/cases/{number}/business-reply", Permission.CASES),
    RouteRule(ANY, "/api/cases/{number}/notes", Permission.CASES),
    RouteRule(ANY, "/api/cases/{number}/contact", Permission.CASES),
    RouteRule(ANY, "/api/cases/{number}/officer", Permission.CASES),
    RouteRule(READS, "/api/cases", Permission.CASES_READ),
    RouteRule(ANY, "/api/cases", Permission.CASES),
    # The calendar (api/mediation/calendar.py): close and move sessions are officers'.
    RouteRule(ANY, "/api/mediation/slots/{slot_id}/close", Permission.MEDIATION),
    RouteRule(ANY, "/api/mediation/slots/{slot_id}/move", Permission.MEDIATION),
    RouteRule(READS, "/api/mediation", Permission.MEDIATION_READ),
    RouteRule(ANY, "/api/mediation", Permission.MEDIATION),
    RouteRule(ANY, "/api/faq/entries/{entry_id}/publish", Permission.FAQ_PUBLISH),
    RouteRule(ANY, "/api/faq/entries/{entry_id}/unpublish", Permission.FAQ_PUBLISH),
    RouteRule(ANY, "/api/faq/entries", Permission.FAQ_EDIT),
    RouteRule(ANY, "/api/staff", Permission.STAFF),
    RouteRule(ANY, "/api/audit/changes", Permission.ACCESS_LOG),
    RouteRule(ANY, "/api/audit", Permission.ACCESS_LOG),
    # Export and erasure of a citizen's personal data (api/privacy): officers and admins.
    RouteRule(ANY, "/api/privacy", Permission.CASES),
)

# Reads that show a citizen's personal data; each one is written to the access log.
PERSONAL_DATA_READS = frozenset(
    {
        "/api/conversations/{conversation_id}/messages",
        "/api/conversations/{conversation_id}/cases",
        # Canned replies come filled with the citizen's name and case.
        "/api/conversations/{conversation_id}/canned",
        "/api/cases",
        "/api/cases/{number}",
        "/api/cases/{number}/evidence",
        "/api/cases/{number}/evidence/{evidence_id}",
        "/api/mediation/bookings",
        "/api/audit/changes",
    }
)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def permission_for(method: str, path_template: str) -> Permission | None:
    """The permission a staff route needs; None when the table does not know the route."""
    for rule in ROUTE_RULES:
        if method in rule.methods and _under(path_template, rule.prefix):
            return rule.permission
    return None


def may(role: StaffRole, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
