"""Contacts: persons and companies, their addresses, notes and timelines."""
from . import views, views_items  # the view modules register their routes on bp
from .blueprint import bp

__all__ = ["bp"]
