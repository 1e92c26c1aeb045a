"""Small builders on top of tests/factories.py for the site tests: themes, tagged claims, pairs."""

from notes.models import Claim, ClaimKind, Language, TaggedClaim, TalkSpeaker
from tests.factories import (
    ClaimFactory,
    SectionFactory,
    SpeakerFactory,
    SummaryFactory,
    TagFactory,
    TalkFactory,
)


def make_theme(slug: str, name: str, name_zh: str = "", position: int = 0):
    """A theme (is_theme tag) with a description."""
    return TagFactory(
        slug=slug,
        name=name,
        name_zh=name_zh,
        is_theme=True,
        position=position,
        description=f"Claims about {name.lower()}.",
    )


def tag_claim(claim: Claim, *tags, reason: str = "") -> Claim:
    """Attach tags to a claim through TaggedClaim (with an optional reason)."""
    for tag in tags:
        TaggedClaim.objects.create(content_object=claim, tag=tag, reason=reason)
    return claim


def youtube_talk(video_id: str = "dQw4w9WgXcQ", **kwargs):
    """A public talk whose source is a YouTube video, so moments become &t= links."""
    return TalkFactory(url=f"https://www.youtube.com/watch?v={video_id}", **kwargs)


def talk_with_speaker(speaker=None, role=TalkSpeaker.Role.GUEST, **kwargs):
    """A talk, its summary and a speaker in it."""
    talk = kwargs.pop("talk", None) or TalkFactory(**kwargs)
    speaker = speaker or SpeakerFactory()
    TalkSpeaker.objects.create(talk=talk, speaker=speaker, role=role)
    summary = SummaryFactory(talk=talk)
    return talk, summary, speaker


def claims_on(summary, speaker, count: int, *tags, **kwargs) -> list[Claim]:
    """``count`` claims in ``summary`` by ``speaker``, each carrying ``tags``."""
    claims = []
    for n in range(count):
        claim = ClaimFactory(summary=summary, speaker=speaker, start_seconds=60 * n + 5, **kwargs)
        tag_claim(claim, *tags, reason='keyword "test"')
        claims.append(claim)
    return claims


def translated_pair(summary, speaker, en_text: str, zh_text: str, *tags):
    """An English claim and its Chinese version, linked through Claim.translation."""
    english = ClaimFactory(summary=summary, speaker=speaker, text=en_text, language=Language.EN)
    chinese = ClaimFactory(summary=summary, speaker=speaker, text=zh_text, language=Language.ZH)
    english.translation = chinese
    english.save(update_fields=["translation"])
    for claim in (english, chinese):
        tag_claim(claim, *tags)
    return english, chinese


def section_in(summary, heading: str, start_seconds: int | None):
    return SectionFactory(summary=summary, heading=heading, start_seconds=start_seconds)


__all__ = [
    "ClaimKind",
    "claims_on",
    "make_theme",
    "section_in",
    "tag_claim",
    "talk_with_speaker",
    "translated_pair",
    "youtube_talk",
]
