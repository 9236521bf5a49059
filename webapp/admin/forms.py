"""Forms for managing users."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import choices


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    """Create or edit a user (the password only on create)."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=choices([("user", _l("User")), ("admin", _l("Admin"))]))
    supervisor_id = SelectField(_l("Supervisor"), coerce=_optional_int, validators=[Optional()])
    active = BooleanField(_l("Active (can log in)"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)],
                             description=_l("For a new user, leave empty to generate one (shown once); "
                                         "when editing, leave empty to keep the current one."))
