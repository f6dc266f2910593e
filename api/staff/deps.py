"""Who is calling: `CurrentStaff` from a bearer token or the console's cookie."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.core.deps import SessionDep, SettingsDep
from api.core.errors import Forbidden, Unauthorized
from api.staff import service
from api.staff.models import Staff, StaffRole
from api.staff.security import COOKIE_NAME, read_token

_bearer = HTTPBearer(auto_error=False, description="Staff token from POST /api/auth/login")


async def current_staff(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Staff:
    """Any signed-in, active staff member."""
    token = credentials.credentials if credentials else request.cookies.get(COOKIE_NAME)
    if not token:
        raise Unauthorized("staff sign-in required")
    return await service.get_active(session, read_token(settings.session_secret, token))


CurrentStaff = Annotated[Staff, Depends(current_staff)]


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
