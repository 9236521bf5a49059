"""Account list, add/edit form with connection test, delete with confirmation, sync now."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..forms import EmptyForm, choices
from ..htmx import render, wants_fragment
from ..models import MailAccount, User
from ..services import account_status, audit
from ..services import accounts as account_service
from ..services.account_removal import delete_account, delete_summary
from ..services.errors import ValidationError
from ..services.mailerrors import MailError
from .blueprint import bp
from .forms import AccountForm
from .prefill import apply_provider, provider_for_form


def _load(account_id: int, edit: bool = True) -> MailAccount:
    account = db.get_or_404(MailAccount, account_id)
    allowed = account_service.can_edit if edit else account_service.can_view_row
    if not allowed(current_user, account):
        abort(404)
    return account


@bp.route("/")
@login_required
def index():
    """The account list: one row per account the user may see."""
    return render_template("accounts/index.html", rows=account_status.rows(current_user), empty_form=EmptyForm())


@bp.route("/<int:account_id>")
@login_required
def detail(account_id: int):
    """One account: per-folder accounting of every message, and the latest sync runs."""
    account = _load(account_id, edit=False)
    return render_template("accounts/detail.html", row=account_status.row(current_user, account),
                           reports=account_status.folder_reports(account),
                           runs=account_status.recent_runs(account), empty_form=EmptyForm())


@bp.route("/<int:account_id>/row")
@login_required
def row(account_id: int):
    """One row, for htmx polling while its account syncs."""
    account = _load(account_id, edit=False)
    return render("accounts/index.html", "accounts/_row.html", row=account_status.row(current_user, account),
                  rows=account_status.rows(current_user), empty_form=EmptyForm())


def _build_form(account: MailAccount | None) -> AccountForm:
    form = AccountForm(obj=account)
    form.set_security_choices(current_app.config["MAIL_ALLOW_PLAINTEXT"])
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email)).all()
    form.owner_id.choices = choices([(u.id, u.display_name + " <" + u.email + ">") for u in users])
    if request.method == "GET":
        if account is None:
            form.owner_id.data = current_user.id
        else:
            form.since.data = str(account.since_days) if account.since_days else "all"
            form.smtp_port.data = account.smtp_port or form.smtp_port.default
    return form


def _changed_fields(form: AccountForm, account: MailAccount | None) -> set:
    if account is None:
        return set(form.data)
    changed = {name for name in ("login", "imap_host", "imap_port", "imap_security", "sending_enabled", "smtp_host",
                                 "smtp_port", "smtp_security", "smtp_same_login", "smtp_login")
               if getattr(form, name).data != getattr(account, name)}
    changed |= {name for name in ("password", "smtp_password") if getattr(form, name).data}
    return changed


def _input(form: AccountForm, account: MailAccount | None) -> account_service.AccountInput:
    return account_service.AccountInput(
        login=(form.login.data or "").strip(), password=form.password.data or "",
        imap_host=form.imap_host.data or "", imap_port=form.imap_port.data, imap_security=form.imap_security.data,
        owner_id=form.owner_id.data, store=form.store.data, visibility=form.visibility.data,
        show_on_dashboard=form.show_on_dashboard.data,
        since_days=None if form.since.data == "all" else int(form.since.data),
        sending_enabled=form.sending_enabled.data, smtp_host=form.smtp_host.data or "",
        smtp_port=form.smtp_port.data, smtp_security=form.smtp_security.data,
        smtp_same_login=form.smtp_same_login.data, smtp_login=form.smtp_login.data or "",
        smtp_password=form.smtp_password.data or "", is_default_sender=form.is_default_sender.data,
        changed=_changed_fields(form, account))


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:account_id>/edit", methods=["GET", "POST"])
@login_required
def edit(account_id: int | None = None):
    """Add or edit an account; saving tests the connection first."""
    account = _load(account_id) if account_id else None
    before = account_service.audit_view(account) if account else {}
    form = _build_form(account)
    mail_error = None
    if form.validate_on_submit():
        try:
            saved = account_service.save_account(account, _input(form, account), current_user)
            audit.record("account.updated" if account else "account.created", target=saved.login,
                         details=audit.changes(before, account_service.audit_view(saved)))
        except ValidationError as error:
            db.session.rollback()
            field = getattr(form, error.field, None) if error.field else None
            (field.errors if field is not None else form.form_errors).append(error.message)
        except MailError as error:
            db.session.rollback()
            mail_error = error
        else:
            db.session.commit()
            flash(_("%(login)s is connected. Its first sync starts shortly.", login=saved.login) if account is None
                  else _("Changes saved."), "success")
            _queue_first_sync(saved, new=account is None)
            return redirect(url_for("accounts.index"))
    status = 422 if form.errors or mail_error else 200
    return render_template("accounts/form.html", form=form, account=account, mail_error=mail_error,
                           provider=provider_for_form(form)), status


def _queue_first_sync(account: MailAccount, new: bool) -> None:
    if new or account.status == "new":
        from ..services.sync_queue import queue_sync

        queue_sync(account.id, trigger="manual")


@bp.route("/prefill")
@login_required
def prefill():
    """Server settings for the typed address (htmx): known providers fill host, port and security."""
    form = _build_form(None)
    form.process(formdata=request.args)
    form.set_security_choices(current_app.config["MAIL_ALLOW_PLAINTEXT"])
    provider = apply_provider(form)
    template = "accounts/_server_fields.html" if wants_fragment() else "accounts/form.html"
    return render_template(template, form=form, account=None, mail_error=None, provider=provider)


@bp.route("/<int:account_id>/delete", methods=["GET", "POST"])
@login_required
def delete(account_id: int):
    """Confirm, then delete an account with its copies of messages."""
    account = _load(account_id)
    form = EmptyForm()
    if form.validate_on_submit():
        login = account.login
        summary = delete_account(account)
        audit.record("account.deleted", target=login, details={"messages_removed": summary.going,
                                                               "messages_kept": summary.staying})
        db.session.commit()
        flash(_("%(login)s deleted with %(n)d messages that no other account holds.", login=login,
                n=summary.going), "success")
        return redirect(url_for("accounts.index"))
    return render_template("accounts/delete.html", account=account, summary=delete_summary(account), form=form)


@bp.route("/<int:account_id>/sync", methods=["POST"])
@login_required
def sync_now(account_id: int):
    """Queue a sync of this account at once."""
    account = _load(account_id)
    if EmptyForm().validate_on_submit():
        from ..services.sync_queue import queue_sync

        queued = queue_sync(account.id, trigger="manual")
        if not wants_fragment():
            flash(_("Sync queued.") if queued else _("A sync of this account is already running."), "info")
    if wants_fragment():
        return render_template("accounts/_row.html", row=account_status.row(current_user, account),
                               empty_form=EmptyForm())
    return redirect(url_for("accounts.index"))
