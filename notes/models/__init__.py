"""kb's data model: talks, speakers, summaries, sections, claims, themes/tags and import logs."""

from .claims import Claim, ClaimKind, ClaimRelation, ClaimStatus
from .counters import SpeakerCount, TagCount, TalkCount, TalkSpeakerCount, TalkTagCount
from .imports import DuplicateSuggestion, ImportFile, ImportRun
from .people import Speaker, SpeakerAlias
from .tags import Tag, TaggedClaim, TaggedTalk
from .talks import Language, Section, Summary, Talk, TalkSpeaker

__all__ = [
    "Claim",
    "ClaimKind",
    "ClaimRelation",
    "ClaimStatus",
    "DuplicateSuggestion",
    "ImportFile",
    "ImportRun",
    "Language",
    "Section",
    "Speaker",
    "SpeakerAlias",
    "SpeakerCount",
    "Summary",
    "Tag",
    "TagCount",
    "TaggedClaim",
    "TaggedTalk",
    "Talk",
    "TalkCount",
    "TalkSpeaker",
    "TalkSpeakerCount",
    "TalkTagCount",
]
