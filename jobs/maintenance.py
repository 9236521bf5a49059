"""Housekeeping jobs."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete

from webapp.extensions import db
from webapp.models import UserSession
from webapp.models.types import utcnow

from .context import app_context

log = logging.getLogger("mailtrail.jobs.maintenance")
SESSION_MAX_AGE = timedelta(days=30)


def purge_sessions() -> int:
    """Delete login sessions older than the remember-me lifetime."""
    with app_context():
        result = db.session.execute(delete(UserSession).where(UserSession.created_at < utcnow() - SESSION_MAX_AGE))
        db.session.commit()
        log.info("purged %s expired sessions", result.rowcount)
        return result.rowcount
