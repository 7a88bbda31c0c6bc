"""Personal API tokens: stored hashed, shown once, revocable, with a per-minute usage window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: the owner's label for it ("kiosk in the library")
    name: Mapped[str] = mapped_column(String(100))
    #: sha256 of the token; the token itself is shown once and never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the first characters of the token, so its owner can tell tokens apart
    prefix: Mapped[str] = mapped_column(String(12))
    #: False: read-only; True: may also create (write scope)
    write: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: rate limiting: the minute (seconds since the epoch // 60) being counted, and the count
    window_start: Mapped[int] = mapped_column(default=0)
    window_count: Mapped[int] = mapped_column(default=0)

    user = relationship("User", foreign_keys=[user_id])

    @property
    def scope(self) -> str:
        return "write" if self.write else "read"

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)
