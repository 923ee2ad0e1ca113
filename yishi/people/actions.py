"""Writes about people. Each checks permission, validates, saves and writes the audit record."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.people import crypto
from yishi.people.domain.identity import (
    InvalidIdentifier,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)
from yishi.people.domain.roles import Capability
from yishi.people.models import Household, Ownership, Person, ResidenceStatus, Role, RoleAssignment, Sex
from yishi.people.permissions import require, today
from yishi.places.models import Place, PlaceKind

_AUDITED = (
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "phone_masked",
    "id_number_masked",
    "residence_status",
    "resident_since",
    "home",
    "household",
    "has_political_rights",
    "is_active",
)

PERSON_AUDITED_FIELDS = _AUDITED

PHONE_MESSAGES = {
    "phone_not_digits": _("The phone number may contain only digits."),
    "phone_malformed": _("This is not a valid mainland phone number (11-digit mobile or landline with area code)."),
}
ID_MESSAGES = {
    "id_malformed": _("An ID number has 18 characters: 17 digits and a final digit or X."),
    "id_checksum": _("The ID number's check digit is wrong; please check it against the card."),
    "id_birth_date": _("The ID number contains an impossible birth date."),
}


def clean_phone(raw: str) -> str:
    """A normalised phone number, or an ActionError with a translated message."""
    try:
        return normalize_phone(raw)
    except InvalidIdentifier as error:
        raise ActionError(PHONE_MESSAGES[error.code], code=error.code, field="phone") from error


def clean_id_number(raw: str) -> str:
    """A normalised ID number, or an ActionError with a translated message."""
    try:
        return normalize_id_number(raw)
    except InvalidIdentifier as error:
        raise ActionError(ID_MESSAGES[error.code], code=error.code, field="id_number") from error


def _set_phone(person: Person, phone: str) -> None:
    person.phone_ciphertext = crypto.encrypt(phone)
    person.phone_lookup = crypto.lookup_hash(phone)
    person.phone_masked = mask_phone(phone) if phone else ""


def _set_id_number(person: Person, id_number: str) -> None:
    person.id_number_ciphertext = crypto.encrypt(id_number)
    person.id_number_lookup = crypto.lookup_hash(id_number)
    person.id_number_masked = mask_id_number(id_number) if id_number else ""


@dataclass(frozen=True, kw_only=True)
class PersonFacts:
    """What staff enter about a resident. Phone and ID number may be blank (assisted residents)."""

    name: str
    home: Place | None
    phone: str = ""
    id_number: str = ""
    sex: str = Sex.UNKNOWN
    ethnicity: str = ""
    birth_date: datetime.date | None = None
    residence_status: str = ResidenceStatus.REGISTERED
    resident_since: datetime.date | None = None
    has_political_rights: bool = True


def validate_person_facts(facts: PersonFacts) -> tuple[str, str]:
    """Check the facts without writing; return the normalised phone and ID number."""
    if not facts.name.strip():
        raise ActionError(_("A resident needs a name."), code="person_name_empty", field="name")
    if len(facts.name.strip()) > 50:
        raise ActionError(_("The name is longer than 50 characters."), code="person_name_long", field="name")
    phone = clean_phone(facts.phone) if facts.phone.strip() else ""
    id_number = clean_id_number(facts.id_number) if facts.id_number.strip() else ""
    if facts.sex not in Sex.values:
        raise ActionError(_("Unknown sex."), code="person_sex_unknown", field="sex")
    if facts.residence_status not in ResidenceStatus.values:
        raise ActionError(_("Unknown residence status."), code="person_status_unknown", field="residence_status")
    if facts.birth_date is not None and facts.birth_date > today():
        raise ActionError(_("The birth date lies in the future."), code="person_birth_future", field="birth_date")
    if facts.home is not None and facts.home.kind not in {
        PlaceKind.UNIT,
        PlaceKind.COMPOUND,
        PlaceKind.BUILDING,
        PlaceKind.COMMUNITY,
    }:
        raise ActionError(
            _("A home is a dwelling unit or a place inside a community."), code="person_home_kind", field="home"
        )
    return phone, id_number


def find_duplicate(
    *, phone: str, id_number: str, name: str, birth_date: datetime.date | None, home: Place | None
) -> Person | None:
    """An existing person with the same ID number or phone, or the same name, birth date and home."""
    if id_number:
        match = Person.objects.filter(id_number_lookup=crypto.lookup_hash(id_number)).first()
        if match:
            return match
    if phone:
        match = Person.objects.filter(phone_lookup=crypto.lookup_hash(phone)).first()
        if match:
            return match
    if birth_date is not None and home is not None:
        return Person.objects.filter(name=name.strip(), birth_date=birth_date, home=home).first()
    return None


def build_person(*, facts: PersonFacts, phone: str, id_number: str) -> Person:
    """An unsaved Person from checked facts; `phone` and `id_number` come from validate_person_facts."""
    person = Person(
        name=facts.name.strip(),
        home=facts.home,
        sex=facts.sex,
        ethnicity=facts.ethnicity.strip(),
        birth_date=facts.birth_date,
        residence_status=facts.residence_status,
        resident_since=facts.resident_since,
        has_political_rights=facts.has_political_rights,
    )
    _set_phone(person, phone)
    _set_id_number(person, id_number)
    return person


@transaction.atomic
def create_person(*, actor: Actor, facts: PersonFacts) -> Person:
    """Register a resident at a place within the actor's reach; refuses duplicates."""
    if facts.home is None:
        raise ActionError(_("Choose where the resident lives."), code="person_home_missing", field="home")
    require(actor.user, Capability.EDIT_ROSTER, facts.home)  # type: ignore[arg-type]
    phone, id_number = validate_person_facts(facts)
    if find_duplicate(phone=phone, id_number=id_number, name=facts.name, birth_date=facts.birth_date, home=facts.home):
        raise ActionError(
            _("This resident is already on the roster (same ID number, phone, or name, birth date and home)."),
            code="person_duplicate",
        )
    person = build_person(facts=facts, phone=phone, id_number=id_number)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        # A concurrent request registered the same phone or ID number first.
        raise ActionError(_("This resident is already on the roster."), code="person_duplicate") from error
    record_audit(
        actor=actor, verb="person.create", target=person, place=facts.home, changes=diff({}, snapshot(person, _AUDITED))
    )
    return person


@transaction.atomic
def update_person(*, actor: Actor, person: Person, facts: PersonFacts) -> Person:
    """Change a resident's facts; a blank phone or ID number keeps the stored one."""
    if person.home is not None:
        require(actor.user, Capability.EDIT_ROSTER, person.home)  # type: ignore[arg-type]
    if facts.home is not None and facts.home != person.home:
        require(actor.user, Capability.EDIT_ROSTER, facts.home)  # type: ignore[arg-type]
    phone, id_number = validate_person_facts(facts)
    before = snapshot(person, _AUDITED)
    for other in (
        Person.objects.filter(phone_lookup=crypto.lookup_hash(phone)).exclude(pk=person.pk)
        if phone
        else Person.objects.none(),
        Person.objects.filter(id_number_lookup=crypto.lookup_hash(id_number)).exclude(pk=person.pk)
        if id_number
        else Person.objects.none(),
    ):
        if other.exists():
            raise ActionError(_("Another resident already has this phone or ID number."), code="person_duplicate")
    person.name = facts.name.strip()
    person.home = facts.home or person.home
    person.sex = facts.sex
    person.ethnicity = facts.ethnicity.strip()
    person.birth_date = facts.birth_date
    person.residence_status = facts.residence_status
    person.resident_since = facts.resident_since
    person.has_political_rights = facts.has_political_rights
    if phone:
        _set_phone(person, phone)
    if id_number:
        _set_id_number(person, id_number)
    person.save()
    record_audit(
        actor=actor,
        verb="person.update",
        target=person,
        place=person.home,
        changes=diff(before, snapshot(person, _AUDITED)),
    )
    return person


def reveal_personal_data(*, actor: Actor, person: Person, field: str, reason: str) -> str:
    """The full phone or ID number, for a permitted role with a stated reason; every reveal is audited."""
    if field not in {"phone", "id_number"}:
        raise ActionError(_("Only the phone or ID number can be revealed."), code="reveal_field", field="field")
    if person.home is None:
        raise ActionError(_("This person has no home on record."), code="reveal_no_home")
    require(actor.user, Capability.REVEAL_PERSONAL_DATA, person.home)  # type: ignore[arg-type]
    if len(reason.strip()) < 4:
        raise ActionError(_("State why you need the full number."), code="reveal_reason", field="reason")
    value = crypto.decrypt(person.phone_ciphertext if field == "phone" else person.id_number_ciphertext)
    record_audit(actor=actor, verb=f"person.reveal_{field}", target=person, place=person.home, note=reason.strip())
    return value


@transaction.atomic
def create_household(*, actor: Actor, unit: Place, number: str = "", representative: Person | None = None) -> Household:
    """Record a household living in a unit, optionally with its representative."""
    require(actor.user, Capability.EDIT_ROSTER, unit)  # type: ignore[arg-type]
    if unit.kind != PlaceKind.UNIT:
        raise ActionError(_("A household lives in a dwelling unit."), code="household_unit_kind", field="unit")
    if number.strip() and Household.objects.filter(unit=unit, number=number.strip()).exists():
        raise ActionError(
            _("A household with this number already lives here."), code="household_number_taken", field="number"
        )
    household = Household.objects.create(unit=unit, number=number.strip(), representative=representative)
    if representative is not None:
        Person.objects.filter(pk=representative.pk).update(household=household)
    record_audit(
        actor=actor,
        verb="household.create",
        target=household,
        place=unit,
        changes={
            "number": [None, household.number],
            "representative": [None, representative.pk if representative else None],
        },
    )
    return household


@transaction.atomic
def start_household(*, actor: Actor, person: Person, number: str = "", is_representative: bool = True) -> Household:
    """Record a new household in the person's home unit with the person as its first member."""
    if person.home is None:
        raise ActionError(_("A household lives in a dwelling unit."), code="household_unit_kind", field="unit")
    if is_representative:
        household = create_household(actor=actor, unit=person.home, number=number, representative=person)
    else:
        household = create_household(actor=actor, unit=person.home, number=number)
        add_to_household(actor=actor, household=household, person=person)
    person.refresh_from_db(fields=["household"])
    return household


@transaction.atomic
def add_to_household(
    *, actor: Actor, household: Household, person: Person, is_representative: bool = False
) -> Household:
    """Make a person a member (and optionally the representative) of a household."""
    require(actor.user, Capability.EDIT_ROSTER, household.unit)  # type: ignore[arg-type]
    before = person.household_id
    person.household = household
    person.save(update_fields=["household", "updated_at"])
    changes: dict[str, list[object]] = {"household": [before, household.pk]}
    if is_representative:
        changes["representative"] = [household.representative_id, person.pk]
        household.representative = person
        household.save(update_fields=["representative"])
    record_audit(actor=actor, verb="household.add_member", target=household, place=household.unit, changes=changes)
    return household


@transaction.atomic
def add_ownership(
    *,
    actor: Actor,
    unit: Place,
    owner: Person | None,
    organisation_name: str = "",
    is_developer_unsold: bool = False,
    since: datetime.date | None = None,
) -> Ownership:
    """Record that a person (or the developer) owns a unit; co-owners are added one by one."""
    require(actor.user, Capability.EDIT_ROSTER, unit)  # type: ignore[arg-type]
    if unit.kind != PlaceKind.UNIT:
        raise ActionError(_("Only a dwelling unit can be owned."), code="ownership_unit_kind", field="unit")
    if owner is None and not organisation_name.strip():
        raise ActionError(_("Name the owner."), code="ownership_no_owner", field="owner")
    if owner is not None and Ownership.objects.filter(unit=unit, owner=owner).exists():
        raise ActionError(_("This person already owns this unit."), code="ownership_duplicate", field="owner")
    ownership = Ownership.objects.create(
        unit=unit,
        owner=owner,
        organisation_name=organisation_name.strip(),
        is_developer_unsold=is_developer_unsold,
        since=since,
    )
    record_audit(
        actor=actor,
        verb="ownership.create",
        target=ownership,
        place=unit,
        changes={
            "owner": [None, owner.pk if owner else organisation_name],
            "is_developer_unsold": [None, is_developer_unsold],
        },
    )
    return ownership


@transaction.atomic
def assign_role(
    *,
    actor: Actor,
    person: Person,
    role: str,
    place: Place,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> RoleAssignment:
    """Give a person a role at a place for a period."""
    require(actor.user, Capability.ASSIGN_ROLES, place)  # type: ignore[arg-type]
    if role not in Role.values:
        raise ActionError(_("Unknown role."), code="role_unknown", field="role")
    if ends_on is not None and ends_on < starts_on:
        raise ActionError(_("A role cannot end before it starts."), code="role_dates", field="ends_on")
    assignment = RoleAssignment.objects.create(
        person=person, role=role, place=place, starts_on=starts_on, ends_on=ends_on, note=note
    )
    record_audit(
        actor=actor,
        verb="role.assign",
        target=assignment,
        place=place,
        changes={
            "role": [None, role],
            "person": [None, person.pk],
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat() if ends_on else None],
        },
    )
    return assignment


@transaction.atomic
def end_role(*, actor: Actor, assignment: RoleAssignment, ends_on: datetime.date) -> RoleAssignment:
    """End a role on a day (inclusive)."""
    require(actor.user, Capability.ASSIGN_ROLES, assignment.place)  # type: ignore[arg-type]
    if ends_on < assignment.starts_on:
        raise ActionError(_("A role cannot end before it starts."), code="role_dates", field="ends_on")
    before = assignment.ends_on
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    record_audit(
        actor=actor,
        verb="role.end",
        target=assignment,
        place=assignment.place,
        changes={"ends_on": [before.isoformat() if before else None, ends_on.isoformat()]},
    )
    return assignment
