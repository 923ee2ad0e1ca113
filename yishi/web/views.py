"""The front pages: my home, a community's public page, and display preferences."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yishi.people.queries import get_home_summary
from yishi.places.models import Place, PlaceKind
from yishi.web.awaiting import awaiting_for
from yishi.web.middleware import LARGE_TEXT_COOKIE
from yishi.web.public_sections import sections_for


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def home(request: HttpRequest) -> HttpResponse:
    """My home for a signed-in person; the list of communities for a visitor."""
    if not request.user.is_authenticated:
        communities = Place.objects.of_kind(PlaceKind.COMMUNITY).select_related("parent")[:200]
        return render(request, "web/welcome.html", {"communities": communities})
    summary = get_home_summary(user=request.user)
    return render(request, "web/home.html", {"summary": summary, "awaiting": awaiting_for(request.user)})


def community_page(request: HttpRequest, place_id: int) -> HttpResponse:
    """A community's public page: anyone may read it without signing in."""
    community = get_object_or_404(Place.objects.select_related("parent"), pk=place_id, kind=PlaceKind.COMMUNITY)
    compounds = Place.objects.filter(parent=community).order_by("name")
    sections = sections_for(community)
    return render(request, "web/community.html", {"community": community, "compounds": compounds, "sections": sections})


@require_POST
def large_text(request: HttpRequest) -> HttpResponse:
    """Switch large text on or off; the choice is kept in a cookie across pages and visits."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.POST.get("on") == "1":
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE)
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    """The personal-information processing rules (PIPL Art. 7, 17), public."""
    return render(request, "web/privacy.html")
