"""Who makes a change to a case or a booking: the citizen, a staff member, or the desk."""

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # core does not import a domain at run time
    from api.staff.models import Staff


class ActorKind(StrEnum):
    CITIZEN = "citizen"
    """The case's own citizen, through the bot."""
    STAFF = "staff"
    """A signed-in staff member."""
    SYSTEM = "system"
    """The desk itself (scheduled scans)."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change; a staff actor carries the staff member (id and role)."""

    kind: ActorKind
    staff: "Staff | None" = None

    @classmethod
    def of_staff(cls, staff: "Staff") -> "Actor":
        return cls(ActorKind.STAFF, staff)


CITIZEN = Actor(ActorKind.CITIZEN)
SYSTEM = Actor(ActorKind.SYSTEM)
