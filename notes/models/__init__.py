"""kb's data model: talks, speakers, summaries, sections, claims, themes/tags and import logs."""

from .claims import Claim, ClaimKind, ClaimRelation, ClaimStatus
from .counters import (
    ContentGeneration,
    SpeakerCount,
    SpeakerTagCount,
    TagCount,
    TagPairCount,
    TalkCount,
    TalkSpeakerCount,
    TalkSpeakerTagCount,
    TalkTagCount,
    TalkTagPairCount,
)
from .curation import DismissedSpeakerPair, SlugRedirect
from .glossary import GlossaryTerm
from .imports import DuplicateSuggestion, ImportFile, ImportJob, ImportJobFile, ImportRun
from .people import Speaker, SpeakerAlias
from .tags import Tag, TagAlias, TaggedClaim, TaggedTalk
from .talks import Language, Section, Summary, Talk, TalkSpeaker

__all__ = [
    "Claim",
    "ClaimKind",
    "ClaimRelation",
    "ClaimStatus",
    "ContentGeneration",
    "DismissedSpeakerPair",
    "DuplicateSuggestion",
    "GlossaryTerm",
    "ImportFile",
    "ImportJob",
    "ImportJobFile",
    "ImportRun",
    "Language",
    "Section",
    "SlugRedirect",
    "Speaker",
    "SpeakerAlias",
    "SpeakerCount",
    "SpeakerTagCount",
    "Summary",
    "Tag",
    "TagAlias",
    "TagCount",
    "TagPairCount",
    "TaggedClaim",
    "TaggedTalk",
    "Talk",
    "TalkCount",
    "TalkSpeaker",
    "TalkSpeakerCount",
    "TalkSpeakerTagCount",
    "TalkTagCount",
    "TalkTagPairCount",
]
