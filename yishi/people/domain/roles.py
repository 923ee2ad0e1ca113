"""Roles scoped to places, the capabilities they grant, and the rule that answers "may they?"."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A role a person holds at a place for a period."""

    RESIDENT_REPRESENTATIVE = "resident_representative"
    BUILDING_LEADER = "building_leader"
    PARTY_MEMBER = "party_member"
    PARTY_SECRETARY = "party_secretary"
    COMMITTEE_MEMBER = "committee_member"
    SUPERVISION_MEMBER = "supervision_member"
    OWNERS_COMMITTEE_MEMBER = "owners_committee_member"
    PROPERTY_STAFF = "property_staff"
    SOCIAL_ORGANISATION_DELEGATE = "social_organisation_delegate"
    SOCIAL_WORKER = "social_worker"
    VOLUNTEER = "volunteer"
    STREET_OFFICER = "street_officer"
    DISTRICT_OFFICER = "district_officer"
    EXPERT = "expert"


class Capability(StrEnum):
    """What an action may require. Each app's actions name the capability they need."""

    VIEW_ROSTER = "view_roster"
    EDIT_ROSTER = "edit_roster"
    IMPORT_ROSTER = "import_roster"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    MANAGE_PLACES = "manage_places"
    ASSIGN_ROLES = "assign_roles"
    RECORD_FOR_RESIDENT = "record_for_resident"
    TRIAGE_MATTER = "triage_matter"
    ANSWER_REFERRAL = "answer_referral"
    CHAIR_MEETING = "chair_meeting"
    REVIEW_OUTCOME = "review_outcome"
    MODERATE_DISCUSSION = "moderate_discussion"
    MANAGE_VOTE = "manage_vote"
    RECORD_BALLOT = "record_ballot"
    MANAGE_TASKS = "manage_tasks"
    RECORD_EXPENSE = "record_expense"
    SUPERVISE = "supervise"
    OPEN_EVALUATION = "open_evaluation"
    PUBLISH_NOTICE = "publish_notice"
    MANAGE_ELECTION = "manage_election"
    COUNT_BALLOTS = "count_ballots"
    VIEW_AUDIT = "view_audit"
    VIEW_DASHBOARD = "view_dashboard"
    MANAGE_FRAMEWORK = "manage_framework"
    SCORE_COMMUNITY = "score_community"
    MANAGE_PROGRAMME = "manage_programme"
    REVIEW_CASE = "review_case"
    SUBMIT_CASE = "submit_case"


_STAFF = frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY, Role.SOCIAL_WORKER})
_OFFICERS = frozenset({Role.STREET_OFFICER, Role.DISTRICT_OFFICER})

# Which roles grant which capability. A role held at a place grants the capability at that place
# and every place below it; officers hold their roles at the street or district.
GRANTS: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_ROSTER: _STAFF | _OFFICERS | {Role.SUPERVISION_MEMBER, Role.BUILDING_LEADER},
    Capability.EDIT_ROSTER: _STAFF,
    Capability.IMPORT_ROSTER: _STAFF,
    Capability.REVEAL_PERSONAL_DATA: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}),
    Capability.MANAGE_PLACES: _STAFF | _OFFICERS,
    Capability.ASSIGN_ROLES: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}) | _OFFICERS,
    Capability.RECORD_FOR_RESIDENT: _STAFF | {Role.BUILDING_LEADER},
    Capability.TRIAGE_MATTER: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}),
    Capability.ANSWER_REFERRAL: _OFFICERS,
    Capability.CHAIR_MEETING: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}),
    Capability.REVIEW_OUTCOME: frozenset({Role.PARTY_SECRETARY}),
    Capability.MODERATE_DISCUSSION: _STAFF,
    Capability.MANAGE_VOTE: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}),
    Capability.RECORD_BALLOT: _STAFF,
    Capability.MANAGE_TASKS: _STAFF,
    Capability.RECORD_EXPENSE: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}),
    Capability.SUPERVISE: frozenset({Role.SUPERVISION_MEMBER}) | _OFFICERS,
    Capability.OPEN_EVALUATION: frozenset({Role.SUPERVISION_MEMBER}),
    Capability.PUBLISH_NOTICE: _STAFF | _OFFICERS,
    Capability.MANAGE_ELECTION: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY}) | _OFFICERS,
    Capability.COUNT_BALLOTS: _STAFF | {Role.SUPERVISION_MEMBER},
    Capability.VIEW_AUDIT: _STAFF | _OFFICERS | {Role.SUPERVISION_MEMBER},
    Capability.VIEW_DASHBOARD: _STAFF | _OFFICERS | {Role.EXPERT},
    Capability.MANAGE_FRAMEWORK: frozenset({Role.DISTRICT_OFFICER}),
    Capability.SCORE_COMMUNITY: frozenset({Role.EXPERT}) | _OFFICERS,
    Capability.MANAGE_PROGRAMME: frozenset({Role.DISTRICT_OFFICER}),
    Capability.REVIEW_CASE: frozenset({Role.EXPERT}),
    # A community's committee or a street office applies for designation (evaluation: designation programme).
    Capability.SUBMIT_CASE: frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY, Role.STREET_OFFICER}),
}


@dataclass(frozen=True, kw_only=True)
class HeldRole:
    """A role held at the place whose materialized path is `place_path`, for a period."""

    role: Role
    place_path: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None

    def is_current(self, on: datetime.date) -> bool:
        """Whether the role is held on the given day (both ends inclusive)."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


def grants(*, held: Iterable[HeldRole], capability: Capability, target_path: str, on: datetime.date) -> bool:
    """Whether any role held on `on` grants `capability` at the place with `target_path`."""
    granting = GRANTS[capability]
    return any(
        item.role in granting and item.is_current(on) and target_path.startswith(item.place_path) for item in held
    )


def roles_granting(capability: Capability) -> frozenset[Role]:
    """The roles that grant a capability."""
    return GRANTS[capability]
