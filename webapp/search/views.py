"""The search page: as-you-type with htmx, and a plain results page without JavaScript."""
from flask import request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..forms import choices
from ..htmx import render
from ..models import MailAccount
from ..services import reading
from ..services.contacts import get_contact
from ..services.search import RANK_WINDOW, Filters, search
from ..services.visibility import visible_account_ids
from .blueprint import bp
from .forms import SearchForm


def _contact_filter():
    kind, _, ident = request.args.get("contact", "").partition(":")
    if kind in ("person", "company") and ident.isdigit() and get_contact(kind, int(ident)) is not None:
        return kind, int(ident)
    return None


@bp.route("/search")
@login_required
def index():
    """Search mail and notes the user may see."""
    form = SearchForm(request.args)
    accounts = db.session.scalars(select(MailAccount).where(MailAccount.id.in_(visible_account_ids(current_user)
                                                                                or {-1})).order_by(MailAccount.login))
    form.account.choices = choices([("", _("All mailboxes"))] + [(a.id, a.login) for a in accounts])
    form.validate()
    contact = _contact_filter()
    hits = []
    if (form.q.data or "").strip():
        filters = Filters(contact=contact, account_id=form.account.data, since=form.since.data,
                          until=form.until.data, attachments=form.attachments.data)
        hits = search(current_user, form.q.data, filters, limit=30)
    mailboxes = reading.mailboxes_holding(current_user, [h.id for h in hits if h.kind == "email"])
    return render("search/index.html", "search/_results.html", form=form, hits=hits, mailboxes=mailboxes,
                  rank_window=RANK_WINDOW,
                  contact=get_contact(*contact) if contact else None)
