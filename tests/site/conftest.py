"""A small public/private knowledge base for the page, feed and API tests."""

import datetime as dt
from types import SimpleNamespace

import pytest

from notes.models import ClaimKind, ClaimStatus, Language, Talk, TalkSpeaker
from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory, TagFactory
from tests.site.builders import (
    claims_on,
    make_theme,
    section_in,
    tag_claim,
    talk_with_speaker,
    translated_pair,
    youtube_talk,
)


@pytest.fixture
def kb(db):
    """Two public talks, one private talk, themes, a plain tag, a hidden claim and a translated pair."""
    generalization = make_theme("t-generalization", "Generalizing", "泛化能力", position=1)
    rl = make_theme("t-rl", "RL at scale", "规模化强化学习", position=2)
    robotics = make_theme("t-robotics", "Robots", "机器人学", position=3)
    scaling = TagFactory(slug="scaling", name="scaling")

    ilya = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=ilya, alias="伊利亚")
    dwarkesh = SpeakerFactory(name="Dwarkesh Patel", slug="dwarkesh-patel")

    talk = youtube_talk(
        "abcdefghijk",
        title="Ilya on generalization",
        slug="ilya-generalization",
        published=dt.date(2025, 11, 25),
        duration_seconds=5000,
    )
    talk, summary, _ = talk_with_speaker(ilya, talk=talk)
    TalkSpeaker.objects.create(talk=talk, speaker=dwarkesh, role=TalkSpeaker.Role.HOST)
    summary.html = "<h2>Overview</h2><p>Models generalize worse than people.</p>"
    summary.save()
    section = section_in(summary, "Why models generalize worse", 1400)
    main_claims = claims_on(summary, ilya, 3, generalization, scaling)
    main_claims[0].section = section
    main_claims[0].save()
    english, chinese = translated_pair(
        summary,
        ilya,
        "Emotions act like a value function.",
        "情绪就像一个价值函数。",
        generalization,
        rl,
    )
    hidden = ClaimFactory(
        summary=summary, speaker=ilya, text="HIDDEN CLAIM TEXT", status=ClaimStatus.HIDDEN
    )
    tag_claim(hidden, generalization)

    other, other_summary, karpathy = talk_with_speaker(
        SpeakerFactory(name="Andrej Karpathy", slug="andrej-karpathy"),
        title="Karpathy on agents",
        slug="karpathy-agents",
        published=dt.date(2024, 3, 1),
        published_precision=Talk.DatePrecision.MONTH,
    )
    other_claims = claims_on(other_summary, karpathy, 2, generalization, rl)
    passage = ClaimFactory(
        summary=other_summary,
        speaker=karpathy,
        text="机器人需要在物理世界中学习。",
        language=Language.ZH,
        kind=ClaimKind.PASSAGE,
    )
    tag_claim(passage, robotics)

    private, private_summary, secret = talk_with_speaker(
        SpeakerFactory(name="Secret Speaker", slug="secret-speaker"),
        title="A private talk",
        slug="private-talk",
        public=False,
    )
    private_claims = claims_on(
        private_summary, secret, 1, generalization, text="PRIVATE CLAIM TEXT"
    )

    return SimpleNamespace(
        generalization=generalization,
        rl=rl,
        robotics=robotics,
        scaling=scaling,
        ilya=ilya,
        dwarkesh=dwarkesh,
        karpathy=karpathy,
        secret=secret,
        talk=talk,
        summary=summary,
        section=section,
        main_claims=main_claims,
        english=english,
        chinese=chinese,
        hidden=hidden,
        other=other,
        other_claims=other_claims,
        passage=passage,
        private=private,
        private_claim=private_claims[0],
    )
