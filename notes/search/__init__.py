"""Claim search: one facade, a backend per database (SQLite FTS5, PostgreSQL tsvector + GIN).

    from notes.search import index_claims, remove_claims, rebuild_index, search_claims, parse_query

The index is written only through index_claims / index_documents / remove_claims / rebuild_index,
which callers invoke explicitly inside their transactions. See docs/decisions.md ("Search").
"""

from .indexing import index_claims, index_documents, rebuild_index, remove_claims
from .query_parser import SearchQuery, parse_query
from .results import Hit, SearchPage
from .searching import search_claims

__all__ = [
    "Hit",
    "SearchPage",
    "SearchQuery",
    "index_claims",
    "index_documents",
    "parse_query",
    "rebuild_index",
    "remove_claims",
    "search_claims",
]
