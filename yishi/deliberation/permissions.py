"""Who may see and do what in deliberation; built on yishi.people.permissions, the user's roles read once.

- Chairing (convening, seating, minutes, outcomes): CHAIR_MEETING at the meeting's place.
- Reviewing outcomes: REVIEW_OUTCOME at the meeting's community (the community party organisation).
- Moderating and summarising the hall: MODERATE_DISCUSSION at the matter's place.
- Assisted sign-in and assisted posts: RECORD_FOR_RESIDENT (or CHAIR_MEETING for sign-in) at the place.
- A matter's hall is open to the residents it concerns: those living within the matter's place, its proposer
  and followers, people seated at a meeting on it, stakeholders invited into the hall, and the staff.
"""

import datetime
from typing import Any

from yishi.deliberation.models import Hall, HallInvitation, Meeting, Seat, SignIn
from yishi.matters.models import Matter, MatterFollower
from yishi.people.domain.roles import Capability, HeldRole, grants
from yishi.people.models import Person
from yishi.people.permissions import held_roles, today
from yishi.places.models import Place

# Staff who see a hall and every meeting at their places in full.
HALL_STAFF_CAPABILITIES = (
    Capability.CHAIR_MEETING,
    Capability.MODERATE_DISCUSSION,
    Capability.RECORD_FOR_RESIDENT,
    Capability.TRIAGE_MATTER,
    Capability.REVIEW_OUTCOME,
    Capability.SUPERVISE,
)
MEETING_STAFF_CAPABILITIES = (
    Capability.CHAIR_MEETING,
    Capability.MODERATE_DISCUSSION,
    Capability.REVIEW_OUTCOME,
    Capability.SUPERVISE,
    Capability.VIEW_AUDIT,
)


class Access:
    """The user's roles read once, answering the questions of one request."""

    def __init__(self, user: Any, *, on: datetime.date | None = None) -> None:
        self.user = user
        self.day = on or today()
        self.held: list[HeldRole] = []
        if user.is_authenticated and not user.is_superuser and user.person_id is not None:
            self.held = held_roles(user.person_id, on=self.day)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def person_id(self) -> int | None:
        return self.user.person_id if self.user.is_authenticated else None

    def can(self, capability: Capability, place: Place) -> bool:
        if not self.user.is_authenticated:
            return False
        if self.user.is_superuser:
            return True
        return grants(held=self.held, capability=capability, target_path=place.path, on=self.day)

    # Meetings
    def may_chair(self, meeting: Meeting) -> bool:
        return self.can(Capability.CHAIR_MEETING, meeting.place)

    def may_review(self, meeting: Meeting) -> bool:
        return self.can(Capability.REVIEW_OUTCOME, meeting.community)

    def may_assist_sign_in(self, meeting: Meeting) -> bool:
        return self.can(Capability.CHAIR_MEETING, meeting.place) or self.can(
            Capability.RECORD_FOR_RESIDENT, meeting.place
        )

    def is_meeting_staff(self, meeting: Meeting) -> bool:
        return any(self.can(capability, meeting.place) for capability in MEETING_STAFF_CAPABILITIES) or (
            self.may_review(meeting)
        )

    def is_participant(self, meeting: Meeting) -> bool:
        person_id = self.person_id
        if person_id is None:
            return False
        return (
            Seat.objects.filter(meeting=meeting, person_id=person_id).exists()
            or SignIn.objects.filter(meeting=meeting, person_id=person_id).exists()
        )

    def sees_meeting_in_full(self, meeting: Meeting) -> bool:
        """Names of seat holders, speakers and dissenters: staff and the meeting's participants."""
        return self.is_meeting_staff(meeting) or self.is_participant(meeting)

    # The hall
    def is_hall_staff(self, matter: Matter) -> bool:
        return any(self.can(capability, matter.place) for capability in HALL_STAFF_CAPABILITIES)

    def may_moderate(self, matter: Matter) -> bool:
        return self.can(Capability.MODERATE_DISCUSSION, matter.place)

    def may_open_hall(self, matter: Matter) -> bool:
        return self.can(Capability.CHAIR_MEETING, matter.place) or self.may_moderate(matter)

    def may_record_for_resident(self, matter: Matter) -> bool:
        return self.can(Capability.RECORD_FOR_RESIDENT, matter.place)

    def may_view_hall(self, matter: Matter, hall: Hall | None) -> bool:
        if not self.is_authenticated:
            return False
        if self.is_hall_staff(matter):
            return True
        person_id = self.person_id
        return person_id is not None and person_is_concerned(person_id, matter, hall)


def _home_path(person_id: int) -> str:
    person = Person.objects.filter(pk=person_id, is_active=True).select_related("home").first()
    if person is None or person.home is None:
        return ""
    return person.home.path


def person_is_concerned(person_id: int, matter: Matter, hall: Hall | None) -> bool:
    """Whether a person is among the residents a matter concerns (at most five small queries)."""
    home_path = _home_path(person_id)
    if home_path and home_path.startswith(matter.place.path):
        return True
    if matter.proposer_id == person_id:
        return True
    if MatterFollower.objects.filter(matter=matter, person_id=person_id).exists():
        return True
    if hall is not None and HallInvitation.objects.filter(hall=hall, person_id=person_id).exists():
        return True
    return Seat.objects.filter(person_id=person_id, meeting__agenda_items__matter=matter).exists()
