"""Tag aliases: RL, 强化学习 and reinforcement-learning as one tag in imports, search, URLs and merges."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, Tag, TagAlias, TaggedClaim, Talk
from notes.search import index_claims, search_claims
from notes.services.merge_tags import merge_tags
from tests.factories import ClaimFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rl():
    tag = TagFactory(name="reinforcement-learning", slug="reinforcement-learning", is_theme=True)
    for alias in ("RL", "强化学习"):
        TagAlias(tag=tag, alias=alias).save()
    return tag


NOTE = """---
title: Environments are the new datasets
tags: [RL, 强化学习, reinforcement-learning, Reinforcement-Learning]
---
# Environments are the new datasets

Text about training.
"""


def test_importing_aliases_yields_one_tag(rl):
    count = Tag.objects.count()
    import_sources([SourceFile("rl.md", NOTE.encode())])
    assert list(Talk.objects.get().tags.all()) == [rl]
    assert Tag.objects.count() == count


def test_an_alias_is_unique_case_insensitively_and_not_another_tags_name(rl):
    other = TagFactory(name="Robotics", slug="robotics")
    with pytest.raises(ValidationError, match="already an alias"):
        TagAlias(tag=other, alias="rl").full_clean()
    with pytest.raises(ValidationError, match="merge the two tags"):
        TagAlias(tag=rl, alias="robotics").full_clean()
    TagAlias(tag=rl, alias="ＲＬ environments").full_clean()  # another alias is fine


@pytest.mark.parametrize("query", ["#RL", "tag:强化学习", "#rl", "tag:reinforcement-learning"])
def test_search_by_an_alias_finds_the_tags_claims(rl, query):
    claim = ClaimFactory(text="Environments matter more than algorithms.")
    ClaimFactory(text="Unrelated point about robots.")
    TaggedClaim.objects.create(content_object=claim, tag=rl, by_curator=True)
    index_claims(Claim.objects.values_list("pk", flat=True))
    found = search_claims(query)
    assert [hit.claim.pk for hit in found.hits] == [claim.pk] and not found.unresolved


def test_an_alias_slug_redirects_to_the_tag(rl, client):
    plain = TagFactory(name="Agents", slug="agents")
    TagAlias(tag=plain, alias="智能体").save()
    ClaimFactory(text="x").tags.add(rl, plain)
    response = client.get(reverse("notes:theme", args=["rl"]))
    assert response.status_code == 301 and response["Location"] == rl.get_absolute_url()
    response = client.get(reverse("notes:theme", args=["强化学习"]))
    assert response.status_code == 301 and response["Location"] == rl.get_absolute_url()
    response = client.get(reverse("notes:tags"), {"tag": "智能体"})
    assert response.status_code == 301 and response["Location"].endswith("?tag=agents")
    assert client.get(reverse("notes:theme", args=["nothing-here"])).status_code == 404


def test_aliases_are_edited_inline_on_the_tag(admin_client, rl):
    url = reverse("admin:notes_tag_change", args=[rl.pk])
    page = admin_client.get(url)
    assert "强化学习" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in ("name", "name_zh", "slug", "position")}
    aliases = list(rl.aliases.order_by("pk"))
    data.update(
        {
            "is_theme": "on",
            "keywords": "",
            "patterns": "",
            "aliases-TOTAL_FORMS": "3",
            "aliases-INITIAL_FORMS": "2",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-id": aliases[0].pk,
            "aliases-0-tag": rl.pk,
            "aliases-0-alias": "RL",
            "aliases-1-id": aliases[1].pk,
            "aliases-1-tag": rl.pk,
            "aliases-1-alias": "强化学习",
            "aliases-2-tag": rl.pk,
            "aliases-2-alias": "rl",  # the same as RL, case aside
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200  # refused: shown again with the error
    assert "already an alias" in response.content.decode()
    data["aliases-2-alias"] = "ＲＬ  Env"
    data.update({"aliases-TOTAL_FORMS": "4", "aliases-3-tag": rl.pk, "aliases-3-alias": "rl env"})
    response = admin_client.post(url, data)
    assert "listed twice" in response.content.decode()  # two new rows, one alias
    data.update({"aliases-TOTAL_FORMS": "3", "aliases-2-alias": "Reinforcement Learning (RL)"})
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert set(rl.aliases.values_list("alias", flat=True)) == {
        "RL",
        "强化学习",
        "Reinforcement Learning (RL)",
    }


def test_a_merge_turns_the_merged_names_and_slugs_into_aliases(rl, client):
    short = TagFactory(name="Deep RL", slug="deep-rl")
    TagAlias(tag=short, alias="深度强化学习").save()
    claim = ClaimFactory(text="Deep RL needs environments.")
    TaggedClaim.objects.create(content_object=claim, tag=short, by_curator=True)

    merge_tags(rl, [short])

    assert set(rl.aliases.values_list("alias", flat=True)) == {
        "RL",
        "强化学习",
        "Deep RL",
        "deep-rl",
        "深度强化学习",
    }
    index_claims([claim.pk])
    assert [hit.claim.pk for hit in search_claims("#深度强化学习").hits] == [claim.pk]
    note = NOTE.replace(
        "tags: [RL, 强化学习, reinforcement-learning, Reinforcement-Learning]", "tags: [Deep RL]"
    )
    import_sources([SourceFile("deep.md", note.encode())])
    assert list(Talk.objects.get(summaries__source_name="deep.md").tags.all()) == [rl]
    assert client.get(reverse("notes:theme", args=["deep-rl"]))["Location"] == rl.get_absolute_url()


def test_the_merge_preview_names_the_new_aliases(admin_client, rl):
    other = TagFactory(name="RL 强化", slug="rl-qiang-hua")
    page = admin_client.get(
        reverse("admin:notes_tag_merge"), {"ids": f"{rl.pk},{other.pk}", "survivor": rl.pk}
    )
    assert "become aliases of the survivor: RL 强化, rl-qiang-hua" in page.content.decode()
