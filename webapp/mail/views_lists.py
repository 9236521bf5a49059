"""Unassigned mail and the manager's review of a report's mail."""
from flask import abort, current_app, render_template, request
from flask_login import current_user, login_required

from ..extensions import db
from ..htmx import render
from ..models import User
from ..services import mail_lists, reading
from .blueprint import bp


def _page(query):
    return db.paginate(query, page=request.args.get("page", 1, type=int), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)


@bp.route("/unassigned")
@login_required
def unassigned():
    """Mail that matched no contact, with 'create a contact from the sender'."""
    pagination = _page(mail_lists.unassigned_query(current_user))
    return render("mail/unassigned.html", "mail/_message_rows.html", pagination=pagination,
                  mailboxes=reading.mailboxes_holding(current_user, [m.id for m in pagination.items]),
                  name_parts=mail_lists.sender_name_parts, show_create=True, endpoint="mail.unassigned",
                  endpoint_args={})


@bp.route("/team")
@login_required
def team():
    """The people whose mail the viewer may review."""
    members = mail_lists.team_members(current_user)
    return render_template("mail/team.html", members=members)


@bp.route("/team/<int:user_id>")
@login_required
def team_member(user_id: int):
    """One report's accounts and the mail of theirs the viewer may see."""
    member = db.get_or_404(User, user_id)
    if member not in mail_lists.team_members(current_user):
        abort(404)
    pagination = _page(mail_lists.member_mail_query(current_user, member))
    return render("mail/team_member.html", "mail/_message_rows.html", member=member, pagination=pagination,
                  accounts=mail_lists.member_accounts(current_user, member),
                  mailboxes=reading.mailboxes_holding(current_user, [m.id for m in pagination.items]),
                  name_parts=mail_lists.sender_name_parts, show_create=False, endpoint="mail.team_member",
                  endpoint_args={"user_id": member.id})
