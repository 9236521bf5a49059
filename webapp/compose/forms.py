"""The compose form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ComposeForm(FlaskForm):
    """An email to write: from which account, to whom, what."""

    account_id = SelectField(_l("From"), coerce=int, validators=[Optional()])
    to = StringField(_l("To"), validators=[DataRequired(), Length(max=5000)])
    cc = StringField(_l("Cc"), validators=[Optional(), Length(max=5000)])
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=500)])
    body = TextAreaField(_l("Message"), validators=[Optional(), Length(max=2_000_000)])
    attachments = MultipleFileField(_l("Attachments"))
    include_footer = BooleanField(_l("Add my email footer"), default=True)
    reply_to_id = HiddenField()
    contact = HiddenField()
