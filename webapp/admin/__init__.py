"""Admin pages: users and roles."""
from . import views  # the view modules register their routes on bp
from .blueprint import bp

__all__ = ["bp"]
