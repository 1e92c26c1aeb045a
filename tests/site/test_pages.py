"""The public pages: content, 404s, privacy of hidden claims and private talks, escaping."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from notes.models import ClaimRelation, ClaimStatus, Language, Talk, TalkSpeaker
from tests.factories import ClaimFactory, SpeakerFactory, SummaryFactory, TalkFactory
from tests.site.builders import claims_on, make_theme, talk_with_speaker

SECRET_TEXTS = ("HIDDEN CLAIM TEXT", "PRIVATE CLAIM TEXT", "A private talk", "Secret Speaker")


def page_urls(kb):
    return [
        "/",
        reverse("notes:theme", args=[kb.generalization.slug]),
        reverse("notes:talks"),
        reverse("notes:talk", args=[kb.talk.slug]),
        reverse("notes:speakers"),
        reverse("notes:speaker", args=[kb.ilya.slug]),
        reverse("notes:claim", args=[kb.english.pk]),
        reverse("notes:tags"),
        reverse("notes:tags") + f"?tag={kb.generalization.slug}",
    ]


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_every_page_has_landmarks_title_and_description(client, kb):
    for url in page_urls(kb):
        text = html(client.get(url))
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in text, (url, landmark)
        assert re.search(r"<title>[^<]+ · kb</title>", text), url
        assert re.search(r'<meta name="description" content="[^"]+">', text), url
        assert text.count("<h1") == 1, url


def test_hidden_claims_and_private_talks_appear_nowhere(client, kb):
    for url in page_urls(kb):
        text = html(client.get(url))
        for secret in SECRET_TEXTS:
            assert secret not in text, (url, secret)


def test_home_lists_themes_with_counts_and_recent_talks(client, kb):
    text = html(client.get("/"))
    assert kb.generalization.get_absolute_url() in text
    # 5 public claims on the theme in the first talk (one a translated pair: 4 points), 2 in the other.
    assert re.search(r"Generalizing</a></h3>.*?6 claims · 2 talks", text, re.S)
    assert "Ilya on generalization" in text and "Karpathy on agents" in text
    assert 'role="search"' in text


def test_home_in_chinese_uses_chinese_theme_names(client, kb):
    text = html(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert '<html lang="zh-Hans">' in text
    assert "泛化能力" in text
    assert "最近的演讲" in text


def test_theme_groups_claims_by_talk_newest_first(client, kb):
    text = html(client.get(kb.generalization.get_absolute_url()))
    assert text.index("Ilya on generalization") < text.index("Karpathy on agents")
    assert "6 claims" in text  # 3 + 1 translated pair (one point) + 2
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=5s"' in text
    # The Chinese version sits under its English claim, not as a row of its own.
    assert '<p class="claim-text claim-translation" lang="zh">' in text
    assert text.count("情绪就像一个价值函数。") == 1
    # The timeline runs oldest first.
    timeline = text[text.index('class="timeline"') :]
    assert timeline.index("Karpathy on agents") < timeline.index("Ilya on generalization")


def test_theme_links_the_other_themes_to_narrow(client, kb):
    text = html(client.get(kb.generalization.get_absolute_url()))
    assert "/tags/?tag=t-generalization&amp;tag=t-rl" in text


def test_a_theme_offers_its_busiest_speakers_and_keeps_the_chosen_one(client, db, monkeypatch):
    """The speaker filter lists the speakers who said most on the theme (by name) and points to
    the speakers page; a speaker outside them can still be chosen by address."""
    from notes.views import themes

    monkeypatch.setattr(themes, "THEME_SPEAKERS", 2)
    theme = make_theme("t-voices", "Voices")
    _, summary, _ = talk_with_speaker(title="Many voices", slug="many-voices")
    for n, count in enumerate((1, 3, 2)):
        speaker = SpeakerFactory(name=f"Voice {'CAB'[n]}", slug=f"voice-{n}")
        claims_on(summary, speaker, count, theme, text=f"Voice {n} on the theme.")
    text = html(client.get(theme.get_absolute_url()))
    start = text.index('<form class="filters"')
    form = text[start : text.index("</form>", start)]
    assert form.index('value="voice-1"') < form.index('value="voice-2"')  # "Voice A", "Voice B"
    assert 'value="voice-0"' not in form  # one claim: not among the two busiest
    assert f'href="{reverse("notes:speakers")}"' in form
    text = html(client.get(theme.get_absolute_url(), {"speaker": "voice-0"}))
    assert '<option value="voice-0" selected>' in text
    main = text[text.index("<main") : text.index('class="secondary"')]
    assert "Voice 0 on the theme." in main and "Voice 1 on the theme." not in main


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"speaker": "andrej-karpathy"}, "Karpathy on agents", "Ilya on generalization"),
        ({"lang": "zh"}, "情绪就像一个价值函数", "Karpathy on agents"),
        ({"kind": "passage"}, "No public claims on this theme match", "Emotions act like"),
    ],
)
def test_theme_filters(client, kb, params, present, absent):
    text = html(client.get(kb.generalization.get_absolute_url(), params))
    main = text[text.index("<main") : text.index('class="secondary"')]
    assert present in main
    assert absent not in main


def test_theme_ignores_a_bad_filter_value_and_says_so(client, kb):
    text = html(client.get(kb.generalization.get_absolute_url(), {"lang": "xx", "page": "abc"}))
    assert "6 claims" in text
    assert 'class="error"' in text


def test_theme_pages_through_claims(client, kb):
    summary = SummaryFactory(talk=kb.talk)
    for _ in range(30):
        claim = ClaimFactory(summary=summary)
        claim.tags.add(kb.robotics)
    first = html(client.get(kb.robotics.get_absolute_url()))
    assert "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    second = html(client.get(kb.robotics.get_absolute_url(), {"page": 2}))
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("slug", ["no-such-theme", "scaling"])
def test_unknown_theme_or_plain_tag_is_not_found(client, kb, slug):
    response = client.get(reverse("notes:theme", args=[slug]))
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_talk_page_shows_metadata_summary_sections_and_pairs(client, kb):
    text = html(client.get(kb.talk.get_absolute_url()))
    assert "1:23:20" in text  # duration
    assert 'Ilya Sutskever</a> <span class="role">(guest)</span>' in text
    assert 'Dwarkesh Patel</a> <span class="role">(host)</span>' in text
    assert (
        "<h2>Overview</h2><p>Models generalize worse than people.</p>" in text
    )  # sanitised html, raw
    assert (
        'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=1400s"' in text
    )  # section moment
    assert "Why models generalize worse" in text
    pair = re.search(r'<article class="claim [^"]*claim-point">(.*?)</article>', text, re.S).group(
        1
    )
    assert pair.index("Emotions act like a value function.") < pair.index("情绪就像一个价值函数。")
    assert text.count("情绪就像一个价值函数。") == 1
    assert "4 claims" in text  # points: the pair counts once


def test_talk_date_is_as_precise_as_known(client, kb):
    text = html(client.get(kb.other.get_absolute_url()))
    assert '<time datetime="2024-03">March 2024</time>' in text


@pytest.mark.parametrize("slug", ["private-talk", "nope"])
def test_private_or_unknown_talk_is_not_found(client, kb, slug):
    assert client.get(reverse("notes:talk", args=[slug])).status_code == 404


def test_unicode_slugs_work(client, db):
    talk = TalkFactory(slug="伊利亚-泛化", title="伊利亚谈泛化")
    assert talk.get_absolute_url() == "/talks/%E4%BC%8A%E5%88%A9%E4%BA%9A-%E6%B3%9B%E5%8C%96/"
    assert "伊利亚谈泛化" in html(client.get(talk.get_absolute_url()))


def test_talks_list(client, kb):
    text = html(client.get(reverse("notes:talks")))
    assert "2 talks" in text
    assert text.index("Ilya on generalization") < text.index("Karpathy on agents")


def test_talk_listings_name_speakers_but_not_people_only_mentioned(client, kb):
    talk = Talk.objects.get(title="Ilya on generalization")
    mentioned = SpeakerFactory(name="Richard Sutton", slug="richard-sutton")
    TalkSpeaker.objects.create(talk=talk, speaker=mentioned, role=TalkSpeaker.Role.MENTIONED)
    for url in (reverse("notes:talks"), reverse("notes:home")):
        text = html(client.get(url))
        assert "Ilya Sutskever" in text and "Richard Sutton" not in text
    assert "Richard Sutton" in html(client.get(talk.get_absolute_url()))  # with its role


def test_speakers_list_leaves_out_speakers_of_private_talks_only(client, kb):
    text = html(client.get(reverse("notes:speakers")))
    assert "Ilya Sutskever" in text and "Dwarkesh Patel" in text
    assert "Secret Speaker" not in text


def test_speaker_page_shows_aliases_talks_themes_and_claims_by_talk(client, kb):
    text = html(client.get(kb.ilya.get_absolute_url()))
    assert "伊利亚" in text
    assert "4 claims" in text  # 3 + one translated pair
    # The claims are grouped under their talk (newest first, as every claim list); each shows its
    # themes, and the themes section narrows a theme's page to this speaker.
    assert re.search(r'<h3><a href="/talks/ilya-generalization/">Ilya on generalization</a>', text)
    claims = text[text.index('id="speaker-claims-heading"') :]
    assert kb.main_claims[0].text in claims
    assert 'class="chip chip-theme" href="/themes/t-generalization/"' in claims
    assert f"/themes/t-generalization/?speaker={kb.ilya.slug}" in text
    assert '<span class="role">guest</span>' in text or '<span class="role">host</span>' in text


def test_speaker_page_lists_claims_newest_talk_first_across_pages(client, kb):
    _, older_summary, _ = talk_with_speaker(
        kb.ilya, title="Ilya long ago", slug="ilya-long-ago", published=dt.date(2001, 1, 1)
    )
    for n in range(30):
        ClaimFactory(summary=older_summary, speaker=kb.ilya, text=f"Old claim number {n}.")
    first = html(client.get(kb.ilya.get_absolute_url()))
    assert "34 claims" in first
    assert first.index("Ilya on generalization") < first.index("Ilya long ago")
    assert "Old claim number 0." in first and "Old claim number 21." not in first
    second = html(client.get(kb.ilya.get_absolute_url() + "?page=2"))
    assert "Old claim number 21." in second and "Old claim number 29." in second
    assert "Old claim number 0." not in second


def test_speaker_of_only_private_talks_is_not_found(client, kb):
    assert client.get(kb.secret.get_absolute_url()).status_code == 404


def test_claim_page(client, kb):
    claim = kb.main_claims[0]
    text = html(client.get(claim.get_absolute_url()))
    assert claim.text in text
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=5s"' in text
    assert "Why models generalize worse" in text  # its section
    assert "keyword &quot;test&quot;" in text  # why the tag is there
    assert "Karpathy on agents" in text  # a related claim from another talk


def test_claim_page_shows_its_translation_either_way(client, kb):
    english = html(client.get(kb.english.get_absolute_url()))
    chinese = html(client.get(kb.chinese.get_absolute_url()))
    assert (
        '<blockquote class="claim-quote translation" lang="zh"><p>情绪就像一个价值函数。' in english
    )
    assert '<blockquote class="claim-quote translation" lang="en"><p>Emotions act like' in chinese


def test_claim_page_hides_a_hidden_translation(client, kb):
    kb.chinese.status = ClaimStatus.HIDDEN
    kb.chinese.save()
    assert "情绪就像" not in html(client.get(kb.english.get_absolute_url()))


def test_claim_relations_read_from_both_sides(client, kb):
    ClaimRelation.objects.create(
        source=kb.other_claims[0],
        target=kb.english,
        kind=ClaimRelation.Kind.CONTRADICTS,
        note="Disagree.",
    )
    target = html(client.get(kb.english.get_absolute_url()))
    source = html(client.get(kb.other_claims[0].get_absolute_url()))
    assert "Contradicted by" in target and kb.other_claims[0].text in target
    assert "Contradicts" in source and "Emotions act like" in source


@pytest.mark.parametrize("which", ["hidden", "private_claim"])
def test_hidden_or_private_claim_is_not_found(client, kb, which):
    assert client.get(getattr(kb, which).get_absolute_url()).status_code == 404


def test_claim_text_is_escaped(client, kb):
    claim = ClaimFactory(
        summary=kb.summary, text='<script>alert("x")</script> & more', language=Language.EN
    )
    claim.tags.add(kb.generalization)
    for url in (
        claim.get_absolute_url(),
        kb.talk.get_absolute_url(),
        kb.generalization.get_absolute_url(),
    ):
        text = html(client.get(url))
        assert "<script>alert" not in text, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in text, url


def test_unknown_url_uses_the_site_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_language_switch_sets_chinese(client, kb):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/talks/"})
    assert response.status_code == 302
    text = html(client.get("/talks/"))
    assert '<html lang="zh-Hans">' in text
    assert "演讲" in text


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00abc",
        "/tags/?tag=%00&tag=scaling",
        "/themes/t-generalization/?speaker=%00&lang=%00&page=%00",
        "/talks/?page=-1",
        "/speakers/?page=99999",
    ],
)
def test_odd_parameters_never_break_a_page(client, kb, url):
    assert client.get(url).status_code == 200


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    text = render_to_string("500.html")
    assert "Something went wrong" in text and "/static/css/kb.css" in text


def test_the_chinese_interface_shows_the_seeded_chinese_theme_description(client, db):
    from notes.models import Tag

    theme = Tag.objects.get(slug="generalization")  # seeded by the migrations
    assert theme.description_zh
    text = html(client.get(theme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert theme.description_zh in text
    assert theme.description not in text
    home = html(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert theme.description_zh in home


def test_every_seeded_theme_has_a_chinese_description(db):
    from notes.models import Tag

    themes = Tag.objects.filter(is_theme=True)
    assert themes.count() == 13
    assert not themes.filter(description_zh="").exists()


def test_a_claim_without_a_speaker_is_headed_by_what_it_is(client, kb):
    claim = ClaimFactory(summary=kb.summary, speaker=None, text="Nobody in particular said this.")
    text = html(client.get(claim.get_absolute_url()))
    assert "<h1>Key point from “Ilya on generalization”</h1>" in text
    chinese = html(client.get(claim.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "<h1>“Ilya on generalization”中的要点</h1>" in chinese


def test_a_talk_page_names_each_claims_speaker_named_on_the_talk_or_not(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    host = SpeakerFactory(name="Named Host", slug="named-host")
    _, summary, _ = talk_with_speaker(host, title="Who said it", slug="who-said-it")
    ClaimFactory(summary=summary, speaker=host, text="The host's claim.")
    ClaimFactory(summary=summary, speaker=None, text="Nobody's claim.")
    with CaptureQueriesContext(connection) as named_only:
        first = client.get("/talks/who-said-it/").content.decode()
    host_link = '<a class="speaker" href="/speakers/named-host/">Named Host</a>'
    assert first.count(host_link) == 1  # the claim's; the talk's own list links differently
    heckler = SpeakerFactory(name="Unlisted Heckler", slug="unlisted-heckler")
    ClaimFactory(summary=summary, speaker=heckler, text="A claim from the floor.")
    with CaptureQueriesContext(connection) as with_unlisted:
        page = client.get("/talks/who-said-it/").content.decode()
    assert '<a class="speaker" href="/speakers/unlisted-heckler/">Unlisted Heckler</a>' in page
    assert host_link in page
    # The talk's speakers come with the talk; a speaker not named on it costs one query.
    assert len(with_unlisted) == len(named_only) + 1
