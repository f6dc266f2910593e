"""Idempotent demo data on the configured DATABASE_URL (already migrated).

    .venv/bin/python -m scripts.seed

* a demo admin account; its random password is made on the first run, kept in the
  git-ignored var/demo-credentials.txt, and printed on every run;
* the FAQ knowledge base (api/faq/seed_data.py), one entry per topic, never duplicated;
* mediation sessions over the next three weeks in local (`TIMEZONE`) office hours.
No real personal data: every name here is obviously a demo.
"""

import asyncio
import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import PROJECT_ROOT, get_settings
from api.core.db import create_engine, create_sessionmaker, session_scope
from api.core.insert import insert_ignore
from api.core.time import local_today, local_zone, utcnow
from api.faq import service as faq
from api.faq.seed_data import FAQ_SEED
from api.mediation.models import MediationSlot
from api.registry import Base  # noqa: F401  (every model mapped before the first query)
from api.staff import service as staff
from api.staff.models import Staff, StaffRole
from api.staff.security import hash_password

CREDENTIALS = PROJECT_ROOT / "var" / "demo-credentials.txt"
ADMIN_EMAIL = "demo-admin@desk.example"
ROOMS = ("調解室A（示範）", "調解室B（示範）")
SESSION_HOURS = (time(9, 30), time(14, 0), time(15, 30))


def _demo_password() -> tuple[str, bool]:
    """The password from the credentials file, or a new one written there (fresh=True)."""
    if CREDENTIALS.exists():
        for line in CREDENTIALS.read_text(encoding="utf-8").splitlines():
            if line.startswith("password: "):
                return line.removeprefix("password: ").strip(), False
    password = secrets.token_urlsafe(12)
    CREDENTIALS.parent.mkdir(parents=True, exist_ok=True)
    CREDENTIALS.write_text(f"email: {ADMIN_EMAIL}\npassword: {password}\n", encoding="utf-8")
    CREDENTIALS.chmod(0o600)
    return password, True


async def _seed_admin(session: AsyncSession, password: str, *, fresh: bool) -> bool:
    existing = await staff.get_by_email(session, ADMIN_EMAIL)
    if existing is not None:
        if fresh:  # the file was lost: the printed password must still be the real one
            existing.password_hash = hash_password(password)
        return False
    session.add(
        Staff(
            email=ADMIN_EMAIL,
            display_name="示範管理員 Demo Admin",
            role=StaffRole.ADMIN,
            password_hash=hash_password(password),
            created_at=utcnow(),
        )
    )
    await session.flush()
    return True


def _office_days(start: date, weeks: int) -> list[date]:
    days = (start + timedelta(days=offset) for offset in range(1, weeks * 7 + 1))
    return [day for day in days if day.weekday() < 5]


async def _seed_slots(session: AsyncSession, weeks: int = 3) -> int:
    """Sessions on weekdays; (room, start) is unique, so a rerun adds nothing twice."""
    added = 0
    for index, day in enumerate(_office_days(local_today(), weeks)):
        for hour in SESSION_HOURS:
            # Stored in UTC: SQLite keeps the wall time and drops the offset.
            starts_at = datetime.combine(day, hour, tzinfo=local_zone()).astimezone(UTC)
            values = {
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=1),
                "location": ROOMS[index % len(ROOMS)],
                "mediator": "示範調解委員 Demo Mediator",
                "capacity": 1,
                "booked_count": 0,
                "created_at": utcnow(),
            }
            added += await insert_ignore(session, MediationSlot, values) is not None
    return added


async def seed_faq(database_url: str) -> int:
    """The FAQ knowledge base alone, on a migrated database (benchmarks' own databases)."""
    engine = create_engine(database_url)
    async with session_scope(create_sessionmaker(engine)) as session:
        added = await faq.seed_missing(session, entries=FAQ_SEED)
    await engine.dispose()
    return added


async def main() -> None:
    engine = create_engine(get_settings().database_url)
    password, fresh = _demo_password()
    async with session_scope(create_sessionmaker(engine)) as session:
        admin_created = await _seed_admin(session, password, fresh=fresh)
        faq_added = await faq.seed_missing(session, entries=FAQ_SEED)
        slots_added = await _seed_slots(session)
    await engine.dispose()
    print(f"demo admin: {ADMIN_EMAIL} / {password}  ({'created' if admin_created else 'exists'})")
    print(f"  (also in {CREDENTIALS.relative_to(PROJECT_ROOT)})")
    print(
        f"FAQ entries added: {faq_added} (of {len(FAQ_SEED)}); mediation slots added: {slots_added}"
    )


if __name__ == "__main__":
    asyncio.run(main())
