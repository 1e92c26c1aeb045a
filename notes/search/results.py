"""What search_claims returns: a page of hits with a capped total."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from notes.models import Claim, Talk

from .query_parser import SearchQuery


@dataclass(frozen=True)
class Hit:
    """One matching point: the claim standing for it (talk, speaker and translations loaded), its highlighted text, and per version (the claim and its visible
    translation, by id) the highlighted text and why it matched when it lacks the typed words
    ("via translation", "via glossary: 泛化 = generalization")."""

    claim: Claim
    highlighted: SafeString
    highlights: dict[int, SafeString] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)


@dataclass
class SearchPage:
    """One page of results. ``total`` stops counting at the cap; ``total_is_capped`` says so."""

    hits: list[Hit]
    total: int
    total_is_capped: bool
    page: int
    per_page: int
    num_pages: int
    query: SearchQuery
    talks: list[Talk] = field(default_factory=list)  # talks whose title matches the words
    unresolved: list[str] = field(default_factory=list)  # filters naming nothing: "#nosuchtag"

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_page_number(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def previous_page_number(self) -> int | None:
        return self.page - 1 if self.has_previous else None

    @property
    def start_index(self) -> int:
        """1-based number of the first hit on this page (0 when there are none)."""
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def total_label(self) -> str:
        """The total for people: "1,000+" when capped."""
        return f"{self.total:,}+" if self.total_is_capped else f"{self.total:,}"
