"""User administration."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import admin_required
from ..extensions import db
from ..forms import choices
from ..models import AuditEvent, User
from ..services import audit
from ..services import users as user_service
from ..services.auth import generate_password
from ..services.errors import ValidationError
from .blueprint import bp
from .forms import UserForm


def _supervisor_choices(exclude_id: int | None):
    people = db.session.scalars(select(User).order_by(User.email)).all()
    return choices([("", _("— none —"))] + [(u.id, u.display_name) for u in people if u.id != exclude_id])


def _apply_error(form, error: ValidationError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None else form.form_errors).append(error.message)


@bp.route("/users")
@admin_required
def users():
    """List every user with role, supervisor and status."""
    rows = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int | None = None):
    """Create a user, or edit one's email, name, role, supervisor and active flag."""
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.supervisor_id.choices = _supervisor_choices(user_id)
    if form.validate_on_submit():
        try:
            password = _save_user(user, form)
        except ValidationError as error:
            db.session.rollback()
            _apply_error(form, error)
        else:
            db.session.commit()
            if password:
                flash(_("User created. Their password (shown only now): %(pw)s", pw=password), "success")
            else:
                flash(_("Changes saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), 422 if form.errors else 200


def _snapshot(user: User) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role, "supervisor_id": user.supervisor_id,
            "active": user.active}


def _save_user(user: User | None, form: UserForm) -> str | None:
    if user is None:
        password = form.password.data or generate_password()
        created = user_service.create_user(form.email.data, password, role=form.role.data,
                                           name=form.name.data or "", supervisor_id=form.supervisor_id.data)
        audit.record("user.created", target=created.email, details=_snapshot(created))
        return None if form.password.data else password
    before = _snapshot(user)
    user_service.update_user(user, email=form.email.data, name=form.name.data or "", role=form.role.data,
                             supervisor_id=form.supervisor_id.data, active=form.active.data,
                             acting=current_user)
    if form.password.data:
        user_service.set_password(user, form.password.data)
    audit.record("user.updated", target=user.email,
                 details={**audit.changes(before, _snapshot(user)), **({"password": "changed"}
                                                                       if form.password.data else {})})
    return None


@bp.route("/audit")
@admin_required
def audit_log():
    """Who changed which account or user, who deleted what, who logged in or failed to."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    action = request.args.get("action", "")
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    pagination = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=50, error_out=False)
    return render_template("admin/audit.html", pagination=pagination, action=action)
