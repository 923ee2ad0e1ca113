"""Staff pages of the place tree: browse from the places within reach, add, rename, set facts, move."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.people.acting import actor_for
from yishi.people.domain.roles import Capability
from yishi.people.pages import form_error, refused
from yishi.people.permissions import can
from yishi.people.queries import get_unit_occupancy
from yishi.places import queries
from yishi.places.actions import create_place, move_place, parse_area, update_place
from yishi.places.forms import AddPlaceForm, EditPlaceForm, MovePlaceForm
from yishi.places.models import Place, PlaceKind


@login_required
def browser(request: HttpRequest) -> HttpResponse:
    """The places the user may browse: where their roles are held."""
    return render(request, "places/browser.html", {"roots": queries.list_roots(request.user)})


def _viewable(request: HttpRequest, place_id: int) -> Place:
    place = Place.objects.select_related("parent").filter(pk=place_id).first()
    if place is None:
        raise NotFound()
    if not queries.may_view(request.user, place):
        raise NotPermitted()
    return place


def _render(
    request: HttpRequest,
    place: Place,
    *,
    add_form: AddPlaceForm | None = None,
    edit_form: EditPlaceForm | None = None,
    move_form: MovePlaceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_manage = can(user, Capability.MANAGE_PLACES, place)  # type: ignore[arg-type]
    kinds = queries.child_kinds(place)
    context: dict[str, Any] = {
        "place": place,
        "counted": queries.with_counts(Place.objects.filter(pk=place.pk)).get(),
        "crumbs": queries.breadcrumbs(user, place),
        "children": queries.list_children(place) if place.kind != PlaceKind.UNIT else [],
        "may_manage": may_manage,
        "may_view_roster": can(user, Capability.VIEW_ROSTER, place),  # type: ignore[arg-type]
        "may_edit_roster": can(user, Capability.EDIT_ROSTER, place)  # type: ignore[arg-type]
        and place.kind in {PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING, PlaceKind.UNIT},
        "occupancy": get_unit_occupancy(place) if place.kind == PlaceKind.UNIT else None,
    }
    if may_manage:
        context["add_form"] = add_form or (AddPlaceForm(kinds=kinds) if kinds else None)
        context["edit_form"] = edit_form or EditPlaceForm(place=place)
        if place.parent_id is not None:
            targets = queries.move_targets(user, place)
            context["move_form"] = move_form or (MovePlaceForm(targets=targets) if targets else None)
    return render(request, "places/detail.html", context, status=status)


@login_required
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    """One place: where it stands, what is below it with counts, and the forms to change it."""
    try:
        place = _viewable(request, place_id)
    except ActionError as error:
        return refused(request, error)
    return _render(request, place)


@login_required
@require_POST
def add_child(request: HttpRequest, place_id: int) -> HttpResponse:
    try:
        place = _viewable(request, place_id)
    except ActionError as error:
        return refused(request, error)
    form = AddPlaceForm(request.POST, kinds=queries.child_kinds(place))
    if form.is_valid():
        data = form.cleaned_data
        try:
            child = create_place(
                actor=actor_for(request.user, Capability.MANAGE_PLACES, place),
                kind=data["kind"],
                name=data["name"],
                parent=place,
                code=data.get("code", ""),
                compound_type=data.get("compound_type", ""),
                exclusive_area=parse_area(data.get("exclusive_area", "")),
                area_source=data.get("area_source", ""),
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": child.name})
            return redirect("places:detail", place_id=place.pk)
    return _render(request, place, add_form=form, status=400)


@login_required
@require_POST
def edit_place(request: HttpRequest, place_id: int) -> HttpResponse:
    try:
        place = _viewable(request, place_id)
    except ActionError as error:
        return refused(request, error)
    form = EditPlaceForm(request.POST, place=place)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update_place(
                actor=actor_for(request.user, Capability.MANAGE_PLACES, place),
                place=place,
                name=data["name"],
                code=data.get("code", ""),
                compound_type=data.get("compound_type"),
                exclusive_area=parse_area(data.get("exclusive_area", "")),
                area_source=data.get("area_source"),
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            place.refresh_from_db()
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("places:detail", place_id=place.pk)
    return _render(request, place, edit_form=form, status=400)


@login_required
@require_POST
def move(request: HttpRequest, place_id: int) -> HttpResponse:
    try:
        place = _viewable(request, place_id)
    except ActionError as error:
        return refused(request, error)
    form = MovePlaceForm(request.POST, targets=queries.move_targets(request.user, place))
    if form.is_valid():
        new_parent = Place.objects.filter(pk=form.cleaned_data["new_parent"]).first()
        try:
            if new_parent is None:
                raise ActionError(_("Choose the new parent."), code="place_parent_missing", field="new_parent")
            move_place(
                actor=actor_for(request.user, Capability.MANAGE_PLACES, place), place=place, new_parent=new_parent
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error, aliases={"parent": "new_parent"})
        else:
            messages.success(request, _("Moved %(name)s.") % {"name": place.name})
            return redirect("places:detail", place_id=place.pk)
    return _render(request, place, move_form=form, status=400)
