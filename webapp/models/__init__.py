"""All models, imported here so that Alembic and the app see every table."""
from .contact import Company, CompanyDomain, ContactEmail, Person
from .note import Note
from .user import ROLES, User, UserSession

__all__ = ["Company", "CompanyDomain", "ContactEmail", "Note", "Person", "ROLES", "User", "UserSession"]
