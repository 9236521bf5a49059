"""Writing an email: validate, build the MIME message, store it, and queue it in the outbox.

The message is stored before anything is sent, with its final Message-ID, linked to
the recipients' contacts at once and shown on their timelines as 'queued'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, getaddresses, make_msgid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Attachment, MailAccount, Message, MessageAddress, OutboxMessage, User
from ..models.types import utcnow
from . import matching, search_index
from .addresses import AddressError, canonicalize, domain_of, validate_address
from .errors import ValidationError
from .mimeparse import html_to_text, snippet
from .sanitize import clean_html

LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]")


@dataclass
class Draft:
    """What the compose form says."""

    account_id: int | None
    to: str
    cc: str = ""
    subject: str = ""
    html: str = ""
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)  # (filename, type, data)
    reply_to_id: int | None = None
    include_footer: bool = True


def sending_accounts(user: User) -> list[MailAccount]:
    """The user's accounts that may send, the default one first."""
    return list(db.session.scalars(select(MailAccount).where(
        MailAccount.owner_id == user.id, MailAccount.sending_enabled.is_(True),
        MailAccount.status.in_(("new", "active"))).order_by(MailAccount.is_default_sender.desc(), MailAccount.login)))


def _single_line(value: str, field_name: str, label: str) -> str:
    if LINE_BREAKS.search(value or ""):
        raise ValidationError(_("%(label)s may not contain line breaks.", label=label), field_name)
    return (value or "").strip()


def parse_recipients(value: str, field_name: str) -> list[tuple[str, str]]:
    """[(name, address)] from 'Jan <jan@x.pl>, ewa@y.pl'; every address validated, no line breaks."""
    value = _single_line(value, field_name, _("Addresses"))
    pairs = []
    for name, address in getaddresses([value]) if value else []:
        if not address:
            continue
        try:
            validate_address(address)
        except AddressError:
            raise ValidationError(_("“%(address)s” is not a valid email address.", address=address),
                                  field_name) from None
        if canonicalize(address) is None:
            raise ValidationError(_("“%(address)s” is not a valid email address.", address=address), field_name)
        pairs.append((name.strip(), address.strip()))
    return pairs


def _account_for(user: User, account_id: int | None) -> MailAccount:
    accounts = sending_accounts(user)
    if not accounts:
        raise ValidationError(_("None of your mail accounts may send. Edit an account under Settings → Email "
                                "accounts and turn on “Allow sending from this account”."))
    chosen = next((a for a in accounts if a.id == account_id), None) if account_id else accounts[0]
    if chosen is None:
        raise ValidationError(_("Choose one of your sending accounts."), "account_id")
    return chosen


def _check_size(attachments) -> None:
    limit = current_app.config["MAX_ATTACHMENT_MB"]
    if sum(len(data) for _, _, data in attachments) > limit * 1024 * 1024:
        raise ValidationError(_("Attachments may add up to at most %(n)d MB.", n=limit), "attachments")


@dataclass
class Prepared:
    """A validated draft, ready to be stored and sent."""

    account: MailAccount
    to: list[tuple[str, str]]
    cc: list[tuple[str, str]]
    subject: str
    html: str
    text: str
    attachments: list[tuple[str, str, bytes]]
    parent: Message | None


def prepare(user: User, draft: Draft, parent: Message | None) -> Prepared:
    """Validate a draft (ValidationError says what is wrong) and assemble its bodies."""
    account = _account_for(user, draft.account_id)
    to = parse_recipients(draft.to, "to")
    if not to:
        raise ValidationError(_("Enter at least one recipient."), "to")
    cc = parse_recipients(draft.cc, "cc")
    subject = _single_line(draft.subject, "subject", _("The subject"))[:500]
    for filename, _type, _data in draft.attachments:
        _single_line(filename, "attachments", _("File names"))
    _check_size(draft.attachments)
    body = clean_html(draft.html, show_images=True)
    if draft.include_footer and user.footer_html:
        body += '<div class="mailtrail-footer"><br>-- <br>' + clean_html(user.footer_html, show_images=True) + "</div>"
    if parent is not None:
        body += quote_original(parent)
    return Prepared(account, to, cc, subject, body, html_to_plain(body), draft.attachments, parent)


def quote_original(parent: Message) -> str:
    """The replied-to message, quoted below the reply."""
    original = clean_html(parent.body_html, show_images=False) if parent.body_html else \
        "<br>".join(_escape(line) for line in parent.body_text.splitlines())
    who = _escape(parent.from_name or parent.from_address)
    when = parent.date.strftime("%Y-%m-%d %H:%M")
    return f"<br><div class=\"mailtrail-quote\">{when}, {who}:<blockquote>{original}</blockquote></div>"


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


_LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>(.*?)</a>', re.I | re.S)
_ITEM = re.compile(r"<li\b[^>]*>", re.I)


def html_to_plain(markup: str) -> str:
    """The text/plain alternative: links keep their address, list items their bullets."""
    markup = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(1) != m.group(2) else m.group(1), markup)
    markup = _ITEM.sub("\n- ", markup)
    markup = re.sub(r"<blockquote\b[^>]*>", "\n> ", markup, flags=re.I)
    return html_to_text(markup)


def build_mime(user: User, prepared: Prepared, message_id: str) -> EmailMessage:
    """The RFC 5322 message: From, To, Cc, Subject, threading headers, text + HTML, attachments."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((user.name or "", prepared.account.login))
    msg["To"] = ", ".join(formataddr(pair) for pair in prepared.to)
    if prepared.cc:
        msg["Cc"] = ", ".join(formataddr(pair) for pair in prepared.cc)
    msg["Subject"] = prepared.subject
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = message_id
    if prepared.parent is not None:
        parent_id = f"<{prepared.parent.message_id_header}>" if prepared.parent.message_id_header else None
        if parent_id:
            msg["In-Reply-To"] = parent_id
            msg["References"] = " ".join(filter(None, [prepared.parent.references.strip(), parent_id]))
    msg["MIME-Version"] = "1.0"
    msg.set_content(prepared.text)
    msg.add_alternative(f"<!doctype html><html><body>{prepared.html}</body></html>", subtype="html")
    for filename, content_type, data in prepared.attachments:
        maintype, _, subtype = (content_type or "application/octet-stream").partition("/")
        msg.add_attachment(data, maintype=maintype or "application", subtype=subtype or "octet-stream",
                           filename=filename)
    return msg


def create_outbox(user: User, draft: Draft, parent: Message | None = None) -> OutboxMessage:
    """Validate, build and store the message with its outbox row (state 'queued'); the caller commits."""
    prepared = prepare(user, draft, parent)
    domain = prepared.account.login.rsplit("@", 1)[-1]
    message_id = make_msgid(domain=domain)
    mime = build_mime(user, prepared, message_id)
    message = _store_message(user, prepared, message_id.strip("<>"), mime)
    outbox = OutboxMessage(message_id=message.id, account_id=prepared.account.id, user_id=user.id, state="queued",
                           envelope_from=prepared.account.login, mime=mime.as_bytes(),
                           recipients="\n".join(address for _, address in prepared.to + prepared.cc))
    db.session.add(outbox)
    db.session.flush()
    return outbox


def _store_message(user: User, prepared: Prepared, key: str, mime: EmailMessage) -> Message:
    parent = prepared.parent
    message = Message(message_key=key, message_id_header=key, subject=prepared.subject, from_name=user.name or "",
                      from_address=prepared.account.login, date=utcnow(), direction="sent", body_text=prepared.text,
                      body_html=prepared.html, snippet=snippet(prepared.text), size=len(mime.as_bytes()),
                      in_reply_to=parent.message_id_header if parent else "",
                      references=mime.get("References", "") or "",
                      thread_key=(parent.thread_key if parent else key)[:255],
                      attachment_count=len(prepared.attachments))
    db.session.add(message)
    db.session.flush()
    rows = [("from", user.name or "", prepared.account.login)] + [("to", n, a) for n, a in prepared.to] + \
        [("cc", n, a) for n, a in prepared.cc]
    for role, name, address in rows:
        canonical = canonicalize(address)
        db.session.add(MessageAddress(message_id=message.id, role=role, name=name, address=address,
                                      canonical=canonical, domain=domain_of(canonical) if canonical else None))
    for number, part in mime_parts(mime):
        if part.get_filename():
            db.session.add(Attachment(message_id=message.id, part=number, filename=part.get_filename(),
                                      content_type=part.get_content_type(), size=len(part.get_payload(decode=True)),
                                      encoding=(part.get("Content-Transfer-Encoding") or "").lower()))
    db.session.flush()
    matching.link_messages([message.id])
    search_index.index_messages([{"id": message.id, "subject": message.subject, "body": prepared.text,
                                  "people": search_index.people_text(rows),
                                  "attachments": search_index.attachments_text(f for f, _, _ in prepared.attachments)}])
    return message


def mime_parts(message, prefix: str = ""):
    """(IMAP part number, part) for every leaf, numbered as an IMAP server numbers them."""
    if not message.is_multipart():
        yield prefix or "1", message
        return
    for index, part in enumerate(message.get_payload(), start=1):
        number = f"{prefix}.{index}" if prefix else str(index)
        if part.is_multipart():
            yield from mime_parts(part, number)
        else:
            yield number, part
