"""Staff sign-in (bearer token + HttpOnly cookie for the console) and staff accounts."""

from typing import Any

from fastapi import APIRouter, Request, Response

from api.core.deps import SessionDep, SettingsDep
from api.core.schemas import errors
from api.staff import service, sessions
from api.staff.deps import AdminStaff, BearerCredentials, CurrentStaff, SignedInDep
from api.staff.login import (
    LoginThrottled,
    ThrottleDep,
    client_address,
    log_in,
    set_session_cookie,
    throttled_response,
)
from api.staff.schemas import (
    LoginRequest,
    PasswordChange,
    StaffCreate,
    StaffRead,
    StaffUpdate,
    TokenRead,
)
from api.staff.security import COOKIE_NAME

auth_router = APIRouter(prefix="/api/auth", tags=["auth"])
staff_router = APIRouter(prefix="/api/staff", tags=["staff"])
_THROTTLED: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many failed sign-ins; see Retry-After"}
}


@auth_router.post("/login", response_model=TokenRead, responses={**errors(401), **_THROTTLED})
async def login(
    body: LoginRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
    response: Response,
) -> TokenRead | Response:
    """Anyone: exchange e-mail and password for a session token (also set as a cookie)."""
    address = client_address(request)
    try:
        staff, opened = await log_in(
            session, throttle, email=body.email, password=body.password, address=address
        )
    except LoginThrottled as exc:
        return throttled_response(exc)
    set_session_cookie(response, opened.token, secure=settings.secure_cookies)
    return TokenRead(
        access_token=opened.token,
        expires_in=int(sessions.MAX_AGE.total_seconds()),
        csrf_token=opened.csrf_token,
        staff=StaffRead.model_validate(staff),
    )


@auth_router.post("/logout", status_code=204)
async def logout(
    request: Request,
    session: SessionDep,
    response: Response,
    credentials: BearerCredentials,
) -> None:
    """Anyone: end this session on the server (its token stops working) and drop the cookie."""
    token = credentials.credentials if credentials else request.cookies.get(COOKIE_NAME)
    await sessions.end(session, token)
    response.delete_cookie(COOKIE_NAME, path="/")


@auth_router.get("/me", response_model=StaffRead, responses=errors(401))
async def me(staff: CurrentStaff) -> StaffRead:
    """Any staff: who am I."""
    return StaffRead.model_validate(staff)


@auth_router.post("/password", status_code=204, responses=errors(401, 403))
async def change_password(
    body: PasswordChange, staff: CurrentStaff, who: SignedInDep, session: SessionDep
) -> None:
    """Any staff: change my password; every other session of mine ends."""
    await service.change_own_password(
        session,
        staff=staff,
        current=body.current_password,
        new=body.new_password,
        keep_session=who.session.id,
    )


@staff_router.get("", response_model=list[StaffRead], responses=errors(401, 403))
async def list_staff(session: SessionDep, _: AdminStaff) -> list[StaffRead]:
    """Admin: every staff account."""
    return [StaffRead.model_validate(s) for s in await service.list_all(session)]


@staff_router.post("", status_code=201, response_model=StaffRead, responses=errors(401, 403, 409))
async def create_staff(body: StaffCreate, session: SessionDep, _: AdminStaff) -> StaffRead:
    """Admin: create a staff account."""
    return StaffRead.model_validate(await service.create(session, staff_in=body))


@staff_router.patch("/{staff_id}", response_model=StaffRead, responses=errors(401, 403, 404, 409))
async def update_staff(
    staff_id: int, body: StaffUpdate, session: SessionDep, _: AdminStaff
) -> StaffRead:
    """Admin: rename, change role, disable, or reset a password (a reset or a disable ends
    the account's sessions); the last active admin cannot be demoted or disabled."""
    return StaffRead.model_validate(await service.update(session, staff_id=staff_id, staff_in=body))
