"""Forms shared across features."""
from flask_wtf import FlaskForm
from wtforms import SelectChoice


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for button-only POSTs (delete, sync now, logout)."""


def choices(pairs) -> list[SelectChoice]:
    """SelectField options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
