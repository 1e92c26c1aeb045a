"""The search page: help for an empty query, highlighted ranked results, matching talks."""

from django.urls import reverse

from notes.models import Claim
from notes.search import index_claims


def search(client, **params):
    response = client.get(reverse("notes:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_empty_query_shows_the_syntax(client, db):
    text = search(client)
    assert "How to search" in text
    assert "<code>speaker:Ilya</code>" in text
    assert "claims</h2>" not in text


def test_chinese_and_english_queries_highlight_matches(client, kb):
    index_claims(Claim.objects.values_list("pk", flat=True))
    chinese = search(client, q="价值函数")
    assert "1 claim</h2>" in chinese
    assert "<mark>价值函数</mark>" in chinese or "<mark>价值</mark>" in chinese
    english = search(client, q="emotions")
    assert "<mark>Emotions</mark> act like a value function." in english
    assert 'value="emotions"' in english


def test_results_leave_out_hidden_and_private_claims(client, kb):
    index_claims(Claim.objects.values_list("pk", flat=True))
    text = search(client, q="claim")
    assert "HIDDEN CLAIM TEXT" not in text and "PRIVATE CLAIM TEXT" not in text


def test_matching_talks_are_listed(client, kb):
    index_claims(Claim.objects.values_list("pk", flat=True))
    text = search(client, q="karpathy")
    talks = text[text.index('id="talk-results-heading"') :]
    assert "Karpathy on agents" in talks


def test_query_is_escaped_and_bad_page_is_harmless(client, kb):
    text = search(client, q='<script>alert(1)</script> "unbalanced', page="x")
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text
