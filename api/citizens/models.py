"""A citizen is one verified channel identity (LINE userId, Telegram chat, web cookie).

Contact details are personal data (PDPA): collected only when a case needs them,
shown only to staff, and never written to logs in clear (see `privacy.py`).
"""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class Citizen(IdMixin, TimestampMixin, Base):
    __tablename__ = "citizens"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id"),)

    channel: Mapped[str] = mapped_column(String(16))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    # "zh-TW" or "en": the language of the citizen's latest message.
    language: Mapped[str] = mapped_column(String(8), default="zh-TW")
    display_name: Mapped[str | None] = mapped_column(String(100))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))

    @property
    def sender_id(self) -> str:
        return f"{self.channel}:{self.channel_user_id}"
