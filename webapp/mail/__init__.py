"""Reading mail: a message in full, its body in an isolated frame, attachments, unassigned mail, team review."""
from . import views, views_lists  # the view modules register their routes on bp
from .blueprint import bp

__all__ = ["bp"]
