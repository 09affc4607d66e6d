"""The public lists: the supplier directory (/umkm/), open needs (/needs/) and firms (/firms/).

Everyone may read them (only verified profiles and open needs are listed), so no access helper
guards them. Each is a GET form over a FilterSet of partnerships.filters: every result page has
a shareable URL, works without JavaScript, and runs the same number of queries whatever its
size. Bad filters are reported and ignored; a page number out of range shows the nearest page.

Counting every match of a wide filter at a million UMKM reads hundreds of thousands of index
entries (benchmarks/directory.py), so a count of CACHED_COUNT_FROM or more is kept in the
cache for CACHED_COUNT_SECONDS under the list's query: nobody can tell 362.304 results from
362.310, and the next visitor with the same filters pays nothing. Smaller counts are exact.

The supplier directory's pages for visitors without state (no session cookie, hence not signed
in, and no messages waiting) depend on nothing but their URL, so they are kept in the cache
for settings.DIRECTORY_CACHE_SECONDS (60 in production, 0 with DEBUG on): a list a minute old
at most, which lets one server answer as many directory pages as bare requests
(benchmarks/throughput.py). Everyone else gets a page rendered for them.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships.filters import FirmFilter, NeedFilter, UmkmFilter, open_need_count
from partnerships.models import Certification, Firm, KbliCode, Need, Product, Regency, Umkm

PAGE_SIZE = 20
CACHED_COUNT_FROM = 1_000
CACHED_COUNT_SECONDS = 600


class CountKeepingPaginator(Paginator):
    """A paginator whose large counts come from the cache (see the module's docstring)."""

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        key = "list-count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            count = self.object_list.count()
            if count >= CACHED_COUNT_FROM:
                cache.set(key, count, CACHED_COUNT_SECONDS)
        return count


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The page asked for by ``page``, or the nearest one with a notice saying so."""
    paginator = CountKeepingPaginator(queryset, per_page)
    raw = request.GET.get("page", "").replace("\x00", "").strip()
    notice = ""
    try:
        number = int(raw) if raw else 1
    except ValueError:
        number, notice = 1, _("That page number is not valid, so the first page is shown.")
    if number < 1:
        number, notice = 1, _("That page number is not valid, so the first page is shown.")
    elif number > paginator.num_pages:
        notice = _("There is no page %(number)s; the last page, %(last)s, is shown.") % {
            "number": number if number < 10**9 else "…",
            "last": paginator.num_pages,
        }
        number = paginator.num_pages
    return paginator.page(number), notice


def _describe(form, name: str, value) -> str:
    """How an active filter reads on the page, e.g. “Jawa Barat” or “10 Industri makanan”."""
    if name == "q":
        return f"“{value}”"
    if name == "regency" and form.regency is not None:
        return form.regency.name
    if name == "kbli" and form.kbli_code is not None:
        return f"{form.kbli_code.code} {form.kbli_code.title}"
    if name == "export":
        return _("yes")
    choices = dict(getattr(form.fields[name], "choices", []))
    return str(choices.get(value, value))


def _query(pairs) -> str:
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query[name] = "on" if value is True else value
    return query.urlencode()


def filtered_list_page(request: HttpRequest, filterset, template: str, decorate=None):
    """A public list page driven by ``filterset``: its results paginated, the filters that
    cleaned kept in the page links, and those that did not named beside their field.
    ``decorate`` is called on each result of the page (for what the template shows)."""
    form = filterset.form
    results = filterset.qs  # validates the form, ignoring the filters that did not clean
    active = filterset.active_filters()
    sort = form.cleaned_data.get("sort") or ""
    kept = [*active, *([("sort", sort)] if sort else [])]
    page, page_notice = paginate(request, results)
    items = list(page.object_list)
    for item in items if decorate else ():
        decorate(item)
    notices = [*form.notices, *([page_notice] if page_notice else [])]
    context = {
        "filterset": filterset,
        "form": form,
        "page_obj": page,
        "results": items,
        "result_count": page.paginator.count,
        # Pagination links keep the filters, but only the ones that cleaned.
        "filter_query": _query(kept),
        "active_filters": [
            {
                "name": name,
                "label": form.fields[name].label,
                "value": _describe(form, name, value),
                "query_without": _query([pair for pair in kept if pair[0] != name]),
            }
            for name, value in active
        ],
        "notices": notices,
        "filter_errors": [
            (form.fields[name].label if name in form.fields else "", error)
            for name, errors in form.errors.items()
            for error in errors
        ],
    }
    return render(request, template, context)


def _has_state(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
    )


def cached_for_visitors(view):
    """Serves ``view``'s GET pages from the cache to visitors without state (see the module's
    docstring); a response that sets a cookie is never kept."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = getattr(settings, "DIRECTORY_CACHE_SECONDS", 0)
        if not seconds or request.method != "GET" or _has_state(request):
            return view(request, *args, **kwargs)
        page = f"{translation.get_language()}|{request.get_full_path()}"
        key = "list-page:" + hashlib.sha256(page.encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper


@cached_for_visitors
@require_safe
def umkm_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    umkm = (
        Umkm.objects.verified()
        .select_related("province", "regency")
        .prefetch_related(
            Prefetch("kbli_codes", queryset=KbliCode.objects.order_by("code")),
            Prefetch(
                "certifications",
                queryset=Certification.objects.filter(
                    Q(expires_on__isnull=True) | Q(expires_on__gte=today)
                ),
                to_attr="valid_certifications",
            ),
            Prefetch(
                "products",
                queryset=Product.objects.exclude(thumbnail="").order_by("pk"),
                to_attr="products_with_thumbnail",
            ),
        )
    )
    return filtered_list_page(
        request, UmkmFilter(request.GET, queryset=umkm), "partnerships/public/umkm_list.html"
    )


@require_safe
def need_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()

    def days_left(need):
        need.days_left = (need.deadline - today).days

    return filtered_list_page(
        request,
        NeedFilter(request.GET, queryset=Need.objects.open().with_listing()),
        "partnerships/public/need_list.html",
        decorate=days_left,
    )


@require_safe
def firm_list(request: HttpRequest) -> HttpResponse:
    firms = (
        Firm.objects.verified()
        .annotate(open_need_count=open_need_count())
        .prefetch_related(
            Prefetch("sectors", queryset=KbliCode.objects.order_by("code")),
            Prefetch("locations", queryset=Regency.objects.select_related("province")),
        )
    )

    def provinces(firm):
        firm.operating_provinces = sorted({place.province.name for place in firm.locations.all()})

    return filtered_list_page(
        request,
        FirmFilter(request.GET, queryset=firms),
        "partnerships/public/firm_list.html",
        decorate=provinces,
    )
