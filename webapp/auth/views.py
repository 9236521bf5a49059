"""Login and logout views."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from ..forms import EmptyForm
from ..services import audit
from ..services import auth as auth_service
from .blueprint import bp
from .forms import LoginForm
from .throttle import account_limit, ip_limit, remember_device


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@ip_limit
@account_limit
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = auth_service.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong email or password."))
            audit.record("login.failed", target=auth_service.normalize_email(form.email.data)[:320],
                         actor_email=auth_service.normalize_email(form.email.data))
            db.session.commit()
        else:
            session.clear()  # nothing from before the login survives it
            auth_service.start_session(user, request.user_agent.string or "")
            audit.record("login", actor=user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            response = redirect(_safe_next(request.args.get("next")))
            remember_device(response, user.email)
            return response
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" or not form.errors else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End this browser's session."""
    if EmptyForm().validate_on_submit():
        auth_service.end_session(current_user.session_token)
        audit.record("logout")
        db.session.commit()
        logout_user()
        flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))
