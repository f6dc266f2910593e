"""`CurrentCitizen`: the citizen the action server acts for (service token + sender header)."""

from typing import Annotated

from fastapi import Depends

from api.citizens import service
from api.citizens.models import Citizen
from api.core.deps import BotSender, SessionDep


async def current_citizen(session: SessionDep, sender: BotSender) -> Citizen:
    return await service.get_by_sender(session, sender)


CurrentCitizen = Annotated[Citizen, Depends(current_citizen)]
