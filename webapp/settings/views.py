"""Profile and password views."""
from flask import Response, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash

from ..extensions import db
from ..forms import choices
from ..services.accounts import ensure_default_sender
from ..services.compose import sending_accounts
from ..services.message_view import body_csp
from ..services.sanitize import clean_html
from ..services import audit
from ..services import users as user_service
from ..services.errors import ValidationError
from .blueprint import bp
from .forms import FooterForm, PasswordForm, ProfileForm


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
                audit.record("user.password_changed", target=current_user.email)
                db.session.commit()
                flash(_("Your password has been changed. Other sessions were logged out."), "success")
                return redirect(url_for("settings.profile"))
    return render_template("settings/profile.html", form=ProfileForm(obj=current_user), password_form=form), 422


@bp.route("/footer", methods=["GET", "POST"])
@login_required
def footer():
    """Edit the email footer (sanitized on save) and pick the default sending account."""
    accounts = sending_accounts(current_user)
    form = FooterForm(obj=current_user)
    form.default_account.choices = choices([(a.id, a.login) for a in accounts])
    if request.method == "GET" and accounts:
        form.default_account.data = accounts[0].id
    if form.validate_on_submit():
        current_user.footer_html = clean_html(form.footer_html.data or "", show_images=True)
        if accounts and form.default_account.data:
            ensure_default_sender(current_user.id, preferred=form.default_account.data)
        db.session.commit()
        flash(_("Footer saved."), "success")
        return redirect(url_for("settings.footer"))
    return render_template("settings/footer.html", form=form, accounts=accounts)


@bp.route("/footer/preview")
@login_required
def footer_preview():
    """The saved footer as its own sandboxed document (images allowed: it is the user's own)."""
    response = Response(render_template("mail/body.html", body=Markup(clean_html(current_user.footer_html,
                                                                                  show_images=True))))
    response.headers["Content-Security-Policy"] = body_csp(True, request.host_url.rstrip("/"))
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
