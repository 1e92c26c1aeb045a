"""The curators' admin: one module per concern; importing them registers the ModelAdmins."""

from . import claims, glossary, imports, people, tags, talks  # noqa: F401
