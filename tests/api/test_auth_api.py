import httpx

from api.staff.models import StaffRole
from api.staff.security import COOKIE_NAME
from tests.fixtures.staff import PASSWORD, StaffLogin


async def test_login_returns_a_token_and_sets_an_httponly_cookie(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    headers = await staff_login(StaffRole.AGENT)
    cookie = client.cookies.get(COOKIE_NAME)
    assert cookie and headers["Authorization"] == f"Bearer {cookie}"
    me = await client.get("/api/auth/me")  # the cookie alone signs the console in
    assert me.status_code == 200 and me.json()["role"] == "agent"
    await client.post("/api/auth/logout")
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_login_sets_cookie_flags(client: httpx.AsyncClient, staff_login: StaffLogin) -> None:
    await staff_login(StaffRole.AGENT)
    response = await client.post(
        "/api/auth/login",
        json={"email": f"agent-{id(StaffRole.AGENT)}@desk.test", "password": PASSWORD},
    )
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie


async def test_wrong_password_and_unknown_email_are_401(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    await staff_login(StaffRole.AGENT)
    email = f"agent-{id(StaffRole.AGENT)}@desk.test"
    wrong = await client.post("/api/auth/login", json={"email": email, "password": "nope"})
    unknown = await client.post("/api/auth/login", json={"email": "x@y.z", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["message"] == unknown.json()["message"]


async def test_only_admins_manage_staff(client: httpx.AsyncClient, staff_login: StaffLogin) -> None:
    agent = await staff_login(StaffRole.AGENT)
    admin = await staff_login(StaffRole.ADMIN)
    new = {
        "email": "Officer.Demo@desk.test",
        "display_name": "示範消保官",
        "role": "officer",
        "password": "a long enough passphrase",
    }
    assert (await client.post("/api/staff", json=new, headers=agent)).status_code == 403
    created = await client.post("/api/staff", json=new, headers=admin)
    assert created.status_code == 201 and created.json()["email"] == "officer.demo@desk.test"
    assert "password" not in created.text and "hash" not in created.text
    assert (await client.post("/api/staff", json=new, headers=admin)).status_code == 409
    login = await client.post(
        "/api/auth/login", json={"email": "OFFICER.demo@desk.test", "password": new["password"]}
    )
    assert login.json()["staff"]["role"] == "officer"
    disabled = await client.patch(
        f"/api/staff/{created.json()['id']}", json={"active": False}, headers=admin
    )
    assert disabled.json()["active"] is False
    token = {"Authorization": f"Bearer {login.json()['access_token']}"}
    client.cookies.clear()
    assert (await client.get("/api/auth/me", headers=token)).status_code == 401


async def test_only_officers_open_mediation_slots(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    slot = {
        "starts_at": "2030-01-07T10:00:00+08:00",
        "ends_at": "2030-01-07T11:00:00+08:00",
        "location": "調解室A",
        "mediator": "示範調解委員",
    }
    agent = await staff_login(StaffRole.AGENT)
    assert (await client.post("/api/mediation/slots", json=slot, headers=agent)).status_code == 403
    officer = await staff_login(StaffRole.OFFICER)
    created = await client.post("/api/mediation/slots", json=slot, headers=officer)
    assert created.status_code == 201
    assert created.json()["starts_at"].startswith("2030-01-07T02:00:00")
    again = await client.post("/api/mediation/slots", json=slot, headers=officer)
    assert again.status_code == 409
    backwards = {**slot, "ends_at": "2030-01-07T09:00:00+08:00"}
    assert (
        await client.post("/api/mediation/slots", json=backwards, headers=officer)
    ).status_code == 422


async def test_openapi_documents_every_route(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/") or path == "/api/bot/handoff":
            continue
        for method, operation in operations.items():
            assert operation.get("description"), f"{method} {path} says nothing of who may call"
            assert (
                "200" in operation["responses"]
                or "201" in operation["responses"]
                or "204" in operation["responses"]
            )
    components = schema["components"]["schemas"]
    assert {"CaseIntake", "BotCaseRead", "ErrorRead", "FaqHit", "BotSlotRead"} <= set(components)


async def test_slot_times_survive_the_database_in_utc(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    officer = await staff_login(StaffRole.OFFICER)
    slot = {
        "starts_at": "2030-01-07T10:00:00+08:00",
        "ends_at": "2030-01-07T11:00:00+08:00",
        "location": "調解室A",
        "mediator": "示範調解委員",
    }
    await client.post("/api/mediation/slots", json=slot, headers=officer)
    listed = await client.get(
        "/api/mediation/slots",
        params={"after": "2030-01-07T09:30:00+08:00", "before": "2030-01-07T10:30:00+08:00"},
        headers=officer,
    )
    assert [s["starts_at"] for s in listed.json()] == ["2030-01-07T02:00:00Z"]
