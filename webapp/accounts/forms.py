"""The account form: one form for adding and editing."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import choices

SECURITY = [("ssl", _l("SSL/TLS")), ("starttls", _l("STARTTLS")), ("plain", _l("None (unencrypted)"))]
STORE = [("all", _l("Received and sent mail")), ("received", _l("Received mail only")),
         ("sent", _l("Sent mail only"))]
VISIBILITY = [("owner", _l("Only the owner")), ("managers", _l("The owner and the owner's managers")),
              ("everyone", _l("Everyone in the team"))]
SINCE = [("30", _l("30 days")), ("90", _l("90 days")), ("365", _l("365 days")), ("all", _l("Everything"))]


class AccountForm(FlaskForm):
    """Everything about one connected mailbox."""

    login = StringField(_l("Email address (login)"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=500)])
    imap_host = StringField(_l("IMAP server"), validators=[Optional(), Length(max=253)])
    imap_port = IntegerField(_l("Port"), default=993, validators=[DataRequired(), NumberRange(1, 65535)])
    imap_security = SelectField(_l("Security"), default="ssl")
    owner_id = SelectField(_l("Owner"), coerce=int, validators=[Optional()])
    store = SelectField(_l("What to store"), choices=choices(STORE), default="all")
    visibility = SelectField(_l("Who sees the mail"), choices=choices(VISIBILITY), default="owner")
    show_on_dashboard = BooleanField(_l("Show on the dashboard"), default=True)
    since = SelectField(_l("How far back the first sync goes"), choices=choices(SINCE), default="90")
    sending_enabled = BooleanField(_l("Allow sending from this account"), default=False)
    smtp_host = StringField(_l("SMTP server"), validators=[Optional(), Length(max=253)])
    smtp_port = IntegerField(_l("Port"), default=465, validators=[Optional(), NumberRange(1, 65535)])
    smtp_security = SelectField(_l("Security"), default="ssl")
    smtp_same_login = BooleanField(_l("Use the same login and password for SMTP"), default=True)
    smtp_login = StringField(_l("SMTP login"), validators=[Optional(), Length(max=320)])
    smtp_password = PasswordField(_l("SMTP password"), validators=[Optional(), Length(max=500)])
    is_default_sender = BooleanField(_l("Make this my default sending account"), default=False)

    def set_security_choices(self, allow_plain: bool) -> None:
        options = choices(SECURITY if allow_plain else SECURITY[:2])
        self.imap_security.choices = options
        self.smtp_security.choices = options
