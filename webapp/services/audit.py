"""Recording what happened, for the admins' audit log. Secrets never go in here."""
from __future__ import annotations

import json

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, User

SECRET_FIELDS = {"password", "smtp_password", "password_enc", "smtp_password_enc"}


def record(action: str, target: str = "", details: dict | None = None, actor: User | None = None,
           actor_email: str = "") -> None:
    """Add one event to the session (committed with the change it describes)."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    clean = {k: v for k, v in (details or {}).items() if k not in SECRET_FIELDS}
    db.session.add(AuditEvent(
        actor_id=actor.id if actor else None, actor_email=(actor.email if actor else actor_email)[:320],
        action=action[:40], target=target[:400], details=json.dumps(clean, ensure_ascii=False, default=str)[:4000],
        ip=(request.remote_addr or "")[:64] if has_request_context() else ""))


def changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed (secrets left out)."""
    return {k: [before.get(k), after.get(k)] for k in after
            if k not in SECRET_FIELDS and before.get(k) != after.get(k)}
