"""Pages of public disclosure: the public board and notice pages, the PDF, and the staff pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.disclosure import actions, queries
from yishi.disclosure.forms import LedgerForm, NoticeForm
from yishi.disclosure.models import Notice, NoticeKind
from yishi.disclosure.pdf import notice_pdf
from yishi.disclosure.qr import qr_svg
from yishi.people.queries import get_home_summary
from yishi.places.models import Place, PlaceKind

PAGE_SIZE = 20


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, acting_role="publisher")  # type: ignore[arg-type]


def _community(community_id: int) -> Place:
    return get_object_or_404(Place.objects.select_related("parent"), pk=community_id, kind=PlaceKind.COMMUNITY)


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def index(request: HttpRequest) -> HttpResponse:
    """Where notices live: my community's board, the boards of all communities, and for staff their drafts."""
    home_community = None
    drafts: list[Notice] = []
    may_publish = may_export = False
    if request.user.is_authenticated:
        summary = get_home_summary(user=request.user)
        home_community = next((place for place in summary.home_places if place.kind == PlaceKind.COMMUNITY), None)
        drafts = list(queries.list_drafts_for(request.user)[:50])
        may_publish = queries.publishing_places(request.user).exists()
        may_export = queries.ledger_communities(request.user).exists()
    communities = Place.objects.of_kind(PlaceKind.COMMUNITY).select_related("parent")[:200]
    return render(
        request,
        "disclosure/index.html",
        {
            "home_community": home_community,
            "communities": communities,
            "drafts": drafts,
            "may_publish": may_publish,
            "may_export": may_export,
        },
    )


def board(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's public board: anyone may read it without signing in."""
    community = _community(community_id)
    kind = request.GET.get("kind", "")
    board_filter = queries.BoardFilter(
        tab=queries.ARCHIVE if request.GET.get("tab") == queries.ARCHIVE else queries.CURRENT,
        kind=kind if kind in NoticeKind.values else "",
        year=_int(request.GET.get("year")),
        search=request.GET.get("q", "")[:100],
    )
    page = Paginator(queries.list_board(community, board_filter), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "community": community,
        "filter": board_filter,
        "page": page,
        "years": queries.board_years(community),
        "kinds": NoticeKind.choices,
        "query": query.urlencode(),
        "tab_query": _without(request, "tab"),
    }
    template = "disclosure/_board_list.html" if request.headers.get("HX-Request") else "disclosure/board.html"
    return render(request, template, context)


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return query.urlencode()


def notice_page(request: HttpRequest, notice_id: int) -> HttpResponse:
    """A notice's page with its QR code; a draft is shown as a preview to those who may publish it."""
    notice = queries.get_readable_notice(request.user, notice_id)
    if notice is None:
        raise Http404
    page_url = request.build_absolute_uri(notice.get_absolute_url())
    may_manage = queries.may_manage(request.user, notice)
    return render(
        request,
        "disclosure/notice.html",
        {
            "notice": notice,
            "page_url": page_url,
            "qr": qr_svg(page_url, label=gettext("QR code of this notice's page")),
            "may_manage": may_manage,
            "findings": queries.personal_data_findings(notice) if notice.is_draft else [],
            "today": timezone.localdate(),
        },
    )


def notice_pdf_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The printable A4 PDF of a notice."""
    notice = queries.get_readable_notice(request.user, notice_id)
    if notice is None:
        raise Http404
    content = notice_pdf(notice, page_url=request.build_absolute_uri(notice.get_absolute_url()))
    response = HttpResponse(content, content_type="application/pdf")
    label = notice.number or f"draft-{notice.pk}"
    response["Content-Disposition"] = f'inline; filename="notice-{label}.pdf"'
    return response


def _form_error(form: NoticeForm | LedgerForm, error: ActionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    """Draft a new notice."""
    places = queries.publishing_places(request.user)
    if not places.exists():
        messages.error(request, gettext("You may not publish notices for any place."))
        return HttpResponseRedirect(reverse("disclosure:index"))
    chosen = _int(request.GET.get("place"))
    if not (chosen and places.filter(pk=chosen).exists()):
        first = places.first()
        chosen = first.pk if first else None
    initial: dict[str, Any] = {"place": chosen, "kind": NoticeKind.GENERAL}
    form = NoticeForm(request.POST or None, places=places, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place: Place = data["place"]
        community = place.ancestor_of_kind(PlaceKind.COMMUNITY)
        try:
            if community is None:
                raise ActionError(gettext("Notices are published on a community's board."), code="notice_not_community")
            notice = actions.create_draft(
                actor=_actor(request),
                community=community,
                place=place,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                rows=data["rows"],
                source_url=data["source_url"],
                posted_until=data["posted_until"],
                due_by=data["due_by"],
            )
        except ActionError as error:
            _form_error(form, error)
        else:
            messages.success(request, gettext("The draft is saved. Check the preview, then publish it."))
            return HttpResponseRedirect(notice.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "disclosure/notice_form.html", {"form": form, "mode": "compose"}, status=status)


def _managed_notice(request: HttpRequest, notice_id: int) -> Notice:
    notice = queries.get_readable_notice(request.user, notice_id)
    if notice is None or not queries.may_manage(request.user, notice):
        raise Http404
    return notice


@login_required
def edit(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Change a draft; a published notice can only be corrected."""
    notice = _managed_notice(request, notice_id)
    if not notice.is_draft:
        messages.error(request, gettext("A published notice is never changed. Publish a correction instead."))
        return HttpResponseRedirect(notice.get_absolute_url())
    places = queries.publishing_places(request.user).within(notice.community)
    form = NoticeForm(request.POST or None, places=places, initial=NoticeForm.initial_from(notice))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_draft(
                actor=_actor(request),
                notice=notice,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                rows=data["rows"],
                place=data["place"],
                source_url=data["source_url"],
                posted_until=data["posted_until"],
                due_by=data["due_by"],
            )
        except ActionError as error:
            _form_error(form, error)
        else:
            messages.success(request, gettext("The draft is saved."))
            return HttpResponseRedirect(notice.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "disclosure/notice_form.html", {"form": form, "mode": "edit", "notice": notice}, status=status
    )


@login_required
def correct(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Draft a correction of a published notice: a new notice that points at it."""
    original = _managed_notice(request, notice_id)
    if original.is_draft:
        return HttpResponseRedirect(reverse("disclosure:edit", args=[original.pk]))
    places = queries.publishing_places(request.user).within(original.community)
    initial = NoticeForm.initial_from(original)
    initial.update(posted_until=None, due_by=None)
    form = NoticeForm(request.POST or None, places=places, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = actions.create_draft(
                actor=_actor(request),
                community=original.community,
                place=data["place"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                rows=data["rows"],
                source_url=data["source_url"],
                posted_until=data["posted_until"],
                due_by=data["due_by"],
                corrects=original,
            )
        except ActionError as error:
            _form_error(form, error)
        else:
            messages.success(request, gettext("The correction is saved as a draft. Check it, then publish it."))
            return HttpResponseRedirect(notice.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "disclosure/notice_form.html", {"form": form, "mode": "correct", "notice": original}, status=status
    )


@login_required
@require_POST
def publish(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Publish a draft on its community's board."""
    notice = _managed_notice(request, notice_id)
    try:
        actions.publish_notice(actor=_actor(request), notice=notice)
    except ActionError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(notice.get_absolute_url())
    messages.success(request, gettext("The notice is published on the public board."))
    return HttpResponseRedirect(notice.get_absolute_url())


@login_required
@require_POST
def discard(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Delete a draft that was never published."""
    notice = _managed_notice(request, notice_id)
    try:
        actions.discard_draft(actor=_actor(request), notice=notice)
    except ActionError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(notice.get_absolute_url())
    messages.success(request, gettext("The draft is deleted."))
    return HttpResponseRedirect(reverse("disclosure:index"))


@login_required
def ledgers(request: HttpRequest) -> HttpResponse:
    """Export a community's ledgers (台账) for a period as an Excel workbook."""
    communities = queries.ledger_communities(request.user)
    today = timezone.localdate()
    form = LedgerForm(
        request.POST or None,
        communities=communities,
        initial={"start": today.replace(month=1, day=1), "end": today, "community": communities.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            content = actions.export_ledgers(
                actor=_actor(request), community=data["community"], start=data["start"], end=data["end"]
            )
        except ActionError as error:
            _form_error(form, error)
        else:
            response = HttpResponse(
                content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            name = f"ledgers-{data['community'].pk}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    status = 400 if request.method == "POST" else 200
    return render(
        request, "disclosure/ledgers.html", {"form": form, "has_communities": communities.exists()}, status=status
    )
