"""A knowledge base with every kind of curation, for the export and backup tests.

Built from the five sample summaries, then curated the way a curator does in the admin, through the
same services: an edited claim, a hidden one, two talks merged, two speakers and two tags merged
(old slugs redirect), an alias, a relation with a note, a translation linked by hand, a speaker pair
judged different, a glossary term, a theme's Chinese description and pattern, a tag alias, a claim
split in two, a curator's tag and a dismissed duplicate suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from notes.importer.identity import add_alias
from notes.importer.persist import PersistContext, persist_document
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import (
    Claim,
    ClaimRelation,
    DuplicateSuggestion,
    GlossaryTerm,
    SlugRedirect,
    Speaker,
    Tag,
    TagAlias,
    Talk,
)
from notes.services.claim_text import split_claim
from notes.services.curation import mark_curated
from notes.services.merge import default_visibility, merge_speakers, merge_talks
from notes.services.merge_tags import merge_tags
from notes.services.review import add_claims_tag, set_claim_status
from notes.services.speaker_duplicates import dismiss_speaker_pair
from notes.services.translations import link_translations
from tests.conftest import SAMPLES_DIR
from tests.importer.parsed_builders import make_document, make_talk


@dataclass
class Curation:
    """What was curated, to look for in the export and on the restored pages."""

    edited_text: str
    hidden_text: str
    merged_talk_slug: str
    surviving_talk_slug: str
    merged_speaker_slug: str
    merged_tag_slug: str
    alias: str
    relation_note: str
    glossary_english: str
    theme_slug: str
    description_zh: str
    tag_alias: str
    split_parts: tuple[str, str]


def build_curated_kb() -> Curation:
    names = sorted(p.name for p in SAMPLES_DIR.glob("*.txt"))
    result = import_sources([SourceFile(n, (SAMPLES_DIR / n).read_bytes()) for n in names])
    assert result.failed == 0, [f.message for f in result.files]

    edited = _first(Claim.objects.filter(language="en", kind="key_point"))
    edited.text = "A curator rewrote this point to say it plainly."
    edited.save()
    mark_curated(edited, ["text"])
    hidden = _first(Claim.objects.filter(language="zh").exclude(pk=edited.pk))
    set_claim_status(Claim.objects.filter(pk=hidden.pk), Claim.Status.HIDDEN)

    essay = [Talk.objects.get(summaries__source_name__startswith=p) for p in ("003_", "004_")]
    keep, other = sorted(essay, key=lambda t: (not t.public, t.slug))
    merge_talks(keep, [other], public=default_visibility(essay))
    keep.refresh_from_db()  # the survivor may take the other's slug; its own then redirects
    old_slugs = SlugRedirect.objects.filter(kind="talk", talk=keep).exclude(old_slug=keep.slug)
    old_slugs = old_slugs.order_by("old_slug")
    merged_talk_slug = old_slugs.values_list("old_slug", flat=True).first()

    speaker = Speaker.objects.get(name__icontains="Sutskever")
    add_alias(speaker, "伊利亚·苏")
    twin = Speaker.objects.create(name="I. Sutskever (typo)", slug="i-sutskever-typo")
    merge_speakers(speaker, [twin])
    others = Speaker.objects.exclude(pk=speaker.pk).order_by("slug")
    dismiss_speaker_pair(speaker, others.first())

    theme = Tag.objects.filter(is_theme=True, claim_items__isnull=False).distinct().order_by("slug")
    theme = theme.first()
    theme.description_zh = "策展人改写的中文说明。"
    theme.patterns = [r"world\s+models?"]
    theme.save()
    TagAlias.objects.create(tag=theme, alias="策展别名")
    loose = Tag.objects.create(name="Loose tag", slug="loose-tag")
    add_claims_tag(Claim.objects.filter(pk=edited.pk), loose)
    merge_tags(theme, [loose])

    source = _first(Claim.objects.filter(talk=keep, status=Claim.Status.IMPORTED))
    target = _first(Claim.objects.exclude(talk=keep).exclude(pk=hidden.pk))
    note = "The essay argues against this point of the interview."
    ClaimRelation.objects.create(source=source, target=target, kind="contradicts", note=note)

    unpaired = Claim.objects.filter(translation__isnull=True, translated_from__isnull=True)
    english = _first(unpaired.filter(language="en").exclude(pk__in=[edited.pk, source.pk]))
    chinese = _first(unpaired.filter(language="zh").exclude(pk__in=[hidden.pk, target.pk]))
    link_translations(english, chinese)

    whole = _first(
        Claim.objects.filter(language="en", talk=keep).exclude(
            pk__in=[edited.pk, source.pk, english.pk]
        )
    )
    parts = ("The first half, as a curator split it.", "The second half, now its own claim.")
    split_claim(whole, parts)

    GlossaryTerm.objects.create(english="world model", chinese="世界模型", note="by a curator")
    lookalike = make_talk(title="Notes on the essay", url="https://example.org/lookalike")
    persist_document(make_document("lookalike.md", lookalike), PersistContext())
    DuplicateSuggestion.objects.create(
        talk=Talk.objects.get(url="https://example.org/lookalike"),
        other=keep,
        score=0.4,
        reason="similar titles",
        status="dismissed",
    )
    return Curation(
        edited_text=edited.text,
        hidden_text=hidden.text,
        merged_talk_slug=merged_talk_slug,
        surviving_talk_slug=keep.slug,
        merged_speaker_slug=twin.slug,
        merged_tag_slug=loose.slug,
        alias="伊利亚·苏",
        relation_note=note,
        glossary_english="world model",
        theme_slug=theme.slug,
        description_zh=theme.description_zh,
        tag_alias="策展别名",
        split_parts=parts,
    )


def _first(claims):
    claim = claims.order_by("talk__slug", "position", "text").first()
    assert claim is not None, "the samples lack a claim this curation needs"
    return claim
