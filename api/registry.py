"""Import every domain's models so Base.metadata (Alembic, tests) sees all tables."""

from api.citizens import models as citizens_models
from api.conversations import models as conversations_models
from api.core.db import Base
from api.notifications import models as notifications_models

__all__ = ["Base", "citizens_models", "conversations_models", "notifications_models"]
