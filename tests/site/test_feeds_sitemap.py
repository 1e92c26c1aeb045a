"""Atom feeds (overall, per theme, per tag, per speaker) and the sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    return root.findall(f"{ATOM}entry")


def entry_links(entries):
    return {entry.find(f"{ATOM}link").get("href") for entry in entries}


def test_new_claims_feed_is_atom_with_public_claims_only(client, kb):
    entries = atom_entries(client, reverse("notes:feed-claims"))
    links = entry_links(entries)
    assert f"http://testserver{kb.english.get_absolute_url()}" in links
    assert f"http://testserver{kb.hidden.get_absolute_url()}" not in links
    assert f"http://testserver{kb.private_claim.get_absolute_url()}" not in links
    assert len(entries) == 7  # every public point: the translated pair is one entry
    first = entries[0]
    assert first.find(f"{ATOM}updated").text
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Andrej Karpathy"


@pytest.mark.parametrize(
    ("name", "attr", "expected"),
    [("notes:feed-theme", "rl", 3), ("notes:feed-tag", "scaling", 3), ("notes:feed-tag", "rl", 3)],
)
def test_theme_and_tag_feeds(client, kb, name, attr, expected):
    entries = atom_entries(client, reverse(name, args=[getattr(kb, attr).slug]))
    assert len(entries) == expected


def test_speaker_feed(client, kb):
    entries = atom_entries(client, reverse("notes:feed-speaker", args=[kb.karpathy.slug]))
    assert len(entries) == 3
    assert all(e.find(f"{ATOM}author/{ATOM}name").text == "Andrej Karpathy" for e in entries)


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/themes/no-such/",
        "/feeds/themes/scaling/",  # a plain tag is not a theme
        "/feeds/tags/no-such/",
        "/feeds/speakers/secret-speaker/",
    ],
)
def test_unknown_feed_objects_are_not_found(client, kb, url):
    assert client.get(url).status_code == 404


def sitemap_locations(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}


def test_sitemap_index_names_every_section(client, kb):
    sections = sitemap_locations(client, "/sitemap.xml")
    assert sections == {
        f"http://testserver/sitemap-{name}.xml"
        for name in ("pages", "talks", "speakers", "themes", "claims")
    }


def test_sitemap_sections_list_public_pages_only(client, kb):
    locations = set()
    for section in sitemap_locations(client, "/sitemap.xml"):
        locations |= sitemap_locations(client, section.removeprefix("http://testserver"))
    for path in (
        kb.talk.get_absolute_url(),
        kb.ilya.get_absolute_url(),
        kb.generalization.get_absolute_url(),
        kb.english.get_absolute_url(),
        "/talks/",
    ):
        assert f"http://testserver{path}" in locations
    for path in (
        kb.private.get_absolute_url(),
        kb.secret.get_absolute_url(),
        kb.hidden.get_absolute_url(),
        kb.private_claim.get_absolute_url(),
    ):
        assert f"http://testserver{path}" not in locations


def test_claims_sitemap_is_paged(client, kb, monkeypatch):
    from notes.sitemaps import ClaimSitemap

    monkeypatch.setattr(ClaimSitemap, "limit", 3)
    sections = sitemap_locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-claims.xml?p=3" in sections  # 8 claims, 3 a page
    assert len(sitemap_locations(client, "/sitemap-claims.xml?p=3")) == 2
    assert client.get("/sitemap-claims.xml?p=9").status_code == 404
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_a_feed_entry_holds_both_versions_of_a_point(client, kb):
    entries = atom_entries(client, reverse("notes:feed-theme", args=[kb.rl.slug]))
    pair = next(
        e for e in entries if kb.english.get_absolute_url() in e.find(f"{ATOM}link").get("href")
    )
    summary = pair.find(f"{ATOM}summary").text
    assert kb.english.text in summary and kb.chinese.text in summary
