"""Writing email: compose and reply from a timeline, the outbox's state, sending again."""
from . import views  # the view modules register their routes on bp
from .blueprint import bp

__all__ = ["bp"]
