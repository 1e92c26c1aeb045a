"""Public pages, feeds, the JSON API and the sitemap of the knowledge base."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from notes import feeds
from notes.sitemaps import SITEMAPS
from notes.views import api, claims, home, search, speakers, tags, talks, themes

app_name = "notes"

# Slugs may be unicode (allow_unicode=True on the models), so they are matched with <str:…>.
urlpatterns = [
    path("", home.home, name="home"),
    path("themes/<str:slug>/", themes.theme_detail, name="theme"),
    path("talks/", talks.talk_list, name="talks"),
    path("talks/<str:slug>/", talks.talk_detail, name="talk"),
    path("speakers/", speakers.speaker_list, name="speakers"),
    path("speakers/<str:slug>/", speakers.speaker_detail, name="speaker"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim"),
    path("tags/", tags.tag_index, name="tags"),
    path("search/", search.search, name="search"),
    path("feeds/claims/", feeds.NewClaimsFeed(), name="feed-claims"),
    path("feeds/themes/<str:slug>/", feeds.ThemeFeed(), name="feed-theme"),
    path("feeds/tags/<str:slug>/", feeds.TagFeed(), name="feed-tag"),
    path("feeds/speakers/<str:slug>/", feeds.SpeakerFeed(), name="feed-speaker"),
    path("api/talks/", api.talks, name="api-talks"),
    path("api/talks/<str:slug>/", api.talk_detail, name="api-talk"),
    path("api/speakers/", api.speakers, name="api-speakers"),
    path("api/speakers/<str:slug>/", api.speaker_detail, name="api-speaker"),
    path("api/claims/", api.claims, name="api-claims"),
    path("api/claims/<int:pk>/", api.claim_detail, name="api-claim"),
    path("api/themes/", api.themes, name="api-themes"),
    # An index of per-section sitemaps, so no single response has to list every claim.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "notes:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
