"""The read-only JSON API: shapes, pagination, filters, search, errors."""

import pytest
from django.urls import reverse

from notes import queries, talk_walk
from notes.models import Claim
from notes.search import index_claims


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(payload):
    return {item["id"] for item in payload["results"]}


def test_claims_list_shape(client, kb):
    payload = get_json(client, reverse("notes:api-claims"))
    assert set(payload) == {
        "count",
        "count_is_capped",
        "page",
        "num_pages",
        "per_page",
        "next",
        "previous",
        "results",
    }
    assert payload["count"] == 7  # points: the translated pair is one entry
    assert kb.chinese.pk not in ids(payload)
    english = next(item for item in payload["results"] if item["id"] == kb.english.pk)
    assert english["text"] == "Emotions act like a value function."
    assert english["translation"] == {
        "id": kb.chinese.pk,
        "text": "情绪就像一个价值函数。",
        "language": "zh",
    }
    assert english["talk"]["slug"] == "ilya-generalization"
    assert english["speaker"]["slug"] == "ilya-sutskever"
    assert {tag["slug"] for tag in english["tags"]} == {"t-generalization", "t-rl"}
    assert english["url"] == f"http://testserver/claims/{kb.english.pk}/"
    first = next(item for item in payload["results"] if item["id"] == kb.main_claims[0].pk)
    assert first["moment_url"] == "https://www.youtube.com/watch?v=abcdefghijk&t=5s"
    assert first["section"] == "Why models generalize worse"


def test_claims_leave_out_hidden_and_private(client, kb):
    found = ids(get_json(client, reverse("notes:api-claims"), {"per_page": 100}))
    assert kb.hidden.pk not in found and kb.private_claim.pk not in found


def test_claims_pagination(client, kb):
    url = reverse("notes:api-claims")
    first = get_json(client, url, {"per_page": 3})
    assert (first["num_pages"], first["previous"]) == (3, None)
    assert first["next"] == "http://testserver/api/claims/?per_page=3&page=2"
    last = get_json(client, url, {"per_page": 3, "page": 3})
    assert len(last["results"]) == 1 and last["next"] is None
    seen = ids(first) | ids(get_json(client, url, {"per_page": 3, "page": 2})) | ids(last)
    assert len(seen) == 7


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "t-rl"}, 3),
        ({"tag": ["t-generalization", "scaling"]}, 3),
        ({"theme": "t-generalization", "tag": "t-rl"}, 3),
        ({"speaker": "andrej-karpathy"}, 3),
        ({"lang": "zh"}, 2),
        ({"kind": "passage"}, 1),
        ({"theme": "t-generalization", "lang": "zh", "speaker": "ilya-sutskever"}, 1),
    ],
)
def test_claim_filters(client, kb, params, expected):
    assert get_json(client, reverse("notes:api-claims"), params)["count"] == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lang": "fr"}, "lang must be one of"),
        ({"kind": "joke"}, "kind must be one of"),
        ({"theme": "nope"}, "No tag or theme has the slug 'nope'"),
        ({"theme": "scaling"}, "is a tag, not a theme"),
        ({"speaker": "secret-speaker"}, "No speaker has the slug"),
        ({"page": "abc"}, "page must be a whole number"),
        ({"per_page": "1000"}, "per_page can be at most 100"),
    ],
)
def test_bad_parameters_are_a_400_sentence(client, kb, params, message):
    payload = get_json(client, reverse("notes:api-claims"), params, status=400)
    assert message in payload["error"]


def test_page_past_the_end_is_a_404(client, kb):
    payload = get_json(client, reverse("notes:api-claims"), {"page": 9}, status=404)
    assert payload["error"] == "There is no page 9; the last page is 1."


def test_api_is_read_only(client, kb):
    assert client.post(reverse("notes:api-claims")).status_code == 405


def test_claim_detail_with_relations(client, kb):
    from notes.models import ClaimRelation

    ClaimRelation.objects.create(source=kb.english, target=kb.other_claims[0], kind="supports")
    payload = get_json(client, reverse("notes:api-claim", args=[kb.english.pk]))
    assert payload["id"] == kb.english.pk
    assert payload["relations"] == [
        {"kind": "supports", "direction": "out", "claim": kb.other_claims[0].pk}
    ]


@pytest.mark.parametrize("which", ["hidden", "private_claim"])
def test_claim_detail_not_public_is_404(client, kb, which):
    payload = get_json(client, reverse("notes:api-claim", args=[getattr(kb, which).pk]), status=404)
    assert "no public claim" in payload["error"]


def test_claim_search_with_highlight_and_filters(client, kb):
    index_claims(Claim.objects.values_list("pk", flat=True))
    url = reverse("notes:api-claims")
    payload = get_json(client, url, {"q": "价值函数"})
    # One result per point: the pair is listed once, by its lower id, the other version inline.
    assert ids(payload) == {kb.english.pk}
    result = payload["results"][0]
    assert "<mark>" in result["highlighted"]  # "value function", via the glossary
    assert result["matched_via"] == "via glossary: 价值函数 = value function"
    assert result["translation"]["id"] == kb.chinese.pk
    assert result["translation"]["matched_via"] is None  # it holds the words typed
    assert "<mark>价值函数</mark>" in result["translation"]["highlighted"]
    assert ids(get_json(client, url, {"q": "generaliz"})) >= {c.pk for c in kb.main_claims}
    narrowed = get_json(client, url, {"q": "generaliz", "speaker": "andrej-karpathy"})
    assert ids(narrowed) == {c.pk for c in kb.other_claims}
    # lang keeps points with a version in that language; the pair has one in each.
    assert ids(get_json(client, url, {"q": "value", "lang": "zh"})) == {kb.english.pk}
    assert get_json(client, url, {"q": "物理世界", "lang": "en"})["count"] == 0


def test_talks_list_and_filters(client, kb):
    url = reverse("notes:api-talks")
    payload = get_json(client, url)
    assert [talk["slug"] for talk in payload["results"]] == [
        "ilya-generalization",
        "karpathy-agents",
    ]
    talk = payload["results"][0]
    assert talk["duration_seconds"] == 5000
    assert talk["claim_count"] == 4  # points: the translated pair counts once
    assert {(s["slug"], s["role"]) for s in talk["speakers"]} == {
        ("ilya-sutskever", "guest"),
        ("dwarkesh-patel", "host"),
    }
    assert [t["slug"] for t in get_json(client, url, {"theme": "t-robotics"})["results"]] == [
        "karpathy-agents"
    ]
    assert [t["slug"] for t in get_json(client, url, {"speaker": "dwarkesh-patel"})["results"]] == [
        "ilya-generalization"
    ]
    assert get_json(client, url, {"q": "karpathy"})["count"] == 1
    assert get_json(client, url, {"lang": "zh"})["count"] == 0


def test_talk_detail(client, kb):
    payload = get_json(client, reverse("notes:api-talk", args=[kb.talk.slug]))
    assert payload["summaries"][0]["sections"][0]["moment_url"].endswith("&t=1400s")
    # One entry per point: the Chinese version is inline in its English claim's translation.
    assert {c["id"] for c in payload["claims"]} == {c.pk for c in kb.main_claims} | {kb.english.pk}
    pair = next(c for c in payload["claims"] if c["id"] == kb.english.pk)
    assert pair["translation"]["id"] == kb.chinese.pk
    assert {t["slug"]: t["claim_count"] for t in payload["themes"]} == {
        "t-generalization": 4,
        "t-rl": 1,
    }
    get_json(client, reverse("notes:api-talk", args=["private-talk"]), status=404)


def test_speakers(client, kb):
    url = reverse("notes:api-speakers")
    payload = get_json(client, url)
    assert [s["slug"] for s in payload["results"]] == [
        "andrej-karpathy",
        "dwarkesh-patel",
        "ilya-sutskever",
    ]
    assert get_json(client, url, {"q": "伊利亚"})["results"][0]["slug"] == "ilya-sutskever"
    assert get_json(client, url, {"theme": "t-robotics"})["count"] == 1
    detail = get_json(client, reverse("notes:api-speaker", args=["ilya-sutskever"]))
    assert detail["aliases"] == ["伊利亚"]
    assert detail["claim_count"] == 4  # points
    assert detail["talks"][0]["slug"] == "ilya-generalization"
    get_json(client, reverse("notes:api-speaker", args=["secret-speaker"]), status=404)


def test_themes(client, kb):
    payload = get_json(client, reverse("notes:api-themes"), {"per_page": 100})
    by_slug = {theme["slug"]: theme for theme in payload["results"]}
    assert by_slug["t-generalization"]["claim_count"] == 6  # points
    assert by_slug["t-generalization"]["talk_count"] == 2
    assert by_slug["t-generalization"]["name_zh"] == "泛化能力"
    assert "scaling" not in by_slug


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/claims/?q=%00", 200),
        ("/api/claims/?tag=%00", 200),
        ("/api/talks/?q=%00x", 200),
        ("/api/speakers/?q=%00x&speaker=%00", 200),
        ("/api/claims/?speaker=%00nobody", 400),
    ],
)
def test_nul_characters_are_dropped(client, kb, url, status):
    assert client.get(url).status_code == status


@pytest.mark.parametrize("params", [{}, {"theme": "t-generalization"}])
def test_claim_pages_walked_in_chunks_list_every_point_once_in_order(
    client, kb, monkeypatch, params
):
    """The API's lists read a page's ids, then its claims (notes.views.api_listing): however the
    talks are walked, the pages hold the same claims in the same order, and the total is the
    counters'."""
    url = reverse("notes:api-claims")

    def every_page() -> tuple[int, list[int]]:
        first = get_json(client, url, {**params, "per_page": 2})
        found = [item["id"] for item in first["results"]]
        for page in range(2, first["num_pages"] + 1):
            payload = get_json(client, url, {**params, "per_page": 2, "page": page})
            found += [item["id"] for item in payload["results"]]
        return first["count"], found

    whole = every_page()
    # Walked a talk at a time; the theme's talks walked along the talk listing index too.
    monkeypatch.setattr(talk_walk, "WALK_CHUNK", 1)
    monkeypatch.setattr(talk_walk, "walks_index", lambda *args: True)
    assert every_page() == whole
    count, found = whole
    assert count == len(found) == len(set(found))
    assert kb.english.pk in found and kb.chinese.pk not in found  # one row per point
    in_order = list(Claim.objects.filter(pk__in=found).order_by(*queries.CLAIM_ORDER))
    assert [claim.pk for claim in in_order] == found
