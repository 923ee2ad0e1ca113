"""What the elections app adds to "my home" and to a community's public page."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.elections.models import (
    AnnualReview,
    Candidate,
    CandidateStatus,
    Election,
    ObjectionDecision,
    Phase,
    RegistrationStatus,
    ReviewStatus,
    RollObjection,
    Round,
    RoundStatus,
)
from yishi.people.domain.roles import Capability
from yishi.people.permissions import places_where
from yishi.web.awaiting import AwaitingItem
from yishi.web.public_sections import PublicSection


def awaiting(user: Any) -> list[AwaitingItem]:
    """A ballot to cast, a nomination to answer, a review to rate; for staff, objections to decide."""
    if not user.is_authenticated or user.person_id is None:
        return []
    items: list[AwaitingItem] = []
    rounds = (
        Round.objects.filter(
            status=RoundStatus.OPEN,
            election__registrations__person_id=user.person_id,
            election__registrations__status=RegistrationStatus.REGISTERED,
        )
        .exclude(register_marks__registration__person_id=user.person_id)
        .select_related("election")
        .distinct()[:5]
    )
    for round_ in rounds:
        items.append(
            AwaitingItem(
                title=round_.election.title,
                url=reverse("elections:vote", args=[round_.pk]),
                kind=pgettext_lazy("election", "Ballot"),
                due=round_.voting_day.isoformat(),
            )
        )
    for candidate in Candidate.objects.filter(
        person_id=user.person_id, status=CandidateStatus.NOMINATED, election__phase=Phase.ROLL_PUBLISHED
    ).select_related("election")[:5]:
        items.append(
            AwaitingItem(title=candidate.election.title, url=reverse("elections:mine"), kind=_("Nomination to answer"))
        )
    person = user.person
    if person is not None and person.home is not None:
        reviews = AnnualReview.objects.filter(status=ReviewStatus.OPEN, community__in=person.home.ancestors()).exclude(
            ratings__rater_id=user.person_id
        )[:3]
        for review in reviews:
            items.append(
                AwaitingItem(
                    title=str(review), url=reverse("elections:review", args=[review.pk]), kind=_("Annual review")
                )
            )
    places = places_where(user, Capability.MANAGE_ELECTION)
    if places.exists():
        pending = RollObjection.objects.filter(decision=ObjectionDecision.PENDING).select_related("election")
        paths = [place.path for place in places]
        for objection in pending[:50]:
            if any(objection.election.community.path.startswith(path) for path in paths):
                items.append(
                    AwaitingItem(
                        title=objection.election.title,
                        url=reverse("elections:roll", args=[objection.election_id]),
                        kind=_("Objection to decide"),
                        due=objection.lodged_on.isoformat(),
                    )
                )
    return items


def public_sections(community: Any) -> list[PublicSection]:
    """The community's elections in public view."""
    elections = list(
        Election.objects.filter(community=community).exclude(phase=Phase.PLANNING).order_by("-election_day")[:5]
    )
    if not elections:
        return []
    return [PublicSection(template_name="elections/_public_section.html", context={"elections": elections}, order=60)]
