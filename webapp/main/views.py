"""Dashboard."""
from flask import redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..extensions import db
from ..models import Company, Note, Person
from ..services import account_status, mail_lists, reading
from .blueprint import bp


@bp.route("/")
def index():
    """Send visitors to the dashboard or the login page."""
    return redirect(url_for("main.dashboard" if current_user.is_authenticated else "auth.login"))


@bp.route("/dashboard")
@login_required
def dashboard():
    """What happened lately."""
    notes = db.session.scalars(select(Note).order_by(Note.created_at.desc(), Note.id.desc()).limit(8)).all()
    counts = {"persons": db.session.scalar(select(func.count()).select_from(Person)),
              "companies": db.session.scalar(select(func.count()).select_from(Company)),
              "unassigned": mail_lists.count_unassigned(current_user)}
    mail = mail_lists.dashboard_mail(current_user)
    return render_template("main/dashboard.html", notes=notes, counts=counts, mail=mail,
                           unassigned_cap=mail_lists.UNASSIGNED_COUNT_CAP,
                           problems=account_status.problems(current_user),
                           mailboxes=reading.mailboxes_holding(current_user, [m.id for m in mail]))
