"""The samples after a curator relates a point of Dwarkesh Patel's essay (003/004) to a point of the
Ilya Sutskever interview (000–002): the theme page shows the pair under "where they agree and
disagree", the claim page and the API show the relation; hidden and draft claims never appear."""

import re

import pytest
from django.urls import reverse

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, ClaimStatus, DuplicateSuggestion, Speaker, Tag
from notes.services.merge import default_visibility, merge_talks
from notes.services.relations import link_claims
from notes.services.review import set_claim_status
from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.django_db


def public(claims):
    return claims.filter(talk__public=True).exclude(status=ClaimStatus.HIDDEN)


def pairs_section(html: str) -> str:
    """The "where they agree and disagree" section of a theme page ('' when there is none)."""
    found = re.search(r'<section class="theme-pairs".*?</section>', html, re.S)
    return found.group(0) if found else ""


def common_theme(essay, interview) -> Tag:
    """A theme both the essay and the interview have public claims on."""
    return next(
        tag
        for tag in Tag.objects.filter(is_theme=True).order_by("position")
        if essay.filter(tags=tag).exists() and interview.filter(tags=tag).exists()
    )


def merge_the_essay():
    """The curator's first step: 003 (public, no author) and 004 (draft, by Dwarkesh Patel) are one
    essay; merged, it is public and by its author."""
    suggestion = DuplicateSuggestion.objects.get(status="open")
    public_talk, draft_talk = sorted(
        [suggestion.talk, suggestion.other], key=lambda t: not t.public
    )
    return merge_talks(
        public_talk, [draft_talk], public=default_visibility([public_talk, draft_talk])
    )


@pytest.fixture
def samples(shared_dir):
    import_sources([SourceFile(p.name, p.read_bytes()) for p in sorted(SAMPLES_DIR.glob("*.txt"))])
    return Speaker.objects.get(name="Ilya Sutskever")


def essay_and_interview(ilya, source_prefix="003_"):
    essay = public(Claim.objects.filter(summary__source_name__startswith=source_prefix))
    interview = public(Claim.objects.filter(speaker=ilya))
    theme = common_theme(essay, interview)
    return (
        essay.filter(tags=theme).order_by("position").first(),
        interview.filter(tags=theme).order_by("pk").first(),
        theme,
    )


def test_a_related_pair_shows_on_the_theme_and_claim_pages(client, samples):
    merge_the_essay()
    essay, interview, theme = essay_and_interview(samples)
    theme_url = reverse("notes:theme", args=[theme.slug])
    assert pairs_section(client.get(theme_url).content.decode()) == ""  # nothing linked yet

    link_claims(essay, interview, "contradicts")

    section = pairs_section(client.get(theme_url).content.decode())
    assert "Where they agree and disagree" in section
    for claim in (essay, interview):
        assert f'href="{claim.get_absolute_url()}"' in section
        assert f'href="{claim.talk.get_absolute_url()}"' in section
    assert "Dwarkesh Patel" in section and "Ilya Sutskever" in section
    assert "contradicts" in section
    chinese = client.get(theme_url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "观点的异同" in pairs_section(chinese)

    claim_page = client.get(essay.get_absolute_url()).content.decode()
    assert "Contradicts" in claim_page and f'href="{interview.get_absolute_url()}"' in claim_page
    other_side = client.get(interview.get_absolute_url()).content.decode()
    assert "Contradicted by" in other_side and f'href="{essay.get_absolute_url()}"' in other_side
    api = client.get(reverse("notes:api-claim", args=[essay.pk])).json()
    assert api["relations"] == [{"kind": "contradicts", "direction": "out", "claim": interview.pk}]

    # A filtered theme page lists a narrower set of claims; the theme-wide pairs stay off it.
    filtered = client.get(theme_url, {"lang": "zh"}).content.decode()
    assert pairs_section(filtered) == ""


def test_hidden_and_draft_claims_never_appear_in_pairs(client, samples):
    draft_claims = Claim.objects.filter(summary__source_name__startswith="004_")
    assert draft_claims.exists() and not draft_claims.filter(talk__public=True).exists()
    interview = public(Claim.objects.filter(speaker=samples))
    theme = common_theme(draft_claims, interview)
    draft = draft_claims.filter(tags=theme).order_by("position").first()
    interview = interview.filter(tags=theme).order_by("pk").first()
    theme_url = reverse("notes:theme", args=[theme.slug])

    link_claims(draft, interview, "refines")
    assert pairs_section(client.get(theme_url).content.decode()) == ""
    assert draft.get_absolute_url() not in client.get(interview.get_absolute_url()).content.decode()
    assert client.get(reverse("notes:api-claim", args=[interview.pk])).json()["relations"] == []

    merge_the_essay()  # the essay is public now, the draft summary's claims with it
    section = pairs_section(client.get(theme_url).content.decode())
    assert f'href="{draft.get_absolute_url()}"' in section and "refines" in section
    assert "Dwarkesh Patel" in section

    set_claim_status(Claim.objects.filter(pk=interview.pk), ClaimStatus.HIDDEN)
    assert pairs_section(client.get(theme_url).content.decode()) == ""
    assert interview.get_absolute_url() not in client.get(draft.get_absolute_url()).content.decode()
    assert client.get(reverse("notes:api-claim", args=[draft.pk])).json()["relations"] == []
