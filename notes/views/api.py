"""The read-only JSON API: talks, speakers, claims and themes, paginated, with the pages' filters.

Bad input never raises: an unusable parameter is a 400 and an unknown object a 404, each with
``{"error": "one sentence"}``. See docs/api.md for the shapes.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from notes import facets, queries
from notes.models import (
    Claim,
    ClaimKind,
    Language,
    Section,
    Speaker,
    Summary,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.points import points
from notes.search import search_claims
from notes.services.redirects import current_tag_slugs, redirect_target
from notes.slug_urls import reverse_slug
from notes.views import api_shapes as shapes
from notes.views.api_listing import claim_list
from notes.views.common import MAX_PAGE, ascii_int, list_param, text_param

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class ApiError(Exception):
    """A request the API cannot answer; ``str()`` is the sentence sent back."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class ApiRedirect(Exception):
    """The object lives at another address now (a merged or renamed slug): answer 301 there."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def with_params(request, **changed) -> str:
    """This request's URL with the query parameters in ``changed`` replaced (lists for repeats)."""
    params = request.GET.copy()
    for name, value in changed.items():
        params.setlist(name, value if isinstance(value, list) else [value])
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def same_query(request, url_name: str, slug: str) -> str:
    """The URL of ``url_name`` for ``slug`` with this request's query string."""
    url = reverse_slug(url_name, slug, url_name + "s")  # the listing when a slug cannot route
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view):
    """GET/HEAD only; ApiError becomes a JSON error response."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            return json_response(view(request, *args, **kwargs))
        except ApiRedirect as moved:
            return HttpResponsePermanentRedirect(moved.url)
        except ApiError as error:
            return json_response({"error": str(error)}, status=error.status)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    """An ASCII-digit parameter of 1 or more (``default`` when absent); anything else is a 400."""
    raw = text_param(request, name)
    if not raw:
        return default
    value = ascii_int(raw, maximum=MAX_PAGE)
    if value is None or value < 1:
        raise ApiError(f"{name} must be a whole number of 1 or more, not {raw!r}.")
    if maximum is not None and value > maximum:
        raise ApiError(f"{name} can be at most {maximum}, not {value}.")
    return value


def page_links(request, number: int, num_pages: int) -> tuple[str | None, str | None]:
    def link(n):
        params = request.GET.copy()
        params["page"] = n
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return (
        link(number + 1) if number < num_pages else None,
        link(number - 1) if number > 1 else None,
    )


def paginated(request, items, shape) -> dict:
    """The page of ``items`` asked for, each passed through ``shape``; a page past the end is a 404."""
    per_page = positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    number = positive_int(request, "page", 1)
    paginator = Paginator(items, per_page)
    if number > paginator.num_pages:
        raise ApiError(f"There is no page {number}; the last page is {paginator.num_pages}.", 404)
    page = paginator.page(number)
    next_url, previous_url = page_links(request, number, paginator.num_pages)
    return {
        "count": paginator.count,
        "count_is_capped": getattr(items, "count_is_capped", False),
        "page": number,
        "num_pages": paginator.num_pages,
        "per_page": per_page,
        "next": next_url,
        "previous": previous_url,
        "results": [shape(item) for item in page.object_list],
    }


def old_slug_target(kind: str, slug: str, model):
    """Where an old ``slug`` leads after a merge or rename; None when the slug is still in use
    (a draft or hidden object stays a 404) or never existed."""
    if model.objects.filter(slug=slug).exists():
        return None
    return redirect_target(kind, slug)


def read_filters(request) -> queries.ClaimFilters:
    """theme, tag (repeatable, AND), speaker, lang and kind from the query string, checked."""
    lang = text_param(request, "lang")
    if lang and lang not in Language.values:
        raise ApiError(f"lang must be one of {', '.join(Language.values)}, not {lang!r}.")
    kind = text_param(request, "kind")
    if kind and kind not in ClaimKind.values:
        raise ApiError(f"kind must be one of {', '.join(ClaimKind.values)}, not {kind!r}.")
    theme_slug = text_param(request, "theme")
    slugs = [*([theme_slug] if theme_slug else []), *list_param(request, "tag")]
    tags, unknown = queries.resolve_tags(slugs)
    if unknown:
        renamed = current_tag_slugs(unknown)
        if renamed:  # a merged tag's old slug: the same request under the surviving slug
            changed = {"tag": [renamed.get(slug, slug) for slug in list_param(request, "tag")]}
            if theme_slug:
                changed["theme"] = renamed.get(theme_slug, theme_slug)
            raise ApiRedirect(with_params(request, **changed))
        raise ApiError(f"No tag or theme has the slug {unknown[0]!r}.")
    if theme_slug and not tags[0].is_theme:
        raise ApiError(f"{theme_slug!r} is a tag, not a theme: use tag={theme_slug}.")
    speaker = None
    speaker_slug = text_param(request, "speaker")
    if speaker_slug:
        speaker = queries.public_speakers().filter(slug=speaker_slug).first()
        if speaker is None:
            moved = old_slug_target("speaker", speaker_slug, Speaker)
            if moved is not None:
                raise ApiRedirect(with_params(request, speaker=moved.slug))
            raise ApiError(f"No speaker has the slug {speaker_slug!r}.")
    return queries.ClaimFilters(tags=tags, speaker=speaker, language=lang, kind=kind)


def read_query(request) -> str:
    return text_param(request, "q")


def search_text(query: str, filters: queries.ClaimFilters) -> str:
    """``query`` with the language and kind filters in the search syntax (tags and speaker go separately)."""
    parts = [query]
    if filters.language:
        parts.append(f"lang:{filters.language}")
    if filters.kind:
        parts.append(f"kind:{filters.kind}")
    return " ".join(parts)


@api_view
def claims(request):
    """Public claims, newest talk first; with ``q``, ranked search results with highlights."""
    filters = read_filters(request)
    query = read_query(request)
    if not query:
        listing = claim_list(filters)
        return paginated(request, listing, lambda claim: shapes.claim_shape(request, claim))
    per_page = positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    number = positive_int(request, "page", 1)
    found = search_claims(
        search_text(query, filters),
        public_only=True,
        page=number,
        per_page=per_page,
        speaker_id=filters.speaker.pk if filters.speaker else None,
        tag_slugs=[tag.slug for tag in filters.tags],
    )
    if number > found.num_pages:
        raise ApiError(f"There is no page {number}; the last page is {found.num_pages}.", 404)
    # Refetch the page's claims with tags and translations, in one query plus one prefetch.
    ids = [hit.claim.pk for hit in found.hits]
    full = {claim.pk: claim for claim in queries.for_display(Claim.objects.filter(pk__in=ids))}
    next_url, previous_url = page_links(request, number, found.num_pages)
    return {
        "count": found.total,
        "count_is_capped": found.total_is_capped,
        "page": number,
        "num_pages": found.num_pages,
        "per_page": per_page,
        "next": next_url,
        "previous": previous_url,
        "results": [
            shapes.claim_shape(request, full[hit.claim.pk], hit=hit)
            for hit in found.hits
            if hit.claim.pk in full
        ],
    }


@api_view
def claim_detail(request, pk):
    """One public claim with its supports/contradicts relations."""
    claim = queries.for_display(queries.public_claims()).filter(pk=pk).first()
    if claim is None:
        raise ApiError(f"There is no public claim {pk}.", 404)
    shape = shapes.claim_shape(request, claim)
    relations = []
    for relation in claim.relations_out.filter(queries.visible_claim_q("target__")):
        relations.append({"kind": relation.kind, "direction": "out", "claim": relation.target_id})
    for relation in claim.relations_in.filter(queries.visible_claim_q("source__")):
        relations.append({"kind": relation.kind, "direction": "in", "claim": relation.source_id})
    shape["relations"] = relations
    return shape


def _talks(filters: queries.ClaimFilters, query: str):
    talks = queries.public_talks()
    claims_here = queries.public_claims().filter(talk=OuterRef("pk"))
    for tag in filters.tags:
        tagged_talk = TaggedTalk.objects.filter(content_object=OuterRef("pk"), tag=tag)
        talks = talks.filter(Exists(claims_here.filter(queries.has_tag(tag))) | Exists(tagged_talk))
    if filters.speaker is not None:
        role = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker=filters.speaker)
        talks = talks.filter(Exists(role) | Exists(claims_here.filter(speaker=filters.speaker)))
    if filters.language:
        talks = talks.filter(
            Exists(Summary.objects.filter(talk=OuterRef("pk"), language=filters.language))
        )
    if filters.kind:
        talks = talks.filter(Exists(claims_here.filter(kind=filters.kind)))
    if query:
        talks = talks.filter(title__icontains=query)
    return (
        queries.talks_for_listing(talks)
        .prefetch_related("tags")
        .order_by(*queries.TALK_LISTING_ORDER)
    )


@api_view
def talks(request):
    """Public talks, newest first; a tag or theme matches a talk's own tags or its claims' tags."""
    listing = _talks(read_filters(request), read_query(request))
    return paginated(request, listing, lambda talk: shapes.talk_shape(request, talk))


@api_view
def talk_detail(request, slug):
    """One public talk with its summaries, sections and public claims."""
    talk = (
        _talks(queries.ClaimFilters(), "")
        .prefetch_related(
            Prefetch(
                "summaries",
                queryset=Summary.objects.order_by("part", "source_name").prefetch_related(
                    Prefetch("sections", queryset=Section.objects.order_by("position"))
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if talk is None:
        moved = old_slug_target("talk", slug, Talk)
        if moved is not None:
            raise ApiRedirect(same_query(request, "notes:api-talk", moved.slug))
        raise ApiError(f"There is no public talk {slug!r}.", 404)
    talk_claims = queries.for_display(points(queries.public_claims().filter(talk=talk))).order_by(
        "summary__part", "summary_id", "position", "pk"
    )
    return {
        **shapes.talk_shape(request, talk),
        "themes": [
            {**shapes.tag_shape(facet.tag), "claim_count": facet.count}
            for facet in facets.talk_theme_facets(talk)
        ],
        "summaries": [shapes.summary_shape(talk, summary) for summary in talk.summaries.all()],
        "claims": [shapes.claim_shape(request, claim) for claim in talk_claims],
    }


def _speakers(filters: queries.ClaimFilters, query: str):
    speakers = queries.public_speakers()
    said = queries.public_claims().filter(speaker=OuterRef("pk"))
    for tag in filters.tags:
        said = said.filter(queries.has_tag(tag))
    if filters.language:
        said = said.filter(language=filters.language)
    if filters.kind:
        said = said.filter(kind=filters.kind)
    if filters.tags or filters.language or filters.kind:
        speakers = speakers.filter(Exists(said))
    if filters.speaker is not None:
        speakers = speakers.filter(pk=filters.speaker.pk)
    if query:
        speakers = speakers.filter(Q(name__icontains=query) | Q(aliases__alias__icontains=query))
        speakers = speakers.distinct()
    return queries.with_speaker_counts(speakers).prefetch_related("aliases").order_by("name")


@api_view
def speakers(request):
    """Speakers of public talks, by name; ``q`` matches names and aliases."""
    listing = _speakers(read_filters(request), read_query(request))
    return paginated(request, listing, lambda speaker: shapes.speaker_shape(request, speaker))


@api_view
def speaker_detail(request, slug):
    """One speaker with their public talks and roles."""
    speaker = _speakers(queries.ClaimFilters(), "").filter(slug=slug).first()
    if speaker is None:
        moved = old_slug_target("speaker", slug, Speaker)
        if moved is not None:
            raise ApiRedirect(same_query(request, "notes:api-speaker", moved.slug))
        raise ApiError(f"There is no speaker {slug!r}.", 404)
    roles = (
        TalkSpeaker.objects.filter(speaker=speaker, talk__public=True)
        .select_related("talk")
        .order_by(F("talk__published").desc(nulls_last=True), "-talk__created")
    )
    claims_url = reverse("notes:api-claims") + "?" + urlencode({"speaker": speaker.slug})
    return {
        **shapes.speaker_shape(request, speaker),
        "talks": [{**shapes.talk_ref(request, role.talk), "role": role.role} for role in roles],
        "claims_api_url": request.build_absolute_uri(claims_url),
    }


@api_view
def themes(request):
    """Every theme, in the curator's order, with counts of public claims and talks."""
    listing = queries.themes_with_counts()
    return paginated(request, listing, lambda theme: shapes.theme_shape(request, theme))
