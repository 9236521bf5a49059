"""Filling the compose form for a new email or a reply."""
from __future__ import annotations

from ..models import Message


def prefill_new(form, contact) -> None:
    """To: the contact's first address; the form remembers which timeline it came from."""
    if form.to.data is None or not form.to.data:
        form.to.data = contact.emails[0].address if contact.emails else ""
    form.contact.data = f"{contact.kind}:{contact.id}"


def reply_subject(subject: str) -> str:
    """'Re: subject', without piling up prefixes (Re:, RE:, Odp:, AW:)."""
    stripped = subject or ""
    lowered = stripped.lower()
    if lowered.startswith(("re:", "odp:", "aw:", "sv:")):
        return stripped
    return f"Re: {stripped}".strip()


def prefill_reply(form, parent: Message, accounts) -> None:
    """To: whoever we answer (Reply-To, else From; our own mail goes back to its recipients)."""
    own = {a.login.lower() for a in accounts}
    reply_to = [a for a in parent.addresses if a.role == "reply_to"]
    sender = [a for a in parent.addresses if a.role == "from"]
    if parent.from_address.lower() in own:
        targets = [a for a in parent.addresses if a.role == "to"]
    else:
        targets = reply_to or sender
    form.to.data = ", ".join(a.address for a in targets)
    form.subject.data = reply_subject(parent.subject)
    form.reply_to_id.data = str(parent.id)
    owning = next((a for a in accounts if any(x.address.lower() == a.login.lower() for x in parent.addresses)), None)
    if owning is not None:
        form.account_id.data = owning.id
