import httpx


async def test_openapi_documents_the_error_envelope_validation_errors_really_use(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    envelope = document["components"]["schemas"]["HTTPValidationError"]
    assert set(envelope["properties"]) == {"error", "message", "detail"}
    assert "ValidationError" not in document["components"]["schemas"]
    real = await client.post("/api/auth/login", json={"email": 1})
    assert real.status_code == 422
    assert set(real.json()) <= set(envelope["properties"])
    assert real.json()["detail"]["fields"]


async def test_every_operation_is_documented(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in ("/api/bot/cases", "/api/bot/faq", "/api/bot/mediation/bookings", "/api/cases"):
        assert path in paths
    for operations in paths.values():
        for operation in operations.values():
            assert operation.get("description") or operation.get("summary")


async def test_answers_any_route_may_give_are_documented(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "413" in responses, f"{method} {path}"
            if "requestBody" in operation:
                assert {"400", "422"} <= set(responses), f"{method} {path}"
            if "{" in path:
                assert "404" in responses, f"{method} {path}"
    assert "429" in paths["/chat/messages"]["post"]["responses"]
    assert "429" in paths["/api/auth/login"]["post"]["responses"]
    assert {"401", "403"} <= set(
        paths["/api/privacy/citizens/{citizen_id}/export"]["get"]["responses"]
    )


async def test_strict_inputs_are_documented_as_their_types(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    staff_update = document["components"]["schemas"]["StaffUpdate"]["properties"]["active"]
    assert {"type": "boolean"} in staff_update["anyOf"]
    slots = document["paths"]["/api/mediation/slots"]["get"]["parameters"]
    before = next(p for p in slots if p["name"] == "before")["schema"]
    assert {"type": "string", "format": "date-time"} in before["anyOf"]
