"""The tags page: counts for every tag, AND narrowing, facets that follow the narrowing."""

import re

from django.urls import reverse

from notes.models import ClaimStatus


def get(client, *slugs, **extra):
    params = [("tag", slug) for slug in slugs] + list(extra.items())
    response = client.get(reverse("notes:tags"), params)
    assert response.status_code == 200
    return response.content.decode()


def facet_counts(text) -> dict[str, int]:
    """{slug: count} from the facet list's links."""
    facets = text[text.index('id="facets-heading"') :]
    return {
        slug: int(count)
        for slug, count in re.findall(
            r'tag=([\w-]+)"[^>]*>[^<]*</a> <span class="count">(\d+)<', facets
        )
    }


def test_every_tag_with_public_claim_counts(client, kb):
    counts = facet_counts(get(client))
    # 3 + 1 (a translated pair is one point) in the first talk, 2 in the other; hidden and
    # private claims are not counted.
    assert counts == {"t-generalization": 6, "scaling": 3, "t-rl": 3, "t-robotics": 1}


def test_one_tag_lists_its_claims_and_the_facets_of_those_claims(client, kb):
    text = get(client, "t-rl")
    assert "3 claims" in text
    assert "Emotions act like a value function." in text
    counts = facet_counts(text)
    assert counts == {"t-generalization": 3}
    # Facet links add to the current selection, so the URL is shareable.
    assert "/tags/?tag=t-rl&amp;tag=t-generalization" in text


def test_two_tags_narrow_with_and(client, kb):
    text = get(client, "t-generalization", "scaling")
    assert "3 claims" in text
    for claim in kb.main_claims:
        assert claim.text in text
    assert "Emotions act like" not in text
    assert facet_counts(text) == {}


def test_tags_that_share_no_claim_give_no_claims(client, kb):
    text = get(client, "t-robotics", "scaling")
    assert "0 claims" in text
    assert "No public claims carry all of these tags." in text


def test_removing_a_chosen_tag_keeps_the_others(client, kb):
    text = get(client, "t-generalization", "scaling")
    assert 'href="/tags/?tag=scaling" aria-label="Remove Generalizing"' in text


def test_unknown_tag_is_reported_and_left_out(client, kb):
    text = get(client, "t-rl", "no-such-tag")
    assert "There is no tag “no-such-tag”" in text
    assert "3 claims" in text


def test_hidden_claims_leave_the_counts(client, kb):
    kb.main_claims[0].status = ClaimStatus.HIDDEN
    kb.main_claims[0].save()
    assert facet_counts(get(client))["scaling"] == 2


def test_tag_claims_are_paginated(client, kb):
    text = get(client, "t-generalization", page="1")
    assert "6 claims" in text and "Page 1 of" not in text  # one page: no pager
