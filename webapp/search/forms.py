"""The search form (a GET form: nothing changes, no CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SearchField, SelectField
from wtforms.validators import Length, Optional


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class SearchForm(FlaskForm):
    """What to look for, and optional filters."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=300)])
    account = SelectField(_l("Mailbox"), coerce=_optional_int, validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])
    attachments = BooleanField(_l("With attachments"))
