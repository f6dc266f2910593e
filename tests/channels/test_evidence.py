"""A photo sent on LINE joins the citizen's open case; staff list and download it."""

import httpx
from fastapi import FastAPI

from api.staff.models import StaffRole
from bot.gateway.runtime import gateway_of
from tests.api.conftest import file_case
from tests.channels.conftest import line_body, message_event, sign
from tests.fakes.line_platform import FakeLine
from tests.fixtures.staff import StaffLogin

USER = "U0000000000000000000000000e71de4c"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64


async def send_image(client: httpx.AsyncClient, content_id: str, event_id: str) -> None:
    event = message_event(
        USER,
        {"id": content_id, "type": "image", "contentProvider": {"type": "line"}, "quoteToken": "q"},
        event_id=event_id,
        token=None,
    )
    body = line_body(event)
    response = await client.post(
        "/webhooks/line", content=body, headers={"X-Line-Signature": sign(body)}
    )
    assert response.status_code == 200


async def test_photo_is_kept_with_the_open_case_once_and_staff_can_fetch_it(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    staff_login: StaffLogin,
) -> None:
    number = str((await file_case(client, f"line:{USER}"))["number"])
    fake_line[0].content["photo1"] = (PNG, "image/png")
    await send_image(client, "photo1", "ev-1")
    await send_image(client, "photo1", "ev-2")  # the same photo again: kept once
    await gateway_of(app).queues.idle()
    texts = fake_line[0].texts()
    assert len(texts) == 2 and all("證據" in text for text in texts), texts

    agent = await staff_login(StaffRole.AGENT)
    listed = await client.get(f"/api/cases/{number}/evidence", headers=agent)
    assert listed.status_code == 200
    [item] = listed.json()
    assert item["content_type"] == "image/png" and item["size"] == len(PNG)
    download = await client.get(f"/api/cases/{number}/evidence/{item['id']}", headers=agent)
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-type"] == "image/png"
    missing = await client.get(f"/api/cases/{number}/evidence/{item['id'] + 99}", headers=agent)
    assert missing.status_code == 404
    client.cookies.clear()  # the login above also set the console cookie
    assert (await client.get(f"/api/cases/{number}/evidence")).status_code == 401
