"""Pages of matters: raising one, staff recording one, the triage queue, the street office, the public lists,
a matter's timeline, photos and notifications. Thin: parse, call one action or query, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.matters import actions, notifications, queries
from yishi.matters.domain.lifecycle import OPEN_STATUSES, RECLASSIFIABLE_STATUSES
from yishi.matters.domain.lifecycle import MatterStatus as StatusName
from yishi.matters.domain.triage import suggest_class
from yishi.matters.forms import (
    AcceptForm,
    DepartmentForm,
    MatterForm,
    MergeForm,
    RecordForm,
    ReplyForm,
    ResultForm,
    TriageForm,
)
from yishi.matters.models import (
    CatalogueEntry,
    Matter,
    MatterChannel,
    MatterFollower,
    MatterPhoto,
    MatterStatus,
    Notification,
    PlaceScope,
    Referral,
    TriageClass,
    Urgency,
)
from yishi.matters.permissions import Access, communities_where, streets_where
from yishi.matters.steps import steps_for
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import scope_filter, today
from yishi.people.queries import list_residents
from yishi.places.models import Place, PlaceKind

PAGE_SIZE = 20


def _actor(request: HttpRequest, role: str = "") -> Actor:
    return Actor(user=request.user, acting_role=role)  # type: ignore[arg-type]


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _form_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _community(community_id: int) -> Place:
    return get_object_or_404(Place.objects.select_related("parent"), pk=community_id, kind=PlaceKind.COMMUNITY)


def _home_community(request: HttpRequest) -> Place | None:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None or person.home is None:
        return None
    return actions.community_of(person.home)


def index(request: HttpRequest) -> HttpResponse:
    """Where matters live: my matters and what staff handle, and every community's public list."""
    context: dict[str, Any] = {
        "communities": Place.objects.of_kind(PlaceKind.COMMUNITY).select_related("parent").order_by("path")[:200]
    }
    if request.user.is_authenticated:
        person = request.user.person if request.user.person_id else None  # type: ignore[union-attr]
        context.update(
            home_community=_home_community(request),
            my_matters=list(queries.list_my_matters(person)[:20]) if person is not None else [],
            triage_communities=list(communities_where(request.user, Capability.TRIAGE_MATTER)[:50]),
            record_communities=list(communities_where(request.user, Capability.RECORD_FOR_RESIDENT)[:50]),
            streets=list(streets_where(request.user, Capability.ANSWER_REFERRAL)[:20]),
            unread=queries.list_notifications(person).unread().count() if person is not None else 0,
        )
    return render(request, "matters/index.html", context)


def _draft(form: MatterForm, *, community: Place | None) -> actions.MatterDraft:
    place_id = form.cleaned_data.get("place")
    place = Place.objects.filter(pk=place_id).first() if place_id else None
    if place is None:
        raise ActionError(gettext("Choose where the matter is."), code="matter_place_missing", field="place")
    category = form.cleaned_data.get("category")
    if category is None:
        raise ActionError(gettext("Choose a category from the list."), code="matter_category_unknown", field="category")
    return actions.MatterDraft(
        title=form.cleaned_data.get("title") or "",
        description=form.cleaned_data.get("description") or "",
        place=place,
        category=category,
        anonymous_to_public=bool(form.cleaned_data.get("anonymous_to_public")),
        urgency=form.cleaned_data.get("urgency") or Urgency.NORMAL,
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """A resident raises a matter from their phone (民事民提)."""
    community = _home_community(request)
    places = queries.place_choices(community) if community is not None else []
    categories = queries.active_categories()
    if request.method == "POST":
        # The choices stay those of the resident's own community; a place from elsewhere is refused below.
        form = MatterForm(
            request.POST,
            places=_with_posted_place(request, places),
            categories=categories,
            similar_url=reverse("matters:similar") + "?follow=1",
        )
        status = 400
        if form.is_valid():
            try:
                matter = actions.raise_matter(
                    actor=_actor(request, "resident"),
                    draft=_draft(form, community=community),
                    photos=request.FILES.getlist("photos"),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, gettext("Your matter was raised. You will be told of every step it takes here.")
                )
                return HttpResponseRedirect(matter.get_absolute_url())
        return render(request, "matters/new.html", {"form": form, "community": community}, status=status)
    person = request.user.person if request.user.person_id else None  # type: ignore[union-attr]
    compound = person.home.ancestor_of_kind(PlaceKind.COMPOUND) if person and person.home else None
    form = MatterForm(
        places=places,
        categories=categories,
        similar_url=reverse("matters:similar") + "?follow=1",
        initial={"place": compound.pk if compound else (community.pk if community else None)},
    )
    return render(request, "matters/new.html", {"form": form, "community": community})


def _with_posted_place(request: HttpRequest, places: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Accept a posted place id outside the choices so that the action, not the form, explains the refusal."""
    posted = _int(request.POST.get("place"))
    if posted is None or any(pk == posted for pk, _label in places):
        return places
    return [*places, (posted, str(posted))]


def similar(request: HttpRequest) -> HttpResponse:
    """Open matters of the community that read like the title being typed (an htmx partial)."""
    community_id = _int(request.GET.get("community"))
    community = (
        Place.objects.filter(pk=community_id, kind=PlaceKind.COMMUNITY).first()
        if community_id
        else _home_community(request)
    )
    text = request.GET.get("title", "")[:100]
    found = queries.similar_open_matters(community=community, text=text) if community is not None else []
    following: set[int] = set()
    if request.user.is_authenticated and request.user.person_id and found:  # type: ignore[union-attr]
        following = set(
            MatterFollower.objects.filter(
                person_id=request.user.person_id,  # type: ignore[union-attr]
                matter_id__in=[item.matter.pk for item in found],
            ).values_list("matter_id", flat=True)
        )
    return render(
        request,
        "matters/_similar.html",
        {"similar": found, "following": following, "may_follow": request.GET.get("follow") == "1"},
    )


@login_required
def record(request: HttpRequest) -> HttpResponse:
    """Staff record a matter a resident raised by phone, visit, box, group, meeting or collection point."""
    communities = list(communities_where(request.user, Capability.RECORD_FOR_RESIDENT).order_by("path"))
    if not communities:
        raise PermissionDenied
    chosen = _int(request.GET.get("community") or request.POST.get("community"))
    community = next((place for place in communities if place.pk == chosen), communities[0])
    access = Access(request.user)
    places = [(pk, label) for pk, label in queries.place_choices(community) if _may_record_at(access, pk)]
    categories = queries.active_categories()
    search = (request.GET.get("q") or request.POST.get("q") or "").strip()[:50]
    residents = _residents(request, community, search)
    if _is_htmx(request) and request.method == "GET":
        return render(request, "matters/_residents.html", {"residents": residents, "search": search})
    if request.method == "POST":
        form = RecordForm(
            request.POST,
            places=_with_posted_place(request, places),
            categories=categories,
            similar_url=reverse("matters:similar") + f"?community={community.pk}",
        )
        status = 400
        if form.is_valid():
            proposer_id = form.cleaned_data.get("proposer")
            proposer = Person.objects.select_related("home").filter(pk=proposer_id).first() if proposer_id else None
            try:
                if proposer_id and proposer is None:
                    raise ActionError(gettext("Choose the resident again."), code="matter_proposer_unknown")
                matter = actions.record_matter(
                    actor=_actor(request, "staff"),
                    draft=_draft(form, community=community),
                    channel=form.cleaned_data["channel"],
                    channel_reference=form.cleaned_data.get("channel_reference") or "",
                    proposer=proposer,
                    photos=request.FILES.getlist("photos"),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The matter was recorded for the resident."))
                return HttpResponseRedirect(matter.get_absolute_url())
        context = _record_context(form, communities, community, residents, search)
        return render(request, "matters/record.html", context, status=status)
    form = RecordForm(
        places=places,
        categories=categories,
        similar_url=reverse("matters:similar") + f"?community={community.pk}",
        initial={"place": community.pk},
    )
    return render(request, "matters/record.html", _record_context(form, communities, community, residents, search))


def _may_record_at(access: Access, place_id: int) -> bool:
    place = Place.objects.filter(pk=place_id).only("path").first()
    return place is not None and access.can(Capability.RECORD_FOR_RESIDENT, place)


def _residents(request: HttpRequest, community: Place, search: str) -> list[Person]:
    if not search:
        return []
    scope = scope_filter(request.user, Capability.RECORD_FOR_RESIDENT, field="home__path")  # type: ignore[arg-type]
    return list(list_residents(within=community, scope=scope, search=search)[:20])


def _record_context(
    form: RecordForm, communities: list[Place], community: Place, residents: list[Person], search: str
) -> dict[str, Any]:
    proposer_id = _int(str(form["proposer"].value() or ""))
    chosen = Person.objects.select_related("home__parent").filter(pk=proposer_id).first() if proposer_id else None
    return {
        "form": form,
        "communities": communities,
        "community": community,
        "residents": residents,
        "search": search,
        "chosen": chosen,
    }


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The two committees' triage queue: untriaged and overdue first."""
    reach = communities_where(request.user, Capability.TRIAGE_MATTER).order_by("path")
    communities = list(reach[:200])
    if not communities:
        raise PermissionDenied
    chosen = _int(request.GET.get("community"))
    selected = next((place for place in communities if place.pk == chosen), None)
    if selected is None and len(communities) == 1:
        selected = communities[0]
    queue_filter = queries.QueueFilter(
        status=request.GET.get("status") or queries.QUEUE_OPEN,
        triage_class=request.GET.get("class", ""),
        compound_id=_int(request.GET.get("compound")) if selected is not None else None,
        search=request.GET.get("q", "").strip()[:50],
    )
    day = today()
    scope = [selected] if selected is not None else reach
    page = _page(request, queries.queue_order(communities=scope, queue_filter=queue_filter, day=day))
    context = {
        "communities": communities,
        "selected": selected,
        "compounds": Place.objects.filter(parent=selected, kind=PlaceKind.COMPOUND).order_by("name")
        if selected is not None
        else [],
        "filter": queue_filter,
        "statuses": MatterStatus.choices,
        "classes": TriageClass.choices,
        "page": page,
        "matters": queries.load_queue(list(page.object_list)),
        "today": day,
        "query": _query_without_page(request),
        "unpublished": queries.count_unpublished_triages(selected) if selected is not None else 0,
    }
    template = "matters/_queue_list.html" if _is_htmx(request) else "matters/queue.html"
    return render(request, template, context)


@login_required
@require_POST
def publish_list(request: HttpRequest, community_id: int) -> HttpResponse:
    """Publish the meeting's triage results not yet on the board, as one list."""
    community = _community(community_id)
    try:
        notice = actions.publish_triage_list(actor=_actor(request, "committee_member"), community=community)
    except ActionError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("matters:queue") + f"?community={community.pk}")
    messages.success(request, gettext("The triage list was published on the public board."))
    return HttpResponseRedirect(notice.get_absolute_url())


def _suggestion(matter: Matter, in_catalogue: bool) -> dict[str, str]:
    whole = matter.place.kind == PlaceKind.COMMUNITY
    suggestion = suggest_class(
        spans_communities=False,
        spans_compounds=whole,
        government_service=False,
        urgent=matter.urgency == Urgency.URGENT,
        concerns_whole_community=whole,
        in_deliberation_catalogue=in_catalogue,
    )
    return {
        "triage_class": suggestion.triage_class.value,
        "scope": suggestion.scope.value,
        "label": str(TriageClass(suggestion.triage_class.value).label),
        "rationale": suggestion.rationale.in_language(get_language() or "zh-hans"),
    }


@login_required
def triage(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Triage a new matter, or (with ?reclassify=1) correct an earlier triage with a reason."""
    matter = queries.get_matter(matter_id)
    if matter is None:
        raise Http404
    access = Access(request.user)
    if not access.may_triage(matter):
        raise PermissionDenied
    reclassify = request.GET.get("reclassify") == "1" or request.POST.get("reclassify") == "1"
    places = queries.place_choices(matter.community)
    in_catalogue = CatalogueEntry.objects.filter(community=matter.community, category=matter.category).exists()
    suggestion = _suggestion(matter, in_catalogue)
    status = 200
    if request.method == "POST":
        form = TriageForm(request.POST, places=places)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            place_id = data.get("place")
            place = Place.objects.filter(pk=place_id).first() if place_id else None
            decided = actions.TriageInput(
                triage_class=data["triage_class"],
                scope=data["scope"],
                government_service=data["government_service"],
                reason=data.get("reason") or "",
                answer=data.get("answer") or "",
                joint_meeting_reference=data.get("joint_meeting_reference") or "",
                place=place,
            )
            action = actions.reclassify_matter if reclassify else actions.triage_matter
            try:
                action(
                    actor=_actor(request, "committee_member"), matter=matter, decided=decided, publish=data["publish"]
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The matter was triaged; the proposer and followers were told."))
                return HttpResponseRedirect(matter.get_absolute_url())
    else:
        scope = PlaceScope.WHOLE_COMMUNITY if matter.place.kind == PlaceKind.COMMUNITY else PlaceScope.SINGLE_COMPOUND
        form = TriageForm(
            places=places,
            initial={
                "triage_class": matter.triage_class if reclassify else suggestion["triage_class"],
                "scope": matter.scope or scope,
                "place": matter.place_id,
                "publish": True,
            },
        )
    context = {
        "matter": matter,
        "form": form,
        "reclassify": reclassify,
        "suggestion": suggestion,
        "in_catalogue": in_catalogue,
        "similar": queries.similar_open_matters(community=matter.community, text=matter.title, exclude_id=matter.pk),
        "triaged": StatusName(matter.status) not in (StatusName.PROPOSED, StatusName.REOPENED),
        "may_merge": matter.status == MatterStatus.PROPOSED,
        "today": today(),
    }
    return render(request, "matters/triage.html", context, status=status)


@login_required
def merge(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Merge a new matter into a similar open one; its proposer and followers follow the other from now on."""
    matter = queries.get_matter(matter_id)
    if matter is None:
        raise Http404
    if not Access(request.user).may_triage(matter):
        raise PermissionDenied
    candidates = queries.similar_open_matters(community=matter.community, text=matter.title, exclude_id=matter.pk)
    targets = [(item.matter.pk, item.matter.title) for item in candidates]
    posted = _int(request.POST.get("into")) if request.method == "POST" else None
    if posted is not None and all(pk != posted for pk, _title in targets):
        other = Matter.objects.filter(pk=posted, community=matter.community).first()
        if other is not None:
            targets.append((other.pk, other.title))
    form = MergeForm(request.POST or None, targets=targets)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        into = Matter.objects.get(pk=form.cleaned_data["into"])
        try:
            actions.merge_matters(
                actor=_actor(request, "committee_member"),
                matter=matter,
                into=into,
                reason=form.cleaned_data.get("reason") or "",
            )
        except ActionError as error:
            _form_error(form, error)
            status = error.status
        else:
            messages.success(request, gettext("The matters were merged; every proposer is kept informed."))
            return HttpResponseRedirect(into.get_absolute_url())
    return render(request, "matters/merge.html", {"matter": matter, "form": form, "similar": candidates}, status=status)


def public_list(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's matters as anyone may read them: status and responsible body, no personal data."""
    community = _community(community_id)
    public_filter = queries.PublicFilter(
        status=request.GET.get("status") or queries.PUBLIC_OPEN,
        triage_class=request.GET.get("class", ""),
        search=request.GET.get("q", "").strip()[:50],
    )
    page = _page(request, queries.list_public(community=community, public_filter=public_filter))
    context = {
        "community": community,
        "filter": public_filter,
        "page": page,
        "classes": TriageClass.choices,
        "today": today(),
        "query": _query_without_page(request),
        "catalogue": queries.catalogue(community),
        "may_raise": _home_community(request) == community,
        "may_edit_catalogue": Access(request.user).can(Capability.TRIAGE_MATTER, community),
    }
    template = "matters/_public_list.html" if _is_htmx(request) else "matters/public_list.html"
    return render(request, template, context)


def detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A matter's page and timeline: published steps for everyone, everything for its proposer and staff."""
    matter = queries.get_matter(matter_id)
    if matter is None:
        raise Http404
    access = Access(request.user)
    full = access.sees_in_full(matter)
    person_id = access.person_id
    is_follower = person_id is not None and MatterFollower.objects.filter(matter=matter, person_id=person_id).exists()
    status = StatusName(matter.status)
    may_triage = access.may_triage(matter)
    context = {
        "matter": matter,
        "full": full,
        "events": queries.timeline(matter, full=full),
        "photos": list(matter.photos.all()) if full else [],
        "referrals": queries.list_referrals(matter) if matter.responsible_level == "street" else [],
        "today": today(),
        "is_follower": is_follower,
        "may_follow": person_id is not None and not is_follower and status in OPEN_STATUSES,
        "may_triage": may_triage and status in (StatusName.PROPOSED, StatusName.REOPENED),
        "may_reclassify": may_triage and status in RECLASSIFIABLE_STATUSES,
        "may_merge": may_triage and status is StatusName.PROPOSED,
        "may_answer_referral": access.may_answer_referral(matter),
        "channel_label": MatterChannel(matter.channel).label,
        "steps": steps_for(matter, request.user),
    }
    return render(request, "matters/detail.html", context)


@login_required
@require_POST
def follow(request: HttpRequest, matter_id: int) -> HttpResponse:
    """ "This is my matter too": follow it instead of raising a duplicate."""
    matter = get_object_or_404(Matter, pk=matter_id)
    try:
        actions.follow_matter(actor=_actor(request, "resident"), matter=matter)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("You follow this matter now; you will be told of every step."))
    return HttpResponseRedirect(matter.get_absolute_url())


@login_required
def street(request: HttpRequest) -> HttpResponse:
    """The street office's big matters from its communities (吹哨报到)."""
    streets = streets_where(request.user, Capability.ANSWER_REFERRAL)
    if not streets.exists():
        raise PermissionDenied
    street_filter = queries.StreetFilter(
        status=request.GET.get("status") or queries.STREET_WAITING,
        community_id=_int(request.GET.get("community")),
    )
    day = today()
    page = _page(request, queries.street_order(streets=streets, street_filter=street_filter, day=day))
    communities = Place.objects.filter(parent__in=streets, kind=PlaceKind.COMMUNITY).order_by("path")
    context = {
        "streets": list(streets.order_by("path")[:20]),
        "communities": communities,
        "filter": street_filter,
        "page": page,
        "matters": queries.load_street(list(page.object_list)),
        "today": day,
        "query": _query_without_page(request),
    }
    return render(request, "matters/street.html", context)


@login_required
def street_matter(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Accept a big matter, refer it to departments, record their replies and the result."""
    matter = queries.get_matter(matter_id)
    if matter is None:
        raise Http404
    if not Access(request.user).may_answer_referral(matter):
        raise PermissionDenied
    forms: dict[str, Form] = {
        "accept": AcceptForm(prefix="accept"),
        "refer": DepartmentForm(prefix="refer"),
        "result": ResultForm(prefix="result"),
    }
    reply_forms: dict[int, ReplyForm] = {}
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        status = 400
        actor = _actor(request, "street_officer")
        try:
            if step == "accept":
                forms["accept"] = accept_form = AcceptForm(request.POST, prefix="accept")
                if accept_form.is_valid():
                    note = accept_form.cleaned_data.get("note") or ""
                    actions.accept_referral(actor=actor, matter=matter, note=note)
                    messages.success(request, gettext("The street office accepted the matter."))
                    return HttpResponseRedirect(request.path)
            elif step == "refer":
                forms["refer"] = refer_form = DepartmentForm(request.POST, prefix="refer")
                if refer_form.is_valid():
                    actions.refer_to_department(
                        actor=actor,
                        matter=matter,
                        department_name=refer_form.cleaned_data.get("department_name") or "",
                        request=refer_form.cleaned_data.get("request") or "",
                    )
                    messages.success(request, gettext("The department was asked to act."))
                    return HttpResponseRedirect(request.path)
            elif step == "reply":
                referral = get_object_or_404(Referral, pk=_int(request.POST.get("referral_id")), matter=matter)
                reply_form = ReplyForm(request.POST, prefix=f"reply-{referral.pk}")
                reply_forms[referral.pk] = reply_form
                if reply_form.is_valid():
                    actions.record_department_reply(
                        actor=actor,
                        referral=referral,
                        reply_text=reply_form.cleaned_data.get("reply_text") or "",
                        result=reply_form.cleaned_data["result"],
                    )
                    messages.success(request, gettext("The department's reply was recorded."))
                    return HttpResponseRedirect(request.path)
            elif step == "result":
                forms["result"] = result_form = ResultForm(request.POST, prefix="result")
                if result_form.is_valid():
                    text = result_form.cleaned_data.get("text") or ""
                    actions.record_street_result(actor=actor, matter=matter, text=text)
                    messages.success(request, gettext("The result was recorded; the residents were told."))
                    return HttpResponseRedirect(matter.get_absolute_url())
            else:
                raise ActionError(gettext("Unknown step."), code="street_step_unknown")
        except ActionError as error:
            if step in forms:
                _form_error(forms[step], error)
            elif step == "reply" and reply_forms:
                _form_error(next(iter(reply_forms.values())), error)
            else:
                messages.error(request, str(error.message))
            status = error.status
        matter = queries.get_matter(matter_id) or matter
    referrals = queries.list_referrals(matter)
    for referral in referrals:
        if referral.replied_at is None and referral.pk not in reply_forms:
            reply_forms[referral.pk] = ReplyForm(prefix=f"reply-{referral.pk}")
    context = {
        "matter": matter,
        "forms": forms,
        "referrals": [(referral, reply_forms.get(referral.pk)) for referral in referrals],
        "with_street": matter.status == MatterStatus.REFERRED,
        "today": today(),
    }
    return render(request, "matters/street_matter.html", context, status=status)


@login_required
def catalogue(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's deliberation catalogue (议事协商目录): which kinds of matter must be deliberated."""
    community = _community(community_id)
    if not Access(request.user).can(Capability.TRIAGE_MATTER, community):
        raise PermissionDenied
    categories = list(queries.active_categories())
    status = 200
    error_message = ""
    if request.method == "POST":
        chosen = {
            category.pk: request.POST.get(f"note-{category.pk}", "")
            for category in categories
            if request.POST.get(f"category-{category.pk}") == "on"
        }
        try:
            actions.set_catalogue(actor=_actor(request, "committee_member"), community=community, entries=chosen)
        except ActionError as error:
            error_message = str(error.message)
            status = 400
        else:
            messages.success(request, gettext("The deliberation catalogue was saved."))
            return HttpResponseRedirect(request.path)
    entries = {entry.category_id: entry for entry in queries.catalogue(community)}
    rows = [(category, entries.get(category.pk)) for category in categories]
    return render(
        request,
        "matters/catalogue.html",
        {"community": community, "rows": rows, "error_message": error_message},
        status=status,
    )


def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A matter's photo, for its proposer and the staff who handle it only."""
    item = get_object_or_404(MatterPhoto.objects.select_related("matter"), pk=photo_id)
    if not Access(request.user).sees_in_full(item.matter):
        raise Http404
    try:
        handle = item.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """My notifications, newest first; all can be marked read at once."""
    person = request.user.person if request.user.person_id else None  # type: ignore[union-attr]
    if person is None:
        raise Http404
    if request.method == "POST":
        notifications.mark_all_read(person=person)
        return HttpResponseRedirect(request.path)
    page = _page(request, queries.list_notifications(person))
    return render(request, "matters/notifications.html", {"page": page, "query": ""})


@login_required
def notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Open a notification: mark it read and go where it points."""
    item = get_object_or_404(Notification, pk=notification_id, person_id=request.user.person_id)  # type: ignore[union-attr]
    notifications.mark_read(person=item.person, notification=item)
    target = item.url or reverse("matters:notifications")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("matters:notifications")
    return HttpResponseRedirect(target)
