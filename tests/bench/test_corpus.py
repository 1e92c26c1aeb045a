"""scripts/bench_corpus.py at a tiny size: the rows, their distributions, counters and index."""

from collections import Counter

import bench_corpus
import pytest
from django.db.models import F

from notes.models import Claim, Section, Speaker, Summary, Tag, TaggedClaim, Talk, TalkCount
from notes.search import search_claims

CLAIMS = 2000


@pytest.fixture
def corpus(db):
    rows = bench_corpus.generate(CLAIMS, seed=7)
    phases = bench_corpus.derive()
    return rows, phases


def test_corpus_counts_and_distributions(corpus):
    rows, phases = corpus
    talks = CLAIMS // bench_corpus.CLAIMS_PER_TALK
    assert Claim.objects.count() == CLAIMS == rows[Claim._meta.db_table]
    assert Talk.objects.count() == talks == Summary.objects.count()
    assert Section.objects.count() == talks * 5
    assert Tag.objects.filter(slug__startswith="bench-tag-").count() == bench_corpus.TAGS
    assert Speaker.objects.filter(slug__startswith="bench-speaker-").count() == 20
    assert set(phases) == {"recount", "index", "analyze"}
    # Every claim belongs to its summary's talk, and to a section of that summary.
    assert not Claim.objects.exclude(summary__talk=F("talk")).exists()
    assert not Claim.objects.exclude(section__summary=F("summary")).exists()
    languages = Counter(Claim.objects.values_list("language", flat=True))
    assert 0.40 < languages["zh"] / CLAIMS < 0.60
    assert 0.22 < languages["en"] / CLAIMS < 0.38
    assert 0.13 < languages["mixed"] / CLAIMS < 0.27
    hidden = Claim.objects.filter(status="hidden").count()
    assert 0.005 < hidden / CLAIMS < 0.04
    paired = Claim.objects.filter(translation__isnull=False)
    assert 0.002 < paired.count() / CLAIMS < 0.025
    for claim in paired:  # a pair points both ways, within one talk
        assert claim.translation.translation_id == claim.pk
        assert claim.translation.talk_id == claim.talk_id
    # Zipf: the first tag and speaker are far more common than one further down the list.
    per_tag = Counter(TaggedClaim.objects.values_list("tag__slug", flat=True))
    assert per_tag["bench-tag-0"] > 5 * per_tag["bench-tag-50"]
    assert TaggedClaim.objects.filter(tag__is_theme=True).exists()
    per_speaker = Counter(Claim.objects.values_list("speaker__slug", flat=True))
    first_five = sum(per_speaker[f"bench-speaker-{n}"] for n in range(5))
    assert first_five > CLAIMS / 2  # a quarter of the 20 speakers hold most claims
    talks = Talk.objects.count()
    assert Talk.objects.filter(published__isnull=True).count() < talks * 0.3  # 10% undated


def test_counters_and_index(corpus):
    """Each public talk's counter: its visible claims, a translation pair counted once."""
    expected = {}
    for talk in Talk.objects.filter(public=True):
        visible = {c.pk: c for c in talk.claims.exclude(status="hidden")}
        pairs = sum(1 for c in visible.values() if c.translation_id in visible) // 2
        expected[talk.pk] = len(visible) - pairs
    assert dict(TalkCount.objects.values_list("talk_id", "claims")) == expected
    # The search index holds the corpus: a word of a public claim finds it.
    claim = Claim.objects.filter(talk__public=True, status="imported", language="en").first()
    word = max(claim.text.rstrip(".").split(), key=len)
    page = search_claims(word)
    assert page.total >= 1
    assert not search_claims("qqqqnotaword").total


def test_the_same_seed_gives_the_same_corpus(db):
    bench_corpus.generate(300, seed=3)
    first = list(Claim.objects.order_by("pk").values_list("text", "language", "status"))
    Claim.objects.all().delete()
    Talk.objects.all().delete()
    Tag.objects.filter(slug__startswith="bench-tag-").delete()
    Speaker.objects.filter(slug__startswith="bench-speaker-").delete()
    bench_corpus.generate(300, seed=3)
    assert list(Claim.objects.order_by("pk").values_list("text", "language", "status")) == first
