"""All models, imported here so that Alembic and the app see every table."""
from .account import MAX_FAILURES, MailAccount, MailFolder
from .audit import AuditEvent
from .contact import Company, CompanyDomain, ContactEmail, Person
from .message import Attachment, Message, MessageAddress, MessageCopy, MessageLink
from .note import Note
from .outbox import OutboxMessage
from .preference import ImageSender
from .sync import SyncOutcome, SyncRun
from .user import ROLES, User, UserSession

__all__ = ["Attachment", "AuditEvent", "Company", "CompanyDomain", "ContactEmail", "ImageSender", "MAX_FAILURES", "MailAccount",
           "MailFolder", "OutboxMessage",
           "Message", "MessageAddress", "MessageCopy", "MessageLink", "Note", "Person", "ROLES", "SyncOutcome",
           "SyncRun", "User", "UserSession"]
