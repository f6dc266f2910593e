"""Import every domain's models so Base.metadata (Alembic, tests) sees all tables."""

from api.audit import models as audit_models  # noqa: F401  (the access log table)
from api.cases import models as cases_models
from api.citizens import models as citizens_models
from api.conversations import assignment as assignment_models  # noqa: F401  (its table)
from api.conversations import models as conversations_models
from api.core.db import Base
from api.faq import models as faq_models
from api.mediation import models as mediation_models
from api.notifications import models as notifications_models
from api.privacy import models as privacy_models
from api.staff import models as staff_models

__all__ = [
    "Base",
    "cases_models",
    "citizens_models",
    "conversations_models",
    "faq_models",
    "mediation_models",
    "notifications_models",
    "privacy_models",
    "staff_models",
]
