"""Console test helpers: a staff account made with the real password hashing."""

import secrets
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.time import utcnow
from api.staff.models import Staff, StaffRole
from api.staff.security import hash_password


@dataclass(frozen=True)
class StaffAccount:
    email: str
    password: str
    display_name: str

    def login(self) -> dict[str, str]:
        return {"email": self.email, "password": self.password}


def new_staff_account(display_name: str = "陳服務員") -> StaffAccount:
    """A fresh account with a random password: never a fixed credential."""
    email = f"agent-{secrets.token_hex(4)}@desk.test"
    return StaffAccount(email, secrets.token_urlsafe(18), display_name)


def staff_row(account: StaffAccount) -> Staff:
    return Staff(
        email=account.email,
        display_name=account.display_name,
        role=StaffRole.AGENT,
        password_hash=hash_password(account.password),
        created_at=utcnow(),
    )


@pytest.fixture
async def agent(sessionmaker: async_sessionmaker[AsyncSession]) -> StaffAccount:
    account = new_staff_account()
    async with sessionmaker() as session:
        session.add(staff_row(account))
        await session.commit()
    return account
