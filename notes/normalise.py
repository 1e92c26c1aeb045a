"""Normalisation helpers shared by models, importer and search (no Django imports)."""

import re
import unicodedata

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u300c\u300d\u300e\u300f\u2032\u2033"
_NAME_SEPARATORS = "·•・‧.\u00b7\u30fb-_"


def normalise_name(value: str) -> str:
    """Key for comparing person names and aliases: NFKC, casefolded, separators and spaces removed.

    "伊利亚·苏茨科夫" and "伊利亚 苏茨科夫" compare equal; so do "Ilya  Sutskever" and "ilya-sutskever".
    """
    text = unicodedata.normalize("NFKC", value or "").casefold()
    text = "".join(" " if ch in _NAME_SEPARATORS else ch for ch in text)
    return "".join(text.split())


def normalise_title(value: str) -> str:
    """Key for comparing talk titles: case, dashes, quotes, punctuation and spacing folded."""
    text = unicodedata.normalize("NFKC", value or "").casefold()
    text = re.sub(r"^\s*(summary of (the )?(podcast|talk|video|interview)\s*:?)\s*", "", text)
    for ch in _DASHES:
        text = text.replace(ch, "-")
    for ch in _QUOTES:
        text = text.replace(ch, "")
    text = re.sub(r"[\s\-–—:：,，.。!！?？|/()（）\[\]【】]+", " ", text)
    return text.strip()


_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|si|feature|ref|ref_src|source)$")


def youtube_video_id(url: str) -> str:
    """The 11-character video id of a YouTube URL, or "" when the URL is not a YouTube video."""
    from urllib.parse import parse_qs, urlsplit

    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    candidate = ""
    if host == "youtu.be":
        candidate = parts.path.lstrip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", parts.path)
            candidate = match.group(1) if match else ""
    return candidate if _YOUTUBE_ID.match(candidate) else ""


def normalise_url(url: str) -> str:
    """Canonical form of a source URL, so one talk is one URL however it was written.

    YouTube links of any shape become ``https://www.youtube.com/watch?v=ID``; other URLs lose
    tracking parameters, fragments, default ports and trailing slashes, and get a lower-case host.
    Returns "" for anything that is not an http(s) URL.
    """
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    url = (url or "").strip().strip("<>")
    video_id = youtube_video_id(url)
    if video_id:
        return f"https://www.youtube.com/watch?v={video_id}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if port and not (
        (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    path = parts.path.rstrip("/") or ""
    return urlunsplit(
        ("https" if parts.scheme.lower() == "https" else "http", host, path, query, "")
    )


def name_parts(value: str) -> set[str]:
    """The words of a person name or alias, each normalised: "伊利亚·苏茨科夫" → {"伊利亚", "苏茨科夫"}.

    Single letters (initials) are left out: they identify nobody.
    """
    text = unicodedata.normalize("NFKC", value or "").casefold()
    text = "".join(" " if ch in _NAME_SEPARATORS else ch for ch in text)
    return {part for part in text.split() if len(part) > 1}
