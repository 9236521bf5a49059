"""Forms for the user's own settings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from ..forms import choices


class ProfileForm(FlaskForm):
    """Display name and language."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=choices([("", _l("Browser default")), ("en", "English"),
                                                          ("pl", "Polski")]), validators=[Optional()])


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class FooterForm(FlaskForm):
    """The email footer (signature) and the default sending account."""

    footer_html = TextAreaField(_l("Email footer"), validators=[Optional(), Length(max=100_000)],
                                description=_l("Added below every email you send. Formatting, links and images "
                                               "by address are kept; anything unsafe is removed when you save."))
    default_account = SelectField(_l("Default sending account"), coerce=int, validators=[Optional()])
