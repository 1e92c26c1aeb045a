"""Several episodes in one file become several talks."""

from notes.importer.extract.episodes import split_episodes

from .helpers import extract_text

EPISODE = """## {show} - Podcast - Episode: https://podcasts.example.com/ep/{n}
Host(s): Pat Host
Guest(s): {guest}

**Key Topics & Timestamps:**
1. A first topic of this episode worth noting [00:0{n}:00 - 00:0{n}:30]
   - A detail of the first topic that matters a lot.
2. A second topic of this episode that also matters.

HOST: Pat Host
GUESTS: {guest}
"""


def _digest(separator: str) -> str:
    parts = [
        EPISODE.format(show="Garden Talk", n=1, guest="Rosa Green"),
        EPISODE.format(show="Tea Time", n=2, guest="Li Wei"),
        EPISODE.format(show="Tea Time", n=3, guest="Omar Stone"),
    ]
    return "# Podcast Summaries for 2025-05-18\n" + separator + separator.join(parts)


def test_cut_markers_split_episodes():
    document = extract_text(_digest("---<CUT>---\n\n"))
    assert len(document.talks) == 3
    assert [talk.url for talk in document.talks] == [
        f"https://podcasts.example.com/ep/{n}" for n in (1, 2, 3)
    ]
    guests = [[s.name for s in talk.speakers if s.role == "guest"] for talk in document.talks]
    assert guests == [["Rosa Green"], ["Li Wei"], ["Omar Stone"]]
    assert all(talk.raw in document.text for talk in document.talks)
    assert document.talks[1].claims[0].start_seconds == 120
    assert document.talks[1].claims[1].start_seconds == 120  # the sub-point of a timed point


def test_headings_with_their_own_urls_split_without_markers():
    document = extract_text(_digest("\n"))
    assert len(document.talks) == 3
    first_lines = [talk.claims[0].line for talk in document.talks]
    assert first_lines == sorted(first_lines)


def test_one_talk_is_one_part():
    body = "## Only one\n\nhttps://example.com/a\n\nSome text.\n"
    assert len(split_episodes(body, 0)) == 1


def test_a_digest_grouped_by_theme_ends_each_episode_at_the_next_theme():
    summary = (
        "The hosts and their guest go through the week's news at length, with numbers, names "
        "and a clear argument about what changes for listeners; they close with predictions "
        "for the next quarter and what to watch for."
    )
    text = (
        "# Weekly digest\n\n## Technology\n\n"
        f"### [Chip Talk: Packaging wins](https://example.fm/chips/1)\n\n{summary}\n\n"
        "## Markets\n\nSome words introducing this theme.\n\n"
        f"### [Odd Rates: Freight again](https://example.fm/rates/2)\n\n{summary}\n\n"
        f"### [Odd Rates: Insurers decide](https://example.fm/rates/3)\n\n{summary}\n"
    )
    document = extract_text(text)
    assert [talk.title for talk in document.talks] == [
        "Chip Talk: Packaging wins",
        "Odd Rates: Freight again",
        "Odd Rates: Insurers decide",
    ]
    assert "Markets" not in document.talks[0].raw
