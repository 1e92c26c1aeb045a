"""Keep the index current. Called explicitly (importer, services, admin) inside their transactions;
there are no signals. Deleting claims needs no call: a trigger on notes_claim removes their rows.

Re-index a claim after changing its text, kind, language, speaker, tags, status or translation;
re-index a speaker's claims after renaming the speaker or changing aliases. A claim's translation is
re-indexed with it, since a translated point is indexed as one document (see documents.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from notes.models import Claim

from .backends import get_backend
from .documents import ClaimDocument, load_documents, partner_ids

BATCH_SIZE = 500


def _batches(ids: list[int]):
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start : start + BATCH_SIZE]


def index_claims(claim_ids: Iterable[int]) -> int:
    """(Re)index these claims; ids of claims that no longer exist are removed. Returns how many
    claims were written to the index."""
    ids = {int(i) for i in claim_ids}
    for batch in _batches(sorted(ids)):
        ids |= partner_ids(batch)
    ids = sorted(ids)
    backend = get_backend()
    written = 0
    # No savepoint inside a caller's transaction: an error here undoes all of it anyway, and a
    # savepoint costs two statements per call (an import makes one call per file part).
    with transaction.atomic(savepoint=False):
        for batch in _batches(ids):
            documents = load_documents(batch)
            found = {d.claim_id for d in documents}
            with connection.cursor() as cursor:
                missing = [i for i in batch if i not in found]
                if missing:
                    backend.delete(cursor, missing)
                written += backend.write(cursor, documents)
    return written


def index_documents(documents: list[ClaimDocument]) -> int:
    """Write documents built by the caller (notes.search.documents.new_claim_documents) inside
    its transaction; returns how many were written."""
    if not documents:
        return 0
    backend = get_backend()
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        return backend.write(cursor, documents)


def remove_claims(claim_ids: Iterable[int]) -> int:
    """Remove these claims from the index. Returns how many index rows were removed."""
    ids = sorted({int(i) for i in claim_ids})
    if not ids:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        return get_backend().delete(cursor, ids)


def rebuild_index() -> int:
    """Empty the index and index every claim again, in one transaction. Returns the claim count."""
    backend = get_backend()
    ids = list(Claim.objects.order_by("id").values_list("id", flat=True))
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend.clear(cursor)
        for batch in _batches(ids):
            documents = load_documents(batch)
            with connection.cursor() as cursor:
                written += backend.write(cursor, documents)
        with connection.cursor() as cursor:
            backend.optimise(cursor)
    return written
