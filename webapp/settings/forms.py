"""Forms for the user's own settings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
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
