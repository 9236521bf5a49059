"""Profile and password views."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash

from ..extensions import db
from ..services import users as user_service
from ..services.errors import ValidationError
from . import bp
from .forms import PasswordForm, ProfileForm


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    """Edit one's name and language."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = (form.name.data or "").strip()
        current_user.locale = form.locale.data or None
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("settings.profile"))
    return render_template("settings/profile.html", form=form, password_form=PasswordForm())


@bp.route("/password", methods=["POST"])
@login_required
def password():
    """Change one's own password; other sessions end."""
    form = PasswordForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash, form.current.data):
            form.current.errors.append(_("The current password is wrong."))
        else:
            try:
                user_service.set_password(current_user, form.password.data, keep_token=current_user.session_token)
            except ValidationError as error:
                form.password.errors.append(error.message)
            else:
                db.session.commit()
                flash(_("Your password has been changed. Other sessions were logged out."), "success")
                return redirect(url_for("settings.profile"))
    return render_template("settings/profile.html", form=ProfileForm(obj=current_user), password_form=form), 422
