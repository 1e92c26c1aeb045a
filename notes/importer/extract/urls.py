"""Choose a talk's source URL among everything that looks like one; decoys never win.

Ranked candidates: a front-matter ``video_id`` (as a YouTube URL), front-matter page URLs, a
labelled body line ("链接：", "视频地址：", "**Source**:"), a URL inside a pandoc box, an episode
heading's URL, a URL alone on a line outside noise sections, secondary front-matter links (Snipd),
audio enclosures (mp3) last. Profile and encyclopedia links (Wikipedia, LinkedIn, X/Twitter,
Facebook, Instagram) and images are never the source; URLs inside reference lists and notes only
count when a references block holds a single video link and nothing else offers one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...normalise import youtube_video_id
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
PAGE_KEYS = (
    "url",
    "source_url",
    "link",
    "video_url",
    "youtube",
    "youtube_url",
    "source",
    "original_url",
)
SECONDARY_KEYS = ("snipd", "podcast_url", "episode_url", "audio_url", "enclosure", "mp3")


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


def _rank(url: str, base: int) -> int:
    return 80 if _AUDIO.search(url) else base


def choose_url(
    data: dict,
    fields: list[Field],
    blocks: list[Block],
    contexts: list[str | None],
    episode_urls: list[str] = (),
) -> str:
    """The talk's source URL, or "" when the note names none."""
    candidates: list[tuple[int, int, str]] = []

    def offer(url: str, rank: int) -> None:
        url = url.strip().strip("<>")
        if url.startswith(("http://", "https://")) and not is_decoy(url):
            candidates.append((_rank(url, rank), len(candidates), url))

    video_id = fm_lookup(data, "video_id", "youtube_id")
    if isinstance(video_id, str) and re.fullmatch(r"[A-Za-z0-9_-]{11}", video_id.strip()):
        offer(f"https://www.youtube.com/watch?v={video_id.strip()}", 0)
    for key in PAGE_KEYS:
        value = fm_lookup(data, key)
        for url in find_urls(value) if isinstance(value, str) else []:
            offer(url, 10 + (5 if youtube_video_id(url) else 6))
    for item in fields:
        if item.field == "url":
            for url in item.urls or find_urls(item.value):
                offer(url, 20)
    for block in blocks:
        if block.kind == "box":
            for url in find_urls(block.raw):
                offer(url, 30)
    for url in episode_urls:
        offer(url, 35)
    _offer_bare_lines(blocks, contexts, offer)
    for key in SECONDARY_KEYS:
        value = fm_lookup(data, key)
        for url in find_urls(value) if isinstance(value, str) else []:
            offer(url, 70)
    if not candidates:
        return ""
    return min(candidates)[2]


def _offer_bare_lines(blocks: list[Block], contexts: list[str | None], offer) -> None:
    """URLs alone on a line: ranked 40 outside noise; in noise only a lone video link (rank 90)."""
    noise_urls: list[str] = []
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "item"):
            continue
        for line in block.lines:
            urls = line.urls or find_urls(line.text)
            if not urls or without_urls(line.unlinked or line.text).strip(" -*:：|"):
                if contexts[index] == "noise":
                    noise_urls.extend(urls)
                continue
            if contexts[index] == "noise":
                noise_urls.extend(urls)
            elif not _host_in(urls[0], _BARE_DECOY_HOSTS):
                offer(urls[0], 40)
    if len(set(noise_urls)) == 1 and is_media(noise_urls[0]):
        offer(noise_urls[0], 90)
