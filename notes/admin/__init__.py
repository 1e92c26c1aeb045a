"""The curators' admin: one module per concern; importing them registers the ModelAdmins."""

from . import claims, imports, people, tags, talks  # noqa: F401
