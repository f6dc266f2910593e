"""Who is calling and may they: `CurrentStaff` from a bearer token or the console's
session cookie, checked against the role table (api/staff/policy.py) on every route."""

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.core.deps import SessionDep
from api.core.errors import Forbidden, Unauthorized
from api.staff import sessions
from api.staff.models import Staff, StaffRole, StaffSession
from api.staff.policy import PERSONAL_DATA_READS, READS, Permission, may, permission_for
from api.staff.security import COOKIE_NAME, CSRF_HEADER

_bearer = HTTPBearer(auto_error=False, description="Staff token from POST /api/auth/login")


@dataclass(frozen=True)
class SignedIn:
    staff: Staff
    session: StaffSession
    by_cookie: bool


async def sign_in_from(
    db: AsyncSession, request: Request, *, token: str | None, by_cookie: bool
) -> SignedIn:
    """The live session behind `token`; cookie calls that change state must carry the
    session's CSRF token in a header (a bearer token cannot be sent by another site)."""
    if not token:
        raise Unauthorized("staff sign-in required")
    row, staff = await sessions.resolve(db, token)
    if by_cookie and request.method not in READS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), row.csrf_token.encode()):
            raise Forbidden("missing or wrong CSRF token", header=CSRF_HEADER)
    return SignedIn(staff, row, by_cookie)


def _route_path(request: Request) -> str:
    route = request.scope.get("route")
    return route.path if isinstance(route, APIRoute) else request.url.path


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def signed_in(request: Request, db: SessionDep, credentials: BearerCredentials) -> SignedIn:
    """Any live session; the route's permission is checked by `current_staff`."""
    if credentials:
        return await sign_in_from(db, request, token=credentials.credentials, by_cookie=False)
    return await sign_in_from(db, request, token=request.cookies.get(COOKIE_NAME), by_cookie=True)


SignedInDep = Annotated[SignedIn, Depends(signed_in)]


async def current_staff(request: Request, db: SessionDep, who: SignedInDep) -> Staff:
    """A signed-in staff member whose role may call this route (fail closed)."""
    path = _route_path(request)
    permission = permission_for(request.method, path)
    if permission is None:
        raise Forbidden("no role rule covers this route (api/staff/policy.py)")
    require(who.staff, permission)
    if request.method in READS and path in PERSONAL_DATA_READS:
        audit.record_read(
            db,
            staff_id=who.staff.id,
            action=f"{request.method} {path}",
            params=request.path_params,
        )
    return who.staff


CurrentStaff = Annotated[Staff, Depends(current_staff)]


def require(staff: Staff, permission: Permission) -> None:
    if not may(staff.role, permission):
        raise Forbidden("your role may not do this", required=str(permission))


def require_role(*roles: StaffRole) -> Callable[[Staff], Awaitable[Staff]]:
    """A dependency admitting staff with one of `roles` (admins always pass)."""
    allowed = {*roles, StaffRole.ADMIN}

    async def checker(staff: CurrentStaff) -> Staff:
        if staff.role not in allowed:
            raise Forbidden("your role may not do this", required=sorted(allowed))
        return staff

    return checker


OfficerStaff = Annotated[Staff, Depends(require_role(StaffRole.OFFICER))]
AdminStaff = Annotated[Staff, Depends(require_role(StaffRole.ADMIN))]
