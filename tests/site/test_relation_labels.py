"""Every kind of relation reads on both claims' pages (refines and same point used to be a 500)."""

import pytest

from notes.models import ClaimRelation
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind, outgoing, incoming",
    [
        ("supports", "Supports", "Supported by"),
        ("contradicts", "Contradicts", "Contradicted by"),
        ("refines", "Refines", "Refined by"),
        ("same_point", "Makes the same point as", "Makes the same point as"),
    ],
)
def test_each_relation_kind_has_a_label_both_ways(client, kind, outgoing, incoming):
    source = ClaimFactory(text="Continual learning is the bottleneck.")
    target = ClaimFactory(text="Agents lack memory of their work.")
    ClaimRelation.objects.create(source=source, target=target, kind=kind)
    page = client.get(source.get_absolute_url())
    assert page.status_code == 200
    assert f'<span class="relation-kind">{outgoing}</span>' in page.content.decode()
    other = client.get(target.get_absolute_url()).content.decode()
    assert f'<span class="relation-kind">{incoming}</span>' in other
