"""The counter rows equal a fresh count after every kind of change, and recount rebuilds them.

``fresh_counts()`` counts the slow, obvious way (the queries the pages ran before counters existed);
``counter_rows()`` reads what the services maintained. Each test changes the data through the service
or admin action a curator or the importer uses, then compares the two.
"""

from collections import Counter, defaultdict
from itertools import combinations

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import (
    Claim,
    ClaimStatus,
    Speaker,
    SpeakerCount,
    SpeakerTagCount,
    Tag,
    TagCount,
    TaggedClaim,
    TagPairCount,
    Talk,
    TalkCount,
    TalkSpeaker,
    TalkSpeakerCount,
    TalkSpeakerTagCount,
    TalkTagCount,
    TalkTagPairCount,
)
from notes.services.counters import recount_all, refresh_counts
from notes.services.merge import merge_speakers, merge_talks
from notes.services.merge_tags import merge_tags
from notes.services.review import set_claim_status
from notes.services.tagging import apply_themes

pytestmark = pytest.mark.django_db

NOTE = """# {title}

- 链接：https://www.youtube.com/watch?v={video}
- 发布日期：2025-0{month}-14
- 主播：Marcus Hale
- 嘉宾：{guest}

## 摘要总结

- {guest} says models generalize worse than people do, and generalization is the open problem.
- Reinforcement learning at scale raises scores on verifiable tasks quickly.
- 她认为泛化能力不足是根本问题。
- Continual learning on the job is the next step for these systems.
"""


# A claim on two themes, for the pair counters.
BOTH = "- Continual learning on the job would fix generalization to new tasks.\n"


def note(name: str, title: str, video: str, guest: str, month: int = 3, extra: str = ""):
    text = NOTE.format(title=title, video=video, guest=guest, month=month) + extra
    return SourceFile(name, text.encode("utf-8"))


def import_notes(*sources):
    result = import_sources(list(sources))
    assert result.failed == 0, [f.message for f in result.files]
    return result


def fresh_counts() -> dict:
    """Every number the counters hold, counted from the claims themselves."""
    visible = Q(talk__public=True) & ~Q(status=ClaimStatus.HIDDEN)
    claims = Claim.objects.filter(visible)
    per_talk_tag = (
        TaggedClaim.objects.filter(content_object__in=claims)
        .values_list("content_object__talk_id", "tag_id")
        .annotate(n=Count("id"))
    )
    per_talk_speaker = {
        (talk, speaker): [n, False]
        for talk, speaker, n in claims.filter(speaker__isnull=False)
        .values_list("talk_id", "speaker_id")
        .annotate(n=Count("id"))
    }
    for talk, speaker in TalkSpeaker.objects.filter(talk__public=True).values_list(
        "talk_id", "speaker_id"
    ):
        per_talk_speaker.setdefault((talk, speaker), [0, False])[1] = True
    tags = {}
    for tag in Tag.objects.all():
        on_tag = claims.filter(taggedclaim__tag=tag)
        n = on_tag.count()
        if n:
            tags[tag.pk] = (n, on_tag.values("talk_id").distinct().count())
    per_talk_speaker_tag = (
        TaggedClaim.objects.filter(content_object__in=claims.filter(speaker__isnull=False))
        .values_list("content_object__talk_id", "content_object__speaker_id", "tag_id")
        .annotate(n=Count("id"))
    )
    speaker_tags = {}
    for speaker, tag in {(s, t) for _, s, t, _ in per_talk_speaker_tag}:
        said = claims.filter(speaker_id=speaker, taggedclaim__tag_id=tag)
        speaker_tags[(speaker, tag)] = (said.count(), said.values("talk_id").distinct().count())
    speakers = {}
    for speaker in Speaker.objects.all():
        n = claims.filter(speaker=speaker).count()
        talks = (
            TalkSpeaker.objects.filter(speaker=speaker, talk__public=True)
            .values("talk_id")
            .distinct()
            .count()
        )
        if n or talks:
            speakers[speaker.pk] = (n, talks)
    tags_of, talk_of = defaultdict(set), {}
    for claim, talk, tag in TaggedClaim.objects.filter(content_object__in=claims).values_list(
        "content_object_id", "content_object__talk_id", "tag_id"
    ):
        tags_of[claim].add(tag)
        talk_of[claim] = talk
    per_talk_pair = Counter(
        (talk_of[claim], a, b)
        for claim, on in tags_of.items()
        for a, b in combinations(sorted(on), 2)
    )
    pairs = defaultdict(lambda: [0, 0])
    for (_, a, b), n in per_talk_pair.items():
        pairs[(a, b)][0] += n
        pairs[(a, b)][1] += 1
    return {
        "talk_tag_pair": dict(per_talk_pair),
        "tag_pair": {key: tuple(v) for key, v in pairs.items()},
        "talk_tag": {(t, g): n for t, g, n in per_talk_tag},
        "talk_speaker": {k: tuple(v) for k, v in per_talk_speaker.items()},
        "talk_speaker_tag": {(t, s, g): n for t, s, g, n in per_talk_speaker_tag},
        "speaker_tag": speaker_tags,
        "tag": tags,
        "speaker": speakers,
        "talk": {
            talk.pk: claims.filter(talk=talk).count() for talk in Talk.objects.filter(public=True)
        },
    }


def counter_rows() -> dict:
    """The same numbers as the counter rows hold them (rows that count nothing left out)."""
    return {
        "talk_tag_pair": {
            (r.talk_id, r.tag_a_id, r.tag_b_id): r.claims for r in TalkTagPairCount.objects.all()
        },
        "tag_pair": {
            (r.tag_a_id, r.tag_b_id): (r.claims, r.talks) for r in TagPairCount.objects.all()
        },
        "talk_tag": {
            (r.talk_id, r.tag_id): r.claims for r in TalkTagCount.objects.all() if r.claims
        },
        "talk_speaker": {
            (r.talk_id, r.speaker_id): (r.claims, r.in_talk) for r in TalkSpeakerCount.objects.all()
        },
        "talk_speaker_tag": {
            (r.talk_id, r.speaker_id, r.tag_id): r.claims for r in TalkSpeakerTagCount.objects.all()
        },
        "speaker_tag": {
            (r.speaker_id, r.tag_id): (r.claims, r.talks) for r in SpeakerTagCount.objects.all()
        },
        "tag": {r.tag_id: (r.claims, r.talks) for r in TagCount.objects.all() if r.claims},
        "speaker": {
            r.speaker_id: (r.claims, r.talks)
            for r in SpeakerCount.objects.all()
            if r.claims or r.talks
        },
        "talk": {r.talk_id: r.claims for r in TalkCount.objects.all()},
    }


def assert_fresh():
    expected = fresh_counts()
    assert counter_rows() == expected
    return expected


@pytest.fixture
def two_talks():
    import_notes(
        note("a.md", "Okafor on generalization", "kbCount0001", "Lena Okafor", extra=BOTH),
        note("b.md", "Hale on continual learning", "kbCount0002", "Ada Byron", month=4),
    )
    expected = assert_fresh()
    assert expected["tag"], "the note should match some seeded themes"
    assert expected["tag_pair"], "a claim should carry two themes"
    return Talk.objects.order_by("pk")


def test_an_import_fills_the_counters(two_talks):
    talk = two_talks[0]
    assert TalkCount.objects.get(talk=talk).claims == Claim.objects.filter(talk=talk).count()
    generalization = Tag.objects.get(slug="generalization")
    assert TagCount.objects.get(tag=generalization).talks == 2


def test_reimporting_an_edited_file_moves_the_counters(two_talks):
    shorter = NOTE.format(
        title="Okafor on generalization", video="kbCount0001", guest="Lena Okafor", month=3
    )
    shorter = "\n".join(line for line in shorter.splitlines() if "泛化" not in line)
    import_notes(SourceFile("a.md", shorter.encode("utf-8")))
    assert_fresh()


def test_hiding_and_reviewing_claims(two_talks):
    some = Claim.objects.filter(talk=two_talks[0]).order_by("pk")[:2]
    set_claim_status(Claim.objects.filter(pk__in=[c.pk for c in some]), ClaimStatus.HIDDEN)
    assert_fresh()
    set_claim_status(Claim.objects.filter(pk=some[0].pk), ClaimStatus.REVIEWED)
    assert_fresh()


def test_retagging_by_keyword(two_talks):
    claim = Claim.objects.filter(talk=two_talks[1], language="en").order_by("pk").first()
    claim.text = "Robots need to learn in the physical world."
    claim.save()
    apply_themes(Claim.objects.filter(pk=claim.pk))
    assert_fresh()


def test_merging_talks_and_speakers(two_talks):
    first, second = two_talks
    merge_talks(first, [second])
    assert_fresh()
    okafor, byron = Speaker.objects.get(name="Lena Okafor"), Speaker.objects.get(name="Ada Byron")
    merge_speakers(okafor, [byron])
    assert_fresh()


def test_speaker_and_tag_counts_follow_merges_and_deletes(two_talks):
    expected = assert_fresh()
    okafor = Speaker.objects.get(name="Lena Okafor")
    on_theme = {tag for speaker, tag in expected["speaker_tag"] if speaker == okafor.pk}
    assert on_theme, "the guest's claims should carry themes"
    generalization, continual = (
        Tag.objects.get(slug="generalization"),
        Tag.objects.get(slug="continual-learning"),
    )
    merge_tags(generalization, [continual])
    assert_fresh()
    byron = Speaker.objects.get(name="Ada Byron")
    merge_speakers(byron, [okafor])
    assert_fresh()
    Tag.objects.filter(pk=generalization.pk).delete()
    assert_fresh()
    byron.delete()
    assert_fresh()


def test_admin_draft_edit_and_delete(admin_client, two_talks):
    first, second = two_talks
    talks_url = reverse("admin:notes_talk_changelist")
    admin_client.post(talks_url, {"action": "make_draft", "_selected_action": [first.pk]})
    assert_fresh()
    admin_client.post(talks_url, {"action": "make_public", "_selected_action": [first.pk]})
    assert_fresh()

    claim = Claim.objects.filter(talk=second).order_by("pk").first()
    admin_client.post(
        reverse("admin:notes_claim_changelist"),
        {"action": "mark_hidden", "_selected_action": [claim.pk]},
    )
    assert_fresh()
    response = admin_client.post(
        reverse("admin:notes_claim_delete", args=[claim.pk + 1]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert_fresh()

    response = admin_client.post(
        talks_url, {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Talk.objects.filter(pk=second.pk).exists()
    assert_fresh()


def test_recount_repairs_drifted_counters(two_talks):
    TagCount.objects.update(claims=999, talks=999)
    TalkTagCount.objects.all().delete()
    TalkSpeakerTagCount.objects.all().delete()
    SpeakerTagCount.objects.update(claims=7)
    TalkTagPairCount.objects.all().delete()
    TagPairCount.objects.update(claims=3)
    TalkCount.objects.create(talk=Talk.objects.create(title="Empty", slug="empty"), claims=5)
    assert counter_rows() != fresh_counts()
    recount_all()
    assert_fresh()


def test_refreshing_an_unchanged_talk_changes_nothing(two_talks):
    before = counter_rows()
    refresh_counts([talk.pk for talk in two_talks])
    assert counter_rows() == before


def test_the_recount_command(two_talks, capsys):
    from django.core.management import call_command

    SpeakerCount.objects.all().delete()
    call_command("recount")
    assert "Recounted 2 talks" in capsys.readouterr().out
    assert_fresh()


def change_form_data(page) -> dict:
    """The admin change form's current values, inlines included, ready to post back."""
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[f"{inline_form.prefix}-{name}"] = "" if value is None else value
    return data


def test_a_curator_tagging_and_hiding_a_claim_in_the_admin(admin_client, two_talks):
    claim = Claim.objects.filter(talk=two_talks[0]).order_by("pk").first()
    url = reverse("admin:notes_claim_change", args=[claim.pk])
    page = admin_client.get(url)
    data = change_form_data(page)
    data["status"] = ClaimStatus.HIDDEN
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is TaggedClaim
    )
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-{total - 1}-tag"] = Tag.objects.create(name="curated", slug="curated").pk
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert_fresh()
    admin_client.post(url, change_form_data(admin_client.get(url)) | {"status": "reviewed"})
    assert TagCount.objects.get(tag__slug="curated").claims == 1
    assert_fresh()


def test_the_migrations_fill_counts_the_pairs_as_the_recount_does(two_talks):
    """Migration 0019 fills the pair counters with two set-based statements; they must give the
    rows the recount gives, the point rule and hidden claims and private talks included."""
    from importlib import import_module

    from django.db import connection

    from tests.factories import ClaimFactory
    from tests.site.builders import tag_claim, translated_pair

    first, second = two_talks
    summary = Claim.objects.filter(talk=first).first().summary
    generalization, continual = (
        Tag.objects.get(slug="generalization"),
        Tag.objects.get(slug="continual-learning"),
    )
    translated_pair(summary, None, "Paired.", "成对。", generalization, continual)
    partial = ClaimFactory(summary=summary, text="Half paired.")
    tag_claim(partial, generalization)
    partial.translation = ClaimFactory(summary=summary, text="一半。", language="zh")
    partial.save(update_fields=["translation"])
    tag_claim(partial.translation, generalization, continual)
    tag_claim(
        ClaimFactory(summary=summary, text="Hidden.", status="hidden"), generalization, continual
    )
    Talk.objects.filter(pk=second.pk).update(public=False)
    recount_all()
    expected = assert_fresh_pairs()
    assert expected[(min(generalization.pk, continual.pk), max(generalization.pk, continual.pk))]
    TalkTagPairCount.objects.all().delete()
    TagPairCount.objects.all().delete()
    migration = import_module("notes.migrations.0019_tag_pairs")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_TALK_PAIRS)
        cursor.execute(migration.FILL_PAIRS)
    assert assert_fresh_pairs() == expected


def assert_fresh_pairs() -> dict:
    """The pair counters as counter rows hold them, checked against a count of points (a pair of
    translations carrying both tags counts once)."""
    rows = counter_rows()
    points_of = defaultdict(int)
    visible = Claim.objects.filter(talk__public=True).exclude(status=ClaimStatus.HIDDEN)
    tags_of = defaultdict(set)
    for claim, tag in TaggedClaim.objects.filter(content_object__in=visible).values_list(
        "content_object_id", "tag_id"
    ):
        tags_of[claim].add(tag)
    for claim in visible:
        partner = (
            claim.translation_id
            or Claim.objects.filter(translation=claim).values_list("pk", flat=True).first()
        )
        for pair in combinations(sorted(tags_of[claim.pk]), 2):
            partner_has = (
                partner is not None and partner < claim.pk and set(pair) <= tags_of[partner]
            )
            if not partner_has:
                points_of[pair] += 1
    assert {pair: claims for pair, (claims, _) in rows["tag_pair"].items()} == points_of
    return dict(points_of)


def test_a_new_talk_is_counted_from_its_rows_in_hand(monkeypatch):
    """An import's brand-new talks are counted by count_new_talk from the rows just written (no
    refresh_counts, nothing read back), and the rows equal a fresh count and a full recount: the
    point rule for a translated pair, a shared speaker's and tags' totals, a private talk."""
    import notes.importer.persist as persist_module

    def no_recount(talk_ids, **kwargs):
        raise AssertionError(f"a new talk was recounted by reading it back: {talk_ids}")

    monkeypatch.setattr(persist_module, "refresh_counts", no_recount)
    pair = "- Scaling laws predict the loss of larger models.\n- 缩放定律可以预测更大模型的损失。\n"
    import_notes(
        note("a.md", "Okafor on generalization", "kbNewTalk01", "Lena Okafor", extra=BOTH),
        note("b.md", "Okafor again", "kbNewTalk02", "Lena Okafor", month=4, extra=pair),
    )
    Talk.objects.filter(pk=Talk.objects.order_by("pk").first().pk).update(public=False)
    recount_all()  # the private talk leaves the totals; the next import adds to them
    third = note("c.md", "Okafor a third time", "kbNewTalk03", "Lena Okafor", month=5, extra=BOTH)
    import_notes(third)

    expected = assert_fresh()
    assert expected["tag"] and expected["tag_pair"]
    maintained = counter_rows()
    recount_all()
    assert counter_rows() == maintained
