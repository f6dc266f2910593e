"""Staff sign-in (bearer token + HttpOnly cookie for the console) and staff accounts."""

from fastapi import APIRouter, Response

from api.core.deps import SessionDep, SettingsDep
from api.core.schemas import errors
from api.staff import service
from api.staff.deps import AdminStaff, CurrentStaff
from api.staff.schemas import LoginRequest, StaffCreate, StaffRead, StaffUpdate, TokenRead
from api.staff.security import COOKIE_NAME, TOKEN_MAX_AGE_SECONDS, issue_token

auth_router = APIRouter(prefix="/api/auth", tags=["auth"])
staff_router = APIRouter(prefix="/api/staff", tags=["staff"])


@auth_router.post("/login", response_model=TokenRead, responses=errors(401))
async def login(
    body: LoginRequest, session: SessionDep, settings: SettingsDep, response: Response
) -> TokenRead:
    """Anyone: exchange e-mail and password for a signed token (also set as a cookie)."""
    staff = await service.authenticate(session, email=body.email, password=body.password)
    token = issue_token(settings.session_secret, staff_id=staff.id)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=TOKEN_MAX_AGE_SECONDS,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )
    return TokenRead(
        access_token=token,
        expires_in=TOKEN_MAX_AGE_SECONDS,
        staff=StaffRead.model_validate(staff),
    )


@auth_router.post("/logout", status_code=204)
async def logout(response: Response) -> None:
    """Anyone: drop the console cookie."""
    response.delete_cookie(COOKIE_NAME)


@auth_router.get("/me", response_model=StaffRead, responses=errors(401))
async def me(staff: CurrentStaff) -> StaffRead:
    """Any staff: who am I."""
    return StaffRead.model_validate(staff)


@staff_router.get("", response_model=list[StaffRead], responses=errors(401, 403))
async def list_staff(session: SessionDep, _: AdminStaff) -> list[StaffRead]:
    """Admin: every staff account."""
    return [StaffRead.model_validate(s) for s in await service.list_all(session)]


@staff_router.post("", status_code=201, response_model=StaffRead, responses=errors(401, 403, 409))
async def create_staff(body: StaffCreate, session: SessionDep, _: AdminStaff) -> StaffRead:
    """Admin: create a staff account."""
    return StaffRead.model_validate(await service.create(session, staff_in=body))


@staff_router.patch("/{staff_id}", response_model=StaffRead, responses=errors(401, 403, 404))
async def update_staff(
    staff_id: int, body: StaffUpdate, session: SessionDep, _: AdminStaff
) -> StaffRead:
    """Admin: rename, change role, disable, or reset a password."""
    return StaffRead.model_validate(await service.update(session, staff_id=staff_id, staff_in=body))
