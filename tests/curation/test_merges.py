"""Merging speakers and tags through their previews: what moves, totals kept, old addresses redirect."""

import pytest
from django.urls import reverse

from notes.models import Claim, ClaimRelation, SlugRedirect, Speaker, Tag, TaggedClaim, Talk
from notes.search import index_claims, search_claims
from notes.services.merge import merge_talks
from notes.services.merge_preview import (
    preview_talk_merge,
    speaker_totals,
    tag_totals,
    talk_totals,
)
from notes.services.merge_tags import merge_tags
from tests.factories import (
    ClaimFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
    SummaryFactory,
    TagFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_merging_talks_keeps_relations_translations_and_chains_redirects(client):
    first, second, third = (
        TalkFactory(slug="first"),
        TalkFactory(slug="second"),
        TalkFactory(slug="third"),
    )
    english = ClaimFactory(summary=SummaryFactory(talk=second))
    chinese = ClaimFactory(summary=english.summary, language="zh", text="模型的泛化比人差得多")
    english.translation = chinese
    english.save()
    elsewhere = ClaimFactory(summary=SummaryFactory(talk=third))
    ClaimRelation.objects.create(source=english, target=elsewhere, kind="supports")
    before = talk_totals([first.pk, second.pk, third.pk])
    preview = preview_talk_merge(first, [second])
    assert any("translation link" in line for line in preview.moves)
    assert any("claim relation" in line for line in preview.moves)

    merge_talks(first, [second], public=True)
    merge_talks(third, [first], public=True)  # the survivor is merged again: both slugs follow

    assert talk_totals([third.pk]) == before
    assert Claim.objects.get(pk=english.pk).translation_id == chinese.pk
    for old in ("first", "second"):
        response = client.get(reverse("notes:talk", args=[old]))
        assert response.status_code == 301 and response["Location"] == "/talks/third/"
    assert client.get(reverse("notes:talk", args=["never-was"])).status_code == 404


def test_a_draft_talk_is_not_found_rather_than_redirected(client):
    TalkFactory(slug="hidden", public=False)
    SlugRedirect.objects.create(kind="talk", old_slug="hidden", talk=TalkFactory(slug="other"))
    assert client.get(reverse("notes:talk", args=["hidden"])).status_code == 404


def test_speaker_merge_preview_and_redirect(admin_client, client):
    keep = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    dup = SpeakerFactory(name="伊利亚·苏茨克维", slug="伊利亚")
    SpeakerAliasFactory(speaker=dup, alias="伊利亚")
    talk = TalkFactory()
    TalkSpeakerFactory(talk=talk, speaker=keep)
    TalkSpeakerFactory(talk=talk, speaker=dup)
    ClaimFactory(summary=SummaryFactory(talk=talk), speaker=dup, text="情绪就像价值函数")
    before = speaker_totals([keep.pk, dup.pk])
    url = reverse("admin:notes_speaker_merge")
    page = admin_client.get(url, {"ids": f"{keep.pk},{dup.pk}", "survivor": keep.pk})
    assert "伊利亚·苏茨克维" in page.content.decode()  # the name that becomes an alias
    done = admin_client.post(
        url, {"ids": f"{keep.pk},{dup.pk}", "survivor": keep.pk, "confirm": "1"}, follow=True
    )

    assert list(Speaker.objects.all()) == [keep]
    assert speaker_totals([keep.pk]) == before
    assert [m.level_tag for m in done.context["messages"]] == ["success"]  # no "counts changed"
    assert {"伊利亚", "伊利亚·苏茨克维"} <= set(keep.aliases.values_list("alias", flat=True))
    response = client.get(reverse("notes:speaker", args=["伊利亚"]))
    assert response.status_code == 301 and response["Location"] == keep.get_absolute_url()


def test_tag_merge_moves_taggings_keeps_curator_marks_and_redirects(admin_client, client):
    theme = TagFactory(name="Reinforcement learning", slug="reinforcement-learning", is_theme=True)
    short = TagFactory(name="RL", slug="rl")
    chinese = TagFactory(name="强化学习", slug="强化学习")
    both = ClaimFactory(text="RL environments are the new datasets")
    TaggedClaim.objects.create(content_object=both, tag=theme, reason='keyword "RL"')
    TaggedClaim.objects.create(content_object=both, tag=short, by_curator=True, reason="curator")
    only_zh = ClaimFactory(text="强化学习的环境就是新的数据集")
    TaggedClaim.objects.create(content_object=only_zh, tag=chinese)
    talk = TalkFactory()
    talk.tags.add(short)
    index_claims(Claim.objects.values_list("pk", flat=True))
    before = tag_totals([theme.pk, short.pk, chinese.pk])

    url = reverse("admin:notes_tag_merge")
    ids = f"{theme.pk},{short.pk},{chinese.pk}"
    assert admin_client.get(url, {"ids": ids}).context["survivor"] == theme  # the theme first
    done = admin_client.post(url, {"ids": ids, "survivor": theme.pk, "confirm": "1"}, follow=True)
    assert [m.level_tag for m in done.context["messages"]] == ["success"]

    assert list(Tag.objects.filter(pk__in=[theme.pk, short.pk, chinese.pk])) == [theme]
    assert tag_totals([theme.pk]) == before
    theme.refresh_from_db()
    assert {"RL", "强化学习"} <= set(theme.keywords)
    assert TaggedClaim.objects.get(content_object=both).by_curator
    assert Talk.objects.get(pk=talk.pk).tags.get() == theme
    response = client.get(reverse("notes:theme", args=["rl"]))
    assert response.status_code == 301 and response["Location"] == theme.get_absolute_url()
    response = client.get(reverse("notes:tags"), {"tag": "强化学习"})
    assert response.status_code == 301 and "reinforcement-learning" in response["Location"]
    assert search_claims("#reinforcement-learning").total == 2


def test_merge_tags_service_is_a_no_op_alone():
    tag = TagFactory()
    count = Tag.objects.count()
    assert merge_tags(tag, [tag]) == tag and Tag.objects.count() == count


@pytest.mark.parametrize("model", ["talk", "speaker", "tag"])
def test_merge_pages_refuse_anonymous_and_non_staff(client, django_user_model, model):
    url = reverse(f"admin:notes_{model}_merge")
    assert client.get(url, {"ids": "1,2"}).status_code == 302
    assert client.post(url, {"ids": "1,2", "confirm": "1"}).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123456789"))
    response = client.get(url, {"ids": "1,2"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_merged_tag_is_not_recreated_by_the_next_import():
    from notes.importer.pipeline import import_sources
    from notes.importer.types import SourceFile

    survivor = TagFactory(name="RL", slug="rl")
    merge_tags(survivor, [TagFactory(name="reinforcement-learning", slug="reinforcement-learning")])
    note = (
        "---\ntitle: RL at scale\ntags:\n  - reinforcement-learning\n---\n# RL at scale\n\nText.\n"
    )
    import_sources([SourceFile("rl.md", note.encode())])
    assert not Tag.objects.filter(slug="reinforcement-learning").exists()
    assert list(Talk.objects.get().tags.values_list("slug", flat=True)) == ["rl"]
