"""Staff sign-in that holds: throttling, server-side sessions, idle timeout, roles from
one table, the last admin kept, reads of personal data in the access log."""

from collections.abc import Iterator, Sequence
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.routing import BaseRoute

from api.core.time import utcnow
from api.staff.deps import current_staff
from api.staff.models import StaffRole, StaffSession
from api.staff.policy import ROLE_PERMISSIONS, permission_for
from api.staff.throttle import ADDRESS_LIMIT, LoginThrottle, MemoryCounter, RedisCounter
from tests.fixtures.staff import PASSWORD, StaffLogin


def email_of(role: StaffRole) -> str:
    return f"{role}-{id(role)}@desk.test"  # as tests.fixtures.staff makes it


async def test_twenty_wrong_passwords_are_throttled_with_retry_after(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    await staff_login(StaffRole.AGENT)
    wrong = {"email": email_of(StaffRole.AGENT), "password": "wrong password"}
    codes = [(await client.post("/api/auth/login", json=wrong)).status_code for _ in range(20)]
    assert codes[:10] == [401] * 10 and codes[-1] == 429
    right = await client.post(
        "/api/auth/login", json={"email": wrong["email"], "password": PASSWORD}
    )
    assert right.status_code == 429  # refused without even checking the password
    assert 0 < int(right.headers["retry-after"]) <= 15 * 60
    assert right.json()["error"] == "too_many_requests"


async def test_one_address_guessing_many_accounts_is_throttled() -> None:
    throttle = LoginThrottle(MemoryCounter())
    for n in range(ADDRESS_LIMIT.failures):
        assert await throttle.retry_after(email=f"u{n}@x.test", address="203.0.113.9") is None
        await throttle.failed(email=f"u{n}@x.test", address="203.0.113.9")
    assert await throttle.retry_after(email="new@x.test", address="203.0.113.9")
    assert await throttle.retry_after(email="new@x.test", address="198.51.100.1") is None


async def test_redis_counts_are_shared_and_expire() -> None:
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        await redis.ping()
    except (RedisConnectionError, OSError):
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    prefix = f"desk-test:{utcnow().timestamp()}:"
    workers = [LoginThrottle(RedisCounter(redis, prefix)) for _ in range(2)]
    for n in range(10):
        await workers[n % 2].failed(email="a@x.test", address="192.0.2.1")
    wait = await workers[0].retry_after(email="A@x.test", address="192.0.2.7")
    assert wait is not None and 0 < wait <= 15 * 60
    await workers[1].succeeded(email="a@x.test")
    assert await workers[0].retry_after(email="a@x.test", address="192.0.2.7") is None
    await redis.delete(*[k async for k in redis.scan_iter(prefix + "*")])
    await redis.aclose()


async def test_a_token_used_after_logout_is_401(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    bearer = await staff_login(StaffRole.AGENT)
    client.cookies.clear()
    assert (await client.get("/api/auth/me", headers=bearer)).status_code == 200
    assert (await client.post("/api/auth/logout", headers=bearer)).status_code == 204
    assert (await client.get("/api/auth/me", headers=bearer)).status_code == 401


async def test_a_password_change_ends_the_other_sessions(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    first = await staff_login(StaffRole.AGENT)
    login = {"email": email_of(StaffRole.AGENT), "password": PASSWORD}
    second = (await client.post("/api/auth/login", json=login)).json()["access_token"]
    client.cookies.clear()
    change = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    wrong = await client.post(
        "/api/auth/password", json={**change, "current_password": "x"}, headers=first
    )
    assert wrong.status_code == 401
    assert (await client.post("/api/auth/password", json=change, headers=first)).status_code == 204
    assert (await client.get("/api/auth/me", headers=first)).status_code == 200
    other = {"Authorization": f"Bearer {second}"}
    assert (await client.get("/api/auth/me", headers=other)).status_code == 401


async def test_an_admin_password_reset_ends_every_session(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    admin = await staff_login(StaffRole.ADMIN)
    client.cookies.clear()
    me = (await client.get("/api/auth/me", headers=agent)).json()
    reset = {"password": "reset by the admin 123"}
    assert (await client.patch(f"/api/staff/{me['id']}", json=reset, headers=admin)).is_success
    assert (await client.get("/api/auth/me", headers=agent)).status_code == 401


async def test_an_idle_session_expires(
    client: httpx.AsyncClient,
    staff_login: StaffLogin,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    bearer = await staff_login(StaffRole.AGENT)
    client.cookies.clear()
    async with sessionmaker() as session:
        idle_since = utcnow() - timedelta(minutes=31)
        await session.execute(update(StaffSession).values(last_seen_at=idle_since))
        await session.commit()
    assert (await client.get("/api/auth/me", headers=bearer)).status_code == 401


OFFICER_ONLY = [
    ("POST", "/api/mediation/slots"),
    ("POST", "/api/mediation/bookings/1/cancel"),
    ("POST", "/api/cases/KHH-2026-000001/transitions"),
    ("PATCH", "/api/cases/KHH-2026-000001"),
]
ADMIN_ONLY = [
    ("GET", "/api/staff"),
    ("POST", "/api/staff"),
    ("PATCH", "/api/staff/1"),
    ("GET", "/api/audit/access"),
    ("POST", "/api/faq/entries/1/publish"),
    ("POST", "/api/faq/entries/1/unpublish"),
]


@pytest.mark.parametrize(("method", "path"), OFFICER_ONLY + ADMIN_ONLY)
async def test_an_agent_is_refused_officer_and_admin_routes(
    client: httpx.AsyncClient, staff_login: StaffLogin, method: str, path: str
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    client.cookies.clear()
    response = await client.request(method, path, json={}, headers=agent)
    assert response.status_code == 403, response.text


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY)
async def test_an_officer_is_refused_admin_routes(
    client: httpx.AsyncClient, staff_login: StaffLogin, method: str, path: str
) -> None:
    officer = await staff_login(StaffRole.OFFICER)
    client.cookies.clear()
    assert (await client.request(method, path, json={}, headers=officer)).status_code == 403


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif original := getattr(route, "original_router", None):  # FastAPI's included routers
            yield from api_routes(original.routes)


def uses_current_staff(route: APIRoute) -> bool:
    stack = list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        if dependency.call is current_staff:
            return True
        stack.extend(dependency.dependencies)
    return False


def test_every_staff_route_is_in_the_role_table(app: FastAPI) -> None:
    routes = [r for r in api_routes(app.routes) if uses_current_staff(r)]
    assert len(routes) > 20
    for route in routes:
        for method in route.methods or ():
            assert permission_for(method, route.path), f"{method} {route.path} has no role rule"
    assert ROLE_PERMISSIONS[StaffRole.AGENT] < ROLE_PERMISSIONS[StaffRole.OFFICER]
    assert ROLE_PERMISSIONS[StaffRole.OFFICER] < ROLE_PERMISSIONS[StaffRole.ADMIN]


async def test_the_last_active_admin_cannot_demote_or_disable_itself(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    admin = await staff_login(StaffRole.ADMIN)
    client.cookies.clear()
    me = (await client.get("/api/auth/me", headers=admin)).json()
    for change in ({"active": False}, {"role": "officer"}):
        refused = await client.patch(f"/api/staff/{me['id']}", json=change, headers=admin)
        assert refused.status_code == 409, refused.text
    second = {
        "email": "second.admin@desk.test",
        "display_name": "第二位管理員",
        "role": "admin",
        "password": "another long passphrase",
    }
    assert (await client.post("/api/staff", json=second, headers=admin)).status_code == 201
    demoted = await client.patch(f"/api/staff/{me['id']}", json={"role": "officer"}, headers=admin)
    assert demoted.status_code == 200 and demoted.json()["role"] == "officer"


async def test_reads_of_personal_data_are_in_the_access_log(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    admin = await staff_login(StaffRole.ADMIN)
    client.cookies.clear()
    assert (await client.get("/api/cases", headers=agent)).status_code == 200
    assert (await client.get("/api/auth/me", headers=agent)).status_code == 200  # not personal
    agent_id = (await client.get("/api/auth/me", headers=agent)).json()["id"]
    log = await client.get("/api/audit/access", params={"staff_id": agent_id}, headers=admin)
    assert [(r["action"], r["subject"]) for r in log.json()] == [("GET /api/cases", "")]
