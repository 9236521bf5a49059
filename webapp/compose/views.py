"""Compose and reply views; the outbox state of a sent message, polled while it is on its way."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..contacts.loading import load_contact
from ..extensions import db
from ..forms import EmptyForm, choices
from ..htmx import render, wants_fragment
from ..models import OutboxMessage
from ..services import audit
from ..services import compose as compose_service
from ..services import outbox as outbox_service
from ..services import reading
from ..services.errors import ValidationError
from .blueprint import bp
from .forms import ComposeForm
from .prefill import prefill_new, prefill_reply


def _form(accounts) -> ComposeForm:
    form = ComposeForm()
    form.account_id.choices = choices([(a.id, a.login) for a in accounts])
    if request.method == "GET" and accounts:
        form.account_id.data = accounts[0].id
    return form


def _context(form, accounts, contact=None, parent=None):
    return {"form": form, "accounts": accounts, "contact": contact, "parent": parent,
            "footer": current_user.footer_html}


@bp.route("/contacts/<any(person,company):kind>/<int:contact_id>/compose")
@login_required
def new(kind: str, contact_id: int):
    """A new email to a contact (htmx: the form in place on the timeline)."""
    contact = load_contact(kind, contact_id)
    accounts = compose_service.sending_accounts(current_user)
    form = _form(accounts)
    prefill_new(form, contact)
    return render("compose/page.html", "compose/_form.html", **_context(form, accounts, contact))


@bp.route("/mail/<int:message_id>/reply")
@login_required
def reply(message_id: int):
    """A reply to a message: recipient, 'Re:' subject and threading prefilled, the original quoted."""
    parent = reading.visible_message_or_404(current_user, message_id)
    accounts = compose_service.sending_accounts(current_user)
    form = _form(accounts)
    prefill_reply(form, parent, accounts)
    return render("compose/page.html", "compose/_form.html", **_context(form, accounts, parent=parent))


def _draft(form: ComposeForm) -> compose_service.Draft:
    files = [(f.filename or "attachment", f.mimetype or "application/octet-stream", f.read())
             for f in request.files.getlist(form.attachments.name) if f and f.filename]
    reply_to = int(form.reply_to_id.data) if (form.reply_to_id.data or "").isdigit() else None
    return compose_service.Draft(account_id=form.account_id.data, to=form.to.data or "", cc=form.cc.data or "",
                                 subject=form.subject.data or "", html=form.body.data or "", attachments=files,
                                 reply_to_id=reply_to, include_footer=form.include_footer.data)


@bp.route("/compose", methods=["POST"])
@login_required
def send():
    """Store the email, queue it, and show it on the timeline as on its way."""
    accounts = compose_service.sending_accounts(current_user)
    form = _form(accounts)
    draft = _draft(form) if form.validate_on_submit() else None
    parent = reading.visible_message_or_404(current_user, draft.reply_to_id) if draft and draft.reply_to_id else None
    if draft is not None:
        try:
            row = compose_service.create_outbox(current_user, draft, parent)
        except ValidationError as error:
            db.session.rollback()
            field = getattr(form, error.field, None) if error.field else None
            (field.errors if field is not None else form.form_errors).append(error.message)
        else:
            db.session.commit()
            outbox_service.queue(row.id)
            return _sent_response(row, form.contact.data)
    return render_template("compose/page.html" if not wants_fragment() else "compose/_form.html",
                           **_context(form, accounts, parent=parent)), 422


def _sent_response(row: OutboxMessage, contact_ref: str):
    db.session.refresh(row)
    if not wants_fragment():
        flash(_("Your email is on its way."), "success")
        kind, _sep, ident = (contact_ref or "").partition(":")
        if kind in ("person", "company") and ident.isdigit():
            return redirect(url_for("contacts.detail", kind=kind, contact_id=int(ident)))
        return redirect(url_for("mail.message", message_id=row.message_id))
    message = reading.visible_message_or_404(current_user, row.message_id)
    return render_template("compose/_sent.html", m=message, outbox={message.id: row},
                           mailboxes=reading.mailboxes_holding(current_user, [message.id]), entry=None)


@bp.route("/mail/<int:message_id>/outbox")
@login_required
def status(message_id: int):
    """The entry of a message on its way out (htmx polls it until it is sent or failed)."""
    message = reading.visible_message_or_404(current_user, message_id)
    return render_template("contacts/_entry_email.html", entry=None, m=message, empty_form=EmptyForm(),
                           outbox=outbox_service.states([message.id]),
                           mailboxes=reading.mailboxes_holding(current_user, [message.id]))


@bp.route("/outbox/<int:outbox_id>/again", methods=["POST"])
@login_required
def send_again(outbox_id: int):
    """Send a failed or unknown message again, by hand."""
    row = db.get_or_404(OutboxMessage, outbox_id)
    reading.visible_message_or_404(current_user, row.message_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        outbox_service.send_again(row, current_user)
    except ValidationError as error:
        flash(error.message, "error")
    else:
        audit.record("mail.sent_again", target=f"outbox {row.id}")
        db.session.commit()
        outbox_service.queue(row.id)
    if wants_fragment():
        return status(row.message_id)
    return redirect(url_for("mail.message", message_id=row.message_id))
