"""Staff pages of the roster: residents within reach, a person's page, and the forms that change them.

Phone and ID numbers are always shown masked; the full number only comes from reveal_personal_data, which
requires a permitted role and a reason, and writes the audit record.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.people import actions, queries
from yishi.people.acting import actor_for
from yishi.people.domain.roles import Capability
from yishi.people.forms import (
    AssignRoleForm,
    EndRoleForm,
    HouseholdForm,
    JoinHouseholdForm,
    OwnershipForm,
    PersonForm,
    RevealForm,
    RosterSearchForm,
    UnitOwnerForm,
    place_choices,
)
from yishi.people.models import Household, Person, RoleAssignment
from yishi.people.pages import form_error, refused
from yishi.people.permissions import can, scope_filter, today
from yishi.places.models import Place, PlaceKind

PAGE_SIZE = 25
HOME_KINDS = {PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING, PlaceKind.UNIT}
ROLE_PLACE_KINDS = [PlaceKind.DISTRICT, PlaceKind.STREET, PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# ---------------------------------------------------------------- the roster


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Residents at a chosen place within the viewer's reach, searchable by name or exact phone number."""
    user = request.user
    places = queries.roster_places(scope_filter(user, Capability.VIEW_ROSTER))  # type: ignore[arg-type]
    if not places:
        return refused(request, NotPermitted(_("None of your roles lets you see the roster.")))
    form = RosterSearchForm(request.GET or None, places=places)
    place = places[0]
    search = phone = ""
    if form.is_bound and form.is_valid():
        search = form.cleaned_data["q"].strip()
        phone = form.cleaned_data["phone"].strip()
        chosen = form.cleaned_data["place"]
        if chosen:
            found = Place.objects.filter(pk=chosen).first()
            if found is None or not can(user, Capability.VIEW_ROSTER, found):  # type: ignore[arg-type]
                return refused(request, NotPermitted())
            place = found
            if place.pk not in {item.pk for item in places}:
                form.fields["place"].widget.choices = [  # type: ignore[attr-defined]
                    *place_choices(places),
                    (place.pk, f"{place.name} ({place.get_kind_display()})"),
                ]
    residents = queries.list_residents(
        within=place,
        scope=scope_filter(user, Capability.VIEW_ROSTER, field="home__path"),  # type: ignore[arg-type]
        search=search,
    )
    if phone:
        try:
            residents = queries.find_by_phone(residents, actions.clean_phone(phone))
        except ActionError as error:
            form_error(form, error)
            residents = residents.none()
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
    day = today()
    context: dict[str, Any] = {
        "form": form,
        "place": place,
        "page": page,
        "rows": [(person, person.age_on(day)) for person in page.object_list],
        "search": search or phone,
        "may_edit": can(user, Capability.EDIT_ROSTER, place) and place.kind in HOME_KINDS,  # type: ignore[arg-type]
        "may_import": can(user, Capability.IMPORT_ROSTER, place),  # type: ignore[arg-type]
    }
    if _is_htmx(request):
        return render(request, "people/_roster_results.html", context)
    return render(request, "people/roster.html", context)


# ---------------------------------------------------------------- one person


def _person(request: HttpRequest, person_id: int, capability: Capability = Capability.VIEW_ROSTER) -> Person:
    person = (
        Person.objects.select_related("home", "household", "household__representative").filter(pk=person_id).first()
    )
    if person is None:
        raise NotFound()
    if not queries.person_in_reach(request.user, person, capability):
        raise NotPermitted()
    return person


def _role_places(user: Any) -> list[Place]:
    """Places where the user may give roles, for the select on a person's page."""
    queryset = Place.objects.filter(kind__in=ROLE_PLACE_KINDS)
    scope = scope_filter(user, Capability.ASSIGN_ROLES)
    if scope is not None:
        queryset = queryset.filter(scope)
    return list(queryset.order_by("path")[:500])


def _home_unit(person: Person) -> Place | None:
    return person.home if person.home is not None and person.home.kind == PlaceKind.UNIT else None


def _render_person(request: HttpRequest, person: Person, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    page = queries.get_person_page(person)
    home = person.home
    may_edit = home is not None and can(user, Capability.EDIT_ROSTER, home)  # type: ignore[arg-type]
    role_places = _role_places(user)
    context: dict[str, Any] = {
        "person": person,
        "page": page,
        "may_edit": may_edit,
        "may_reveal": home is not None and can(user, Capability.REVEAL_PERSONAL_DATA, home),  # type: ignore[arg-type]
        "roles": [
            (assignment, can(user, Capability.ASSIGN_ROLES, assignment.place))  # type: ignore[arg-type]
            for assignment in page.roles
        ],
        "end_form": EndRoleForm(initial={"ends_on": today()}),
        "revealed": forms.pop("revealed", None),
    }
    context["reveal_form"] = forms.get("reveal_form") or RevealForm()
    unit = _home_unit(person)
    if may_edit and unit is not None and person.household_id is None:
        context["household_form"] = forms.get("household_form") or HouseholdForm()
        others = [(item.pk, str(item)) for item in _unit_households(person)]
        if others:
            context["join_form"] = forms.get("join_form") or JoinHouseholdForm(households=others)
    if may_edit and home is not None:
        units = _ownable_units(person)
        if units:
            context["ownership_form"] = forms.get("ownership_form") or OwnershipForm(
                units=units, initial={"unit": unit.pk if unit else None}
            )
    if role_places:
        context["role_form"] = forms.get("role_form") or AssignRoleForm(places=role_places)
    return render(request, "people/person.html", context, status=status)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A resident's facts (masked), household, units owned and roles."""
    try:
        person = _person(request, person_id)
    except ActionError as error:
        return refused(request, error)
    return _render_person(request, person)


@login_required
@require_POST
def reveal(request: HttpRequest, person_id: int) -> HttpResponse:
    """Show the full phone or ID number once, to a permitted role with a reason; the audit record keeps both."""
    try:
        person = _person(request, person_id)
    except ActionError as error:
        return refused(request, error)
    form = RevealForm(request.POST)
    status = 400
    revealed = None
    if form.is_valid():
        try:
            value = actions.reveal_personal_data(
                actor=actor_for(request.user, Capability.REVEAL_PERSONAL_DATA, person.home),
                person=person,
                field=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"],
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            status = 200
            label = _("Phone number") if form.cleaned_data["field"] == "phone" else _("ID number")
            revealed = {"label": label, "value": value or _("Not recorded")}
            form = RevealForm()
    response = _render_person(request, person, status=status, reveal_form=form, revealed=revealed)
    # The page may hold a full number: no cache keeps it.
    response["Cache-Control"] = "no-store, private"
    return response


def _homes_for(place: Place) -> list[tuple[int, str]]:
    return queries.unit_choices(place, include_self=place.kind in HOME_KINDS)


def _facts(data: dict[str, Any], home: Place) -> actions.PersonFacts:
    return actions.PersonFacts(
        name=data["name"],
        home=home,
        phone=data["phone"],
        id_number=data["id_number"],
        sex=data["sex"],
        ethnicity=data["ethnicity"],
        birth_date=data["birth_date"],
        residence_status=data["residence_status"],
        resident_since=data["resident_since"],
        has_political_rights=data["has_political_rights"],
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Add a resident at a place (usually a dwelling unit); the phone may stay blank."""
    home_id = request.GET.get("home", "")
    place = Place.objects.filter(pk=int(home_id)).first() if home_id.isdigit() else None
    if place is None:
        hint = _("Open the place where the resident lives, then choose “Add a resident here”.")
        return refused(request, NotFound(hint))
    if not can(request.user, Capability.EDIT_ROSTER, place) or place.kind not in HOME_KINDS:  # type: ignore[arg-type]
        return refused(request, NotPermitted())
    homes = _homes_for(place)
    form = PersonForm(request.POST or None, homes=homes, initial={"home": place.pk, "has_political_rights": True})
    if request.method == "POST" and form.is_valid():
        home = Place.objects.get(pk=form.cleaned_data["home"])
        try:
            person = actions.create_person(
                actor=actor_for(request.user, Capability.EDIT_ROSTER, home), facts=_facts(form.cleaned_data, home)
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(name)s is on the roster.") % {"name": person.name})
            return redirect("people:person", person_id=person.pk)
    status = 400 if form.is_bound else 200
    return render(request, "people/person_form.html", {"form": form, "place": place, "person": None}, status=status)


@login_required
def edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Correct a resident's facts; blank phone or ID fields keep what is on record."""
    try:
        person = _person(request, person_id, Capability.EDIT_ROSTER)
    except ActionError as error:
        return refused(request, error)
    home = person.home
    if home is None:
        return refused(request, ActionError(_("This person has no home on record."), code="person_home_missing"))
    community = home.ancestor_of_kind(PlaceKind.COMMUNITY) or home
    homes = _homes_for(community)
    if home.pk not in {choice for choice, _label in homes}:
        homes.insert(0, (home.pk, home.name))
    initial = {
        "name": person.name,
        "home": home.pk,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "residence_status": person.residence_status,
        "resident_since": person.resident_since,
        "ethnicity": person.ethnicity,
        "has_political_rights": person.has_political_rights,
    }
    form = PersonForm(request.POST or None, homes=homes, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        new_home = Place.objects.get(pk=form.cleaned_data["home"])
        try:
            actions.update_person(
                actor=actor_for(request.user, Capability.EDIT_ROSTER, home),
                person=person,
                facts=_facts(form.cleaned_data, new_home),
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:person", person_id=person.pk)
    status = 400 if form.is_bound else 200
    return render(request, "people/person_form.html", {"form": form, "place": home, "person": person}, status=status)


def _person_post(
    request: HttpRequest,
    person_id: int,
    *,
    form_name: str,
    make_form: Callable[[Person, Any], Any],
    handle: Callable[[Person, dict[str, Any]], object],
) -> HttpResponse:
    """The shared shape of the small forms on a person's page: validate, call one action, redirect or re-show."""
    try:
        person = _person(request, person_id)
    except ActionError as error:
        return refused(request, error)
    form = make_form(person, request.POST)
    if form.is_valid():
        try:
            handle(person, form.cleaned_data)
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:person", person_id=person.pk)
    return _render_person(request, person, status=400, **{form_name: form})


@login_required
@require_POST
def add_household(request: HttpRequest, person_id: int) -> HttpResponse:
    def handle(person: Person, data: dict[str, Any]) -> object:
        return actions.start_household(
            actor=actor_for(request.user, Capability.EDIT_ROSTER, person.home),
            person=person,
            number=data["number"],
            is_representative=data["is_representative"],
        )

    return _person_post(
        request,
        person_id,
        form_name="household_form",
        make_form=lambda person, data: HouseholdForm(data),
        handle=handle,
    )


def _unit_households(person: Person) -> list[Household]:
    unit = _home_unit(person)
    return list(Household.objects.filter(unit=unit).order_by("number", "id")) if unit else []


@login_required
@require_POST
def join_household(request: HttpRequest, person_id: int) -> HttpResponse:
    def handle(person: Person, data: dict[str, Any]) -> object:
        household = next(item for item in _unit_households(person) if item.pk == data["household"])
        return actions.add_to_household(
            actor=actor_for(request.user, Capability.EDIT_ROSTER, household.unit),
            household=household,
            person=person,
            is_representative=data["is_representative"],
        )

    return _person_post(
        request,
        person_id,
        form_name="join_form",
        make_form=lambda person, data: JoinHouseholdForm(
            data, households=[(item.pk, str(item)) for item in _unit_households(person)]
        ),
        handle=handle,
    )


def _ownable_units(person: Person) -> list[tuple[int, str]]:
    home = person.home
    if home is None:
        return []
    return queries.unit_choices(home.ancestor_of_kind(PlaceKind.COMMUNITY) or home)


@login_required
@require_POST
def add_ownership(request: HttpRequest, person_id: int) -> HttpResponse:
    def handle(person: Person, data: dict[str, Any]) -> object:
        unit = Place.objects.get(pk=data["unit"])
        return actions.add_ownership(
            actor=actor_for(request.user, Capability.EDIT_ROSTER, unit), unit=unit, owner=person, since=data["since"]
        )

    return _person_post(
        request,
        person_id,
        form_name="ownership_form",
        make_form=lambda person, data: OwnershipForm(data, units=_ownable_units(person)),
        handle=handle,
    )


@login_required
@require_POST
def add_role(request: HttpRequest, person_id: int) -> HttpResponse:
    def handle(person: Person, data: dict[str, Any]) -> object:
        place = Place.objects.get(pk=data["place"])
        return actions.assign_role(
            actor=actor_for(request.user, Capability.ASSIGN_ROLES, place),
            person=person,
            role=data["role"],
            place=place,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
        )

    places = _role_places(request.user)
    return _person_post(
        request,
        person_id,
        form_name="role_form",
        make_form=lambda person, data: AssignRoleForm(data, places=places),
        handle=handle,
    )


@login_required
@require_POST
def end_role(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = RoleAssignment.objects.select_related("place", "person").filter(pk=assignment_id).first()
    if assignment is None:
        return refused(request, NotFound())
    form = EndRoleForm(request.POST)
    if form.is_valid():
        try:
            actions.end_role(
                actor=actor_for(request.user, Capability.ASSIGN_ROLES, assignment.place),
                assignment=assignment,
                ends_on=form.cleaned_data["ends_on"],
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            messages.error(request, str(error.message))
            return redirect("people:person", person_id=assignment.person_id)
        messages.success(request, _("The role ends on %(day)s.") % {"day": form.cleaned_data["ends_on"]})
    else:
        messages.error(request, _("Give the last day of the role."))
    return redirect("people:person", person_id=assignment.person_id)


# ---------------------------------------------------------------- owners of a unit


@login_required
def unit_owners(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Everyone who owns a unit (co-owners one row each, or the developer), and a form to add one."""
    unit = Place.objects.filter(pk=unit_id, kind=PlaceKind.UNIT).first()
    if unit is None:
        return refused(request, NotFound())
    if not can(request.user, Capability.VIEW_ROSTER, unit):  # type: ignore[arg-type]
        return refused(request, NotPermitted())
    occupancy = queries.get_unit_occupancy(unit)
    may_edit = can(request.user, Capability.EDIT_ROSTER, unit)  # type: ignore[arg-type]
    residents = [(person.pk, person.name) for person in occupancy.residents]
    form = UnitOwnerForm(request.POST or None, residents=residents) if may_edit else None
    status = 200
    if request.method == "POST":
        if form is None:
            return refused(request, NotPermitted())
        if form.is_valid():
            data = form.cleaned_data
            owner = next((person for person in occupancy.residents if person.pk == data["owner"]), None)
            try:
                actions.add_ownership(
                    actor=actor_for(request.user, Capability.EDIT_ROSTER, unit),
                    unit=unit,
                    owner=owner,
                    organisation_name="" if owner else data["organisation_name"],
                    is_developer_unsold=bool(data["is_developer_unsold"]) and owner is None,
                    since=data["since"],
                )
            except ActionError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("people:unit_owners", unit_id=unit.pk)
        status = 400
    context = {"unit": unit, "occupancy": occupancy, "form": form, "crumbs": list(unit.ancestors())}
    return render(request, "people/unit_owners.html", context, status=status)
