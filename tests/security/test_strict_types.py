"""Where the schema says boolean or date-time, nothing else passes: `0` is not `false` and
`0.5` is not a moment in 1970."""

import httpx

from api.staff.models import StaffRole
from tests.fixtures.staff import StaffLogin


async def test_a_number_is_not_a_boolean_when_an_account_is_changed(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    headers = await staff_login(StaffRole.ADMIN)
    me = (await client.get("/api/auth/me", headers=headers)).json()
    refused = await client.patch(f"/api/staff/{me['id']}", json={"active": 0}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["detail"]["fields"][0]["loc"] == ["body", "active"]
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 200


async def test_a_number_is_not_a_moment_in_a_query(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    headers = await staff_login(StaffRole.AGENT)
    for query in ("before=0.5", "after=1700000000", "before=-1"):
        refused = await client.get(f"/api/mediation/slots?{query}", headers=headers)
        assert refused.status_code == 422, query
    fine = await client.get("/api/mediation/slots?before=2030-01-01T00:00:00Z", headers=headers)
    assert fine.status_code == 200


async def test_a_number_is_not_a_vote(client: httpx.AsyncClient) -> None:
    vote = {"topic": "cooling_off", "helpful": 1, "language": "en"}
    assert (await client.post("/api/faq/feedback", json=vote)).status_code == 422
