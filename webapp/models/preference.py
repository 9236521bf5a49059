"""Per-user reading preferences."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ImageSender(db.Model):
    """A sender whose remote images this user always wants shown."""

    __tablename__ = "image_senders"
    __table_args__ = (UniqueConstraint("user_id", "address", name="uq_image_senders_user_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320))
