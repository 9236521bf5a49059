"""Forms for contacts, their addresses, notes and the CSV import."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class PersonForm(FlaskForm):
    """Create or edit a person; addresses are typed here only when creating."""

    first_name = StringField(_l("First name"), validators=[Optional(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Optional(), Length(max=100)])
    company = StringField(_l("Company"), validators=[Optional(), Length(max=200)],
                          description=_l("An existing company's name; a new name creates the company."))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    email_list = TextAreaField(_l("Email addresses"), validators=[Optional(), Length(max=5000)],
                           description=_l("One or more, separated by commas or new lines."))


class CompanyForm(FlaskForm):
    """Create or edit a company; domains and addresses are typed here only when creating."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    domain_list = TextAreaField(_l("Domains"), validators=[Optional(), Length(max=5000)],
                            description=_l("Mail from any address at these domains lands on this company."))
    email_list = TextAreaField(_l("Email addresses"), validators=[Optional(), Length(max=5000)],
                           description=_l("One or more, separated by commas or new lines."))


class EmailForm(FlaskForm):
    """Add one address to a contact."""

    email = StringField(_l("Email address"), validators=[DataRequired(), Length(max=320)])


class DomainForm(FlaskForm):
    """Add one domain to a company."""

    domain = StringField(_l("Domain"), validators=[DataRequired(), Length(max=253)])


class NoteForm(FlaskForm):
    """Write a note."""

    body = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=20000)])


class ImportForm(FlaskForm):
    """Upload a CSV file of contacts."""

    file = FileField(_l("CSV file"), validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Choose a .csv file."))])
