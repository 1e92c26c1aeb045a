"""The PostgreSQL cursor: server-side binding, prepared statements, and custom plans where values matter.

A prepared statement is planned for its parameters the first five times; after that PostgreSQL may
keep one generic plan, estimated for an average value. That saves the 3-8 ms of planning a page
statement costs at a million claims, and is right when every value selects about as many rows (a
claim by id, a talk's claims). It is wrong when a few values select most rows: a generic plan
for ``tag_id = $1`` assumes an average tag, and on the busiest tags (a third of all claims) it
walked a nested loop that took 2.4 s instead of 0.3 s (a narrowed tag page at 1M claims). Tags and
speakers are Zipf-distributed (and so are the pair counters' rows of a tag, ``tag_a_id`` and
``tag_b_id`` of notes_tagpaircount / notes_talktagpaircount), and a full-text query's terms range
from one claim to half of them, so a statement filtering on one of those is bound on the client,
as Django does by default:
its values are written into its text, and the plan psycopg prepares after five runs of that same
text is the plan for those values (the busiest theme's page, asked again and again, stops paying
its 28 ms of planning; a tag seen once is planned once, as before).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db.backends.postgresql.base import ServerBindingCursor
from psycopg import ClientCursor

# A parameter compared with a column whose values select very different numbers of rows.
_VALUE_SENSITIVE = re.compile(
    r"""(?:tag_id|tag_a_id|tag_b_id|speaker_id)"?\s*(?:=|IN\s*\(|=\s*ANY\s*\()\s*%s"""  # a tag, a speaker
    r"""|%s::tsquery""",  # a full-text query
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def plans_depend_on_values(sql: str) -> bool:
    """Whether ``sql`` compares a parameter with a column whose values are skewed (see above)."""
    return _VALUE_SENSITIVE.search(sql) is not None


class ValueAwareCursor(ServerBindingCursor):
    """Django's server-binding cursor, except for statements whose best plan depends on their
    values: those are bound on the client, so a prepared plan is never shared between values."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if params and isinstance(query, str) and plans_depend_on_values(query):
            query, params = ClientCursor(self.connection).mogrify(query, params), None
        return super().execute(query, params, prepare=prepare, binary=binary)
