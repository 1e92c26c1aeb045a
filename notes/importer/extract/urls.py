"""Choose a talk's source URL among everything that looks like one; decoys never win.

Candidates and weights (higher wins; see evidence.pick for the rule and the evidence it records):

- 100 a front-matter ``video_id``/``youtube_id`` (as a YouTube URL);
- 85/84 front-matter page keys (``url``, ``source``, ``link``, ``video``, ``videoUrl``…; a
  video link before a page link);
- 80 a labelled body line ("链接：", "视频地址：", "**Link:** [Watch here](…)", "- Source: …");
- 75 an embed: ``{{< youtube ID >}}``, ``{% youtube ID %}``, ``<iframe src=".../embed/ID">``;
- 70 a URL inside a pandoc box; 65 an episode heading's URL;
- 60 a URL alone on a line outside noise sections, or a line that is only a link to a video or
  podcast page (``[Talk title](https://www.youtube.com/watch?v=…)``);
- 55 one video linked from the text several times or at a moment (``[45:50](youtu.be/ID?t=2750)``);
- 30 secondary front-matter links (Snipd, episode/audio URLs); 20 audio files; 10 the one video
  link of a noise section (references) when nothing else offers one.

Every value is first unwrapped from redirect links (``?url=``, ``?u=``, ``?q=``, ``?target=``) and
YouTube embeds, short links and shorts become ``watch?v=ID``. Never the source (rejected, with the
reason recorded): placeholders (``undefined``, ``null``, ``TBD``, ``N/A``), profile and encyclopedia
hosts (Wikipedia, LinkedIn, X/Twitter, Facebook, Instagram), channel, user and playlist pages,
profile pages (``/@name``, ``/author/name``, ``/speakers/name``), a site's home page (a course or
company site, not one talk), images, and links without text (cards to other articles, as WeChat
backups end with).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ...normalise import normalise_url, youtube_video_id
from ..types import Evidence
from .evidence import Candidate, pick
from .markdown_tree import Block
from .metadata import Field, fm_lookup
from .text import find_urls, without_urls

_DECOY_HOSTS = (
    "wikipedia.org",
    "wikimedia.org",
    "linkedin.com",
    "twitter.com",
    "x.com",
    "facebook.com",
    "instagram.com",
    "t.co",
    "threads.net",
)
_BARE_DECOY_HOSTS = ("github.com", "reddit.com", "arxiv.org", "zhihu.com", "weibo.com")
_MEDIA_HOSTS = (
    "youtube.com",
    "youtu.be",
    "podcasts.apple.com",
    "open.spotify.com",
    "bilibili.com",
    "xiaoyuzhoufm.com",
    "vimeo.com",
)
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|ico)(?:[?#].*)?$", re.IGNORECASE)
_AUDIO = re.compile(
    r"\.(?:mp3|m4a|wav|ogg|aac|flac|opus)(?:[?#].*)?$|/podcast/play/", re.IGNORECASE
)
_CHANNEL_PATH = re.compile(r"^/(?:channel|c|user|@[^/]+|playlist|feed|results)(?:/|$)|^/@")
_PROFILE_PATH = re.compile(
    r"^/(?:@[^/]+|(?:in|people|profile|profiles|user|users|author|authors|speakers?)/[^/]+)/?$",
    re.IGNORECASE,
)
_PLACEHOLDERS = frozenset(
    ("undefined", "null", "none", "nil", "tbd", "tba", "todo", "n/a", "na", "-", "--", "#", "?")
)
_REDIRECT_PARAMS = ("url", "u", "q", "target", "to", "dest", "destination", "redirect", "link")
_EMBEDS = (
    (re.compile(r"\{\{[<%]\s*youtube\s+(?:id\s*=\s*)?[\"']?([A-Za-z0-9_-]{11})", re.I), "youtube"),
    (
        re.compile(
            r"\{%\s*(?:youtube|include\s+youtube\S*)\s+(?:id\s*=\s*)?[\"']?([A-Za-z0-9_-]{11})",
            re.I,
        ),
        "youtube",
    ),
    (re.compile(r"<iframe[^>]+src=[\"']([^\"']+)[\"']", re.I), "iframe"),
    (re.compile(r"\{\{[<%]\s*vimeo\s+(?:id\s*=\s*)?[\"']?(\d{5,})", re.I), "vimeo"),
)
PAGE_KEYS = (
    "url",
    "source_url",
    "link",
    "video_url",
    "youtube",
    "youtube_url",
    "youtube_link",
    "video",
    "video_link",
    "embed",
    "source",
    "original_url",
    "recording",
    "recording_url",
    "talk_url",
)
SECONDARY_KEYS = ("snipd", "podcast_url", "episode_url", "audio_url", "enclosure", "mp3")
_NOCOOKIE = re.compile(r"://(?:www\.)?youtube-nocookie\.com/", re.IGNORECASE)
_LINE_PUNCT = " -*:：|"
_CARD = "a link without text (a card to another page)"
_MOMENT = re.compile(r"[?&#](?:t|start|time_continue)=\d")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _host_in(url: str, hosts: tuple[str, ...]) -> bool:
    host = _host(url)
    return any(host == item or host.endswith("." + item) for item in hosts)


def is_decoy(url: str) -> bool:
    """A URL that is never a talk's source: profiles, encyclopedias, images."""
    return _host_in(url, _DECOY_HOSTS) or bool(_IMAGE.search(url))


def is_media(url: str) -> bool:
    """A video or podcast page (YouTube, Apple Podcasts, Spotify, Bilibili, 小宇宙…)."""
    return _host_in(url, _MEDIA_HOSTS)


def unwrap_redirect(url: str) -> str:
    """The target of a redirect link (``google.com/url?q=…``, ``l.facebook.com/l.php?u=…``)."""
    for _ in range(3):  # a redirect may wrap another one
        try:
            query = parse_qs(urlsplit(url).query)
        except ValueError:
            return url
        target = ""
        for key in _REDIRECT_PARAMS:
            value = (query.get(key) or [""])[0]  # parse_qs has already percent-decoded it
            if value.lower().startswith(("http://", "https://")):
                target = value
                break
        if not target:
            return url
        url = target
    return url


def canonical_url(url: str) -> str:
    """A candidate URL unwrapped from redirects; YouTube embeds/short links as ``watch?v=ID``."""
    url = unwrap_redirect(url.strip().strip("<>"))
    url = _NOCOOKIE.sub("://www.youtube.com/", url, count=1)
    video_id = youtube_video_id(url)
    if video_id and "/watch" not in url:
        return f"https://www.youtube.com/watch?v={video_id}"
    return url


def rejection(url: str) -> str:
    """Why ``url`` can never be a talk's source, or ""."""
    if not url.startswith(("http://", "https://")):
        return "placeholder" if url.strip().casefold() in _PLACEHOLDERS else "not a web address"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "not a web address"
    query = parse_qs(parts.query)
    values = [parts.path.rstrip("/").rsplit("/", 1)[-1], *query.get("v", []), *query.get("id", [])]
    if any(value.casefold() in _PLACEHOLDERS for value in values if value):
        return "placeholder"
    if _host_in(url, _DECOY_HOSTS):
        return f"profile or reference host {_host(url)}"
    if _IMAGE.search(url):
        return "an image"
    channel = _CHANNEL_PATH.search(parts.path) or parts.path in ("", "/")
    if _host_in(url, ("youtube.com",)) and not youtube_video_id(url) and channel:
        return "a channel, user or playlist page, not one talk"
    if _PROFILE_PATH.match(parts.path):
        return "a profile page, not one talk"
    if parts.path in ("", "/") and not parts.query and not youtube_video_id(url):
        return "a site's home page, not one talk"
    return ""


def _same_url(first: str, second: str) -> bool:
    return normalise_url(first) == normalise_url(second)


class _Offers:
    """The growing list of URL candidates."""

    def __init__(self) -> None:
        self.candidates: list[Candidate] = []

    def offer(self, written: str, source: str, weight: int, line: int | None = None) -> None:
        written = (written or "").strip().strip("<>")
        if not written:
            return
        url = canonical_url(written)
        candidate = Candidate(url, source, weight, line)
        candidate.rejected = rejection(url)
        if url != written and not candidate.rejected:
            candidate.note = "unwrapped from a redirect" if url.split("?")[0] not in written else ""
            if youtube_video_id(url) and "/watch" not in written:
                candidate.note = "embed or short link as watch?v="
        if _AUDIO.search(url) and not candidate.rejected:
            candidate.weight = min(weight, 20)
        self.candidates.append(candidate)


def choose_url(
    data: dict,
    fields: list[Field],
    blocks: list[Block],
    contexts: list[str | None],
    episode_urls: list[str] = (),
    body: str = "",
    offset: int = 0,
) -> tuple[str, list[Evidence]]:
    """The talk's source URL ("" when the note names none) and the evidence for it."""
    offers = _Offers()
    video_id = fm_lookup(data, "video_id", "youtube_id")
    if isinstance(video_id, str) and re.fullmatch(r"[A-Za-z0-9_-]{11}", video_id.strip()):
        offers.offer(
            f"https://www.youtube.com/watch?v={video_id.strip()}", "front matter video_id", 100
        )
    _offer_keys(offers, data, PAGE_KEYS, 84)
    for item in fields:
        if item.field == "url":
            urls = item.urls or find_urls(item.value)
            for url in urls:
                offers.offer(url, "labelled line", 80, item.line)
            if not urls:
                offers.offer(item.value, "labelled line", 80, item.line)
    _offer_embeds(offers, body, offset)
    for block in blocks:
        if block.kind == "box":
            for url in find_urls(block.raw):
                offers.offer(url, "pandoc box", 70, block.line)
    for url in episode_urls:
        offers.offer(url, "episode heading", 65)
    _offer_bare_lines(offers, blocks, contexts)
    _offer_keys(offers, data, SECONDARY_KEYS, 30)
    winner, evidence = pick("url", offers.candidates, _same_url)
    return (winner.value if winner else ""), evidence


def _offer_keys(offers: _Offers, data: dict, keys: tuple[str, ...], weight: int) -> None:
    for key in keys:
        value = fm_lookup(data, key)
        if not isinstance(value, str):
            continue
        urls = find_urls(value)
        for url in urls:
            video = youtube_video_id(canonical_url(url))
            offers.offer(url, f"front matter {key}", weight + (1 if video else 0))
        if not urls:
            offers.offer(value, f"front matter {key}", weight)


def _offer_embeds(offers: _Offers, body: str, offset: int) -> None:
    if "{" not in body and "<iframe" not in body.lower():
        return
    for pattern, kind in _EMBEDS:
        for match in pattern.finditer(body):
            line = offset + body.count("\n", 0, match.start()) + 1
            value = match.group(1)
            if kind == "youtube":
                offers.offer(f"https://www.youtube.com/watch?v={value}", "embed", 75, line)
            elif kind == "vimeo":
                offers.offer(f"https://vimeo.com/{value}", "embed", 75, line)
            elif is_media(canonical_url(value)):
                offers.offer(value, "embed", 75, line)


def _offer_bare_lines(offers: _Offers, blocks: list[Block], contexts: list[str | None]) -> None:
    """URLs alone on a line, lines that are one link to media, one video linked from the text;
    in noise sections only a lone video link."""
    noise_urls: list[tuple[str, int]] = []
    videos: dict[str, list[tuple[str, int]]] = {}  # video id -> its links outside noise
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "item"):
            continue
        noise = contexts[index] == "noise"
        for line in block.lines:
            urls = line.urls or find_urls(line.text)
            if not urls:
                continue
            if noise:
                noise_urls.extend((url, line.number) for url in urls)
                continue
            for url in line.urls:
                video = "youtu" in url and youtube_video_id(canonical_url(url))
                if video:
                    videos.setdefault(video, []).append((url, line.number))
            if without_urls(line.unlinked).strip(_LINE_PUNCT):
                continue  # a URL inside a sentence
            if not line.text.strip():
                if line.images and is_media(canonical_url(urls[0])):
                    offers.offer(urls[0], "video thumbnail link", 60, line.number)
                else:
                    offers.candidates.append(
                        Candidate(urls[0], "link without text", 60, line.number, rejected=_CARD)
                    )
            elif not without_urls(line.text).strip(_LINE_PUNCT):
                if not _host_in(urls[0], _BARE_DECOY_HOSTS):
                    offers.offer(urls[0], "URL alone on a line", 60, line.number)
            elif len(urls) == 1 and is_media(canonical_url(urls[0])):
                offers.offer(urls[0], "link line", 60, line.number)
    distinct = {normalise_url(url) for url, _ in noise_urls}
    if len(distinct) == 1 and is_media(noise_urls[0][0]):
        offers.offer(
            noise_urls[0][0], "lone video link in a reference section", 10, noise_urls[0][1]
        )
    _offer_linked_video(offers, videos)


def _offer_linked_video(offers: _Offers, links: dict[str, list[tuple[str, int]]]) -> None:
    """One video linked from the text at moments or several times (never when several are)."""
    if len(links) != 1:
        return
    ((video, found),) = links.items()
    if len(found) < 2 and not any(_MOMENT.search(url) for url, _ in found):
        return
    url = f"https://www.youtube.com/watch?v={video}"
    offers.offer(
        url,
        f"video linked from the text ({len(found)} link{'s' if len(found) > 1 else ''})",
        55,
        found[0][1],
    )
