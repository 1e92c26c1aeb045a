"""Checking the facts of shared/*/expected.json against the database after an import.

Each ``check_*`` function returns a list of failures (sentences) so one test reports every wrong fact
at once. The facts are read at test time from ../shared; nothing here repeats their values.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from notes.models import Claim, DuplicateSuggestion, Speaker, Summary, Talk, TalkSpeaker
from notes.normalise import normalise_name, normalise_title, normalise_url
from notes.search import search_claims

KEY_KINDS = ("key_point", "highlight")


def summaries_of(name: str) -> list[Summary]:
    return list(Summary.objects.filter(source_name=name).select_related("talk").order_by("part"))


def talk_of(name: str) -> Talk:
    return summaries_of(name)[0].talk


def speaker_roles(talk: Talk) -> set[tuple[str, str]]:
    rows = TalkSpeaker.objects.filter(talk=talk).values_list("speaker__name_key", "role")
    return set(rows)


def translation_pairs(claims) -> int:
    links = claims.filter(translation__isnull=False).values_list("pk", "translation_id")
    return len({frozenset(link) for link in links})


class _Tree(HTMLParser):
    """Just enough of an HTML tree to count list items and their nested lists."""

    def __init__(self):
        super().__init__()
        self.root = {"tag": "root", "children": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul", "li"):
            node = {"tag": tag, "children": []}
            self.stack[-1]["children"].append(node)
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in ("ol", "ul", "li"):
            while len(self.stack) > 1:
                if self.stack.pop()["tag"] == tag:
                    break


def _lists(node):
    for child in node["children"]:
        if child["tag"] in ("ol", "ul"):
            yield child
        yield from _lists(child)


def nested_lists_found(html: str, top_level: int, nested_each: int) -> bool:
    """Whether some list has ``top_level`` items each holding a list of ``nested_each`` items."""
    tree = _Tree()
    tree.feed(html)
    for lst in _lists(tree.root):
        items = [c for c in lst["children"] if c["tag"] == "li"]
        if len(items) != top_level:
            continue
        nested = [[g for g in _lists(item) if g] for item in items]
        if all(
            groups and len([c for c in groups[0]["children"] if c["tag"] == "li"]) == nested_each
            for groups in nested
        ):
            return True
    return False


def check_file(name: str, facts: dict, names_to_talks) -> list[str]:
    """Every fact about one sample/wild file, checked against the database."""
    problems = []
    summaries = summaries_of(name)
    if not summaries:
        return [f"{name}: no summary in the database"]
    summary, talk = summaries[0], summaries[0].talk
    claims = Claim.objects.filter(summary__in=summaries)

    def expect(ok, what):
        if not ok:
            problems.append(f"{name}: {what}")

    if "title" in facts:
        expect(
            normalise_title(talk.title) == normalise_title(facts["title"]),
            f"title is {talk.title!r}",
        )
    if "title_any" in facts:
        keys = {normalise_title(t) for t in facts["title_any"]}
        expect(normalise_title(talk.title) in keys, f"title is {talk.title!r}")
    if "title_nonempty" in facts:
        expect(bool(talk.title.strip()), "title is empty")
    for text in facts.get("title_not_contains", []):
        expect(text not in talk.title, f"title {talk.title!r} contains {text!r}")
    for text in facts.get("title_contains", []):
        expect(text in talk.title, f"title {talk.title!r} lacks {text!r}")
    if "url" in facts:
        expect(talk.url == normalise_url(facts["url"] or ""), f"url is {talk.url!r}")
    if "url_any" in facts:
        allowed = {normalise_url(url or "") for url in facts["url_any"]}
        expect(talk.url in allowed, f"url is {talk.url!r}")
    for text in facts.get("url_absent_or_not", []):
        expect(text not in talk.url, f"url {talk.url!r} contains {text!r}")
    published = talk.published.isoformat() if talk.published else None
    if "published" in facts:
        expect(published == facts["published"], f"published is {published}")
    if "published_any" in facts:
        expect(published in facts["published_any"], f"published is {published}")
    if "published_prefix_or_null" in facts:
        expect(
            published is None or published.startswith(facts["published_prefix_or_null"]),
            f"published is {published}",
        )
    if "duration_seconds" in facts:
        expect(
            talk.duration_seconds == facts["duration_seconds"],
            f"duration is {talk.duration_seconds}",
        )
    if "language" in facts:
        expect(summary.language == facts["language"], f"language is {summary.language}")
    if "public" in facts:
        expect(talk.public == facts["public"], f"public is {talk.public}")
    roles = speaker_roles(talk)
    for person, role in facts.get("speakers", {}).items():
        expect((normalise_name(person), role) in roles, f"{person} is not {role}")
    for person in facts.get("speakers_include", []):
        expect(any(key == normalise_name(person) for key, _ in roles), f"{person} is not a speaker")
    for person in facts.get("mentioned_include", []):
        expect((normalise_name(person), "mentioned") in roles, f"{person} is not mentioned")
    tags = set(talk.tags.values_list("slug", flat=True))
    for slug in facts.get("tags_include", []):
        expect(slug in tags, f"tag {slug} missing (has {sorted(tags)})")
    problems += _check_structure(name, facts, summaries, claims)
    if "title_same_talk_as" in facts:
        expect(talk == names_to_talks(facts["title_same_talk_as"]), "is not the same talk")
    if "likely_same_talk_as" in facts:
        other = names_to_talks(facts["likely_same_talk_as"])
        pair = DuplicateSuggestion.objects.filter(
            talk=talk, other=other
        ) | DuplicateSuggestion.objects.filter(talk=other, other=talk)
        expect(other == talk or pair.exists(), "no duplicate suggestion with its twin")
    for text in facts.get("searchable_text", []):
        page = search_claims(text, public_only=False, talk_id=talk.pk)
        expect(page.total > 0, f"search for {text!r} finds nothing")
    return problems


def _check_structure(name, facts, summaries, claims) -> list[str]:
    problems = []

    def expect(ok, what):
        if not ok:
            problems.append(f"{name}: {what}")

    sections = [s for summary in summaries for s in summary.sections.all()]
    if "timestamped_sections" in facts:
        count = sum(1 for s in sections if s.start_seconds is not None)
        expect(count >= facts["timestamped_sections"], f"{count} timestamped sections")
    if "section_example" in facts:
        example = facts["section_example"]
        expect(
            any(
                example["heading_contains"] in s.heading
                and s.start_seconds == example["start_seconds"]
                and s.end_seconds == example["end_seconds"]
                for s in sections
            ),
            f"no section like {example}",
        )
    if "timestamps_min" in facts:
        # What a reader can jump from: sections and claims that carry a time (wild/expected.json's
        # timestamps_min counts timestamp mentions; a heading may hold several, e.g. `[07:30, 42:00]`).
        timed = sum(1 for s in sections if s.start_seconds is not None)
        timed += claims.exclude(start_seconds=None).count()
        expect(timed >= facts["timestamps_min"], f"{timed} sections and claims with a time")
    kinds = Counter(claims.values_list("kind", flat=True))
    if "key_claims_min" in facts:
        count = sum(kinds[k] for k in KEY_KINDS)
        expect(count >= facts["key_claims_min"], f"{count} key claims")
    if "passages_min" in facts:
        expect(kinds["passage"] >= facts["passages_min"], f"{kinds['passage']} passages")
    if "claims_range" in facts:
        low, high = facts["claims_range"]
        expect(low <= claims.count() <= high, f"{claims.count()} claims")
    languages = Counter(claims.values_list("language", flat=True))
    for language, minimum in facts.get("claims_in_language_min", {}).items():
        expect(languages[language] >= minimum, f"{languages[language]} {language} claims")
    if "translation_pairs_min" in facts:
        pairs = translation_pairs(claims)
        expect(pairs >= facts["translation_pairs_min"], f"{pairs} translation pairs")
    texts = list(claims.values_list("text", flat=True))
    for text in facts.get("claims_containing", []):
        expect(any(text in t for t in texts), f"no claim contains {text!r}")
    for text in facts.get("no_claim_containing", []):
        expect(not any(text in t for t in texts), f"a claim contains {text!r}")
    turns = Counter(claims.filter(kind="dialogue").values_list("speaker__name_key", flat=True))
    for person, minimum in facts.get("dialogue_turns_min", {}).items():
        count = turns[normalise_name(person)]
        expect(count >= minimum, f"{count} dialogue turns by {person}")
    for slug in facts.get("themes_with_claims", []):
        expect(claims.filter(tags__slug=slug).exists(), f"no claim under the theme {slug}")
    if "nested_list_render" in facts:
        shape = facts["nested_list_render"]
        found = any(
            nested_lists_found(s.html, shape["top_level_points"], shape["nested_bullets_each"])
            for s in summaries
        )
        expect(found, f"HTML lacks a list of {shape}")
    return problems


def check_speakers_exactly_once(names: list[str]) -> list[str]:
    """Each person is one Speaker row: no second row by the full name, a bare first/last name or alias."""
    problems = []
    for name in names:
        key = normalise_name(name)
        rows = Speaker.objects.filter(name_key=key).count()
        if rows != 1:
            problems.append(f"{name}: {rows} speakers with this name")
        tokens = [normalise_name(t) for t in name.split()]
        partial = Speaker.objects.filter(name_key__in=[tokens[0], tokens[-1]]).exclude(name_key=key)
        if partial.exists():
            problems.append(f"{name}: also a speaker named {partial.first().name!r}")
    return problems
