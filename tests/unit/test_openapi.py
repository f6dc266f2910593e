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
