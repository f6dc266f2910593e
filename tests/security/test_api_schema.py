"""schemathesis over the desk's OpenAPI document, in-process, signed in as an admin.

Every operation gets a bounded number of generated requests (SCHEMATHESIS_EXAMPLES, 6 by
default: the whole run stays under two minutes on two cores): no 5xx, every status code
documented, the response body matching its schema. Sign-out and password change are left
out (they would end the token the run uses)."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CheckFunction
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import create_engine, insert

from api.core.config import Settings
from api.core.signing import HEADER, sign_sender
from api.core.time import utcnow
from api.staff.models import Staff
from api.staff.security import hash_password
from desk.app import create_app
from tests.fixtures.app import SERVICE_TOKEN
from tests.fixtures.database import migrate

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
ADMIN, PASSWORD = "admin@schema.test", "schemathesis passes by"
BOT_SENDER = "web:schemathesis"
# Status codes seen per operation: the run must reach past sign-in, not only be refused.
ANSWERED: dict[str, set[int]] = {}
# Sign-out and password change would end the run's token; /health answers 503 by design
# while Rasa is down (it is, here).
LEFT_OUT = ("/api/auth/logout", "/api/auth/password", "/health", "/healthz")
# A schema-valid request may still be refused by a domain rule the schema cannot state
# (an unknown case number, a stage that does not allow the move): 4xx, documented.
NOT_CHECKED: list[CheckFunction] = [positive_data_acceptance]
CONFIG = SchemathesisConfig.from_dict(
    {
        # A refusal is any documented 4xx, the body limit's 413 included.
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]
            }
        },
        # Unknown query parameters are ignored (as by most APIs); credentials are ours.
        "generation": {"allow-extra-parameters": False, "with-security-parameters": False},
    }
)


def _seed_admin(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        row = {
            "email": ADMIN,
            "display_name": "Schema admin",
            "role": "admin",
            "password_hash": hash_password(PASSWORD),
            "active": True,
            "created_at": utcnow(),
        }
        conn.execute(insert(Staff).values(**row))
    engine.dispose()


@pytest.fixture(scope="module")
def desk_schema(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[BaseSchema, str, str]]:
    path = tmp_path_factory.mktemp("schema") / "desk.db"
    migrate(f"sqlite+aiosqlite:///{path}")
    _seed_admin(path)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{path}",
        service_token=SERVICE_TOKEN,
        session_secret="schema-session-secret-0123456789",
        rasa_url="http://127.0.0.1:9",
        rasa_timeout_seconds=0.2,
        delivery_poll_seconds=0,
        evidence_dir=path.parent / "evidence",
    )
    app = create_app(settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
    login = schema["/api/auth/login"]["POST"].Case(body={"email": ADMIN, "password": PASSWORD})
    token = login.call().json()["access_token"]
    signed = sign_sender(settings.sender_key(), BOT_SENDER)
    yield schema.exclude(path=list(LEFT_OUT)), token, signed


def _check(
    operation: APIOperation[Any, Any, Any, Any], headers: dict[str, str], mode: GenerationMode
) -> str | None:
    """Run one operation's examples; the failure's summary, or None when it holds.
    Negative examples (wrong types, missing fields) must be refused with a documented 4xx."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case[Any]) -> None:
        response = case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)
        ANSWERED.setdefault(operation.label, set()).add(response.status_code)

    try:
        run()
    except Unsatisfiable:
        return None  # nothing to negate (an operation without parameters)
    except (Exception, BaseExceptionGroup) as exc:  # every operation is reported
        return f"{operation.label} ({mode.value}): {exc}"
    return None


def _headers(
    operation: APIOperation[Any, Any, Any, Any], staff_token: str, signature: str
) -> dict[str, str]:
    """The action server's credentials (and the gateway's signature) on the bot's routes,
    the admin's everywhere else."""
    if operation.path.startswith("/api/bot/"):
        return {
            "Authorization": f"Bearer {SERVICE_TOKEN}",
            "X-Desk-Sender": BOT_SENDER,
            HEADER: signature,
        }
    return {"Authorization": f"Bearer {staff_token}"}


def test_every_operation_keeps_its_documented_contract(
    desk_schema: tuple[BaseSchema, str, str],
) -> None:
    schema, token, signature = desk_schema
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 40
    failures = [
        found
        for op in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (found := _check(op, _headers(op, token, signature), mode)) is not None
    ]
    assert not failures, "\n\n".join(failures)
    succeeded = {label for label, codes in ANSWERED.items() if any(c < 400 for c in codes)}
    assert "GET /api/bot/cases" in succeeded  # the gateway's signature was accepted
    assert "GET /api/staff" in succeeded  # the admin's token was accepted
