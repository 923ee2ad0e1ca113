"""Demo satisfaction surveys for `manage.py seed_demo` (called from yishi.evaluation.demo).

For each matter whose work is done (evaluating) in a community whose supervision committee has a demo account, the
committee opens the survey; staff enter the answers some residents gave on paper or at a visit (assisted), and the
demo residents who sign in by phone are left to answer for themselves ("what awaits me"). When a community has
several such matters, all but the last are closed, so that a published result and an open survey both exist.
"""

import random

from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.evaluation import surveys
from yishi.evaluation.models import ResponseChannel, SatisfactionRating, SurveyInvitee
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.notifications import without_sms
from yishi.people.models import RoleAssignment
from yishi.places.models import Place, PlaceKind

COMMENTS = ("施工很规范,谢谢大家。", "总体满意,希望后期维护跟上。", "离我家楼有点远,其他都好。", "")
# Mostly favourable, as in the seeds' reports, with some dissent.
WEIGHTS = (
    (SatisfactionRating.SATISFIED, 6),
    (SatisfactionRating.BASICALLY_SATISFIED, 3),
    (SatisfactionRating.DISSATISFIED, 1),
)


def _user_with_role(community: Place, roles: tuple[str, ...]) -> User | None:
    person_ids = RoleAssignment.objects.filter(place=community, role__in=roles).values_list("person_id", flat=True)
    return User.objects.filter(person_id__in=list(person_ids), is_active=True).order_by("pk").first()


def seed_surveys(*, street: Place, rng: random.Random, scale: str = "default") -> None:
    """Open (and partly answer and close) the surveys of the street's matters whose work is done."""
    # Demo data texts nobody: the invitations and the closed matters' news stay in the app.
    with without_sms():
        _seed_surveys(street=street, rng=rng, scale=scale)


def _seed_surveys(*, street: Place, rng: random.Random, scale: str) -> None:
    answers = {"tiny": 8, "district": 12}.get(scale, 20)
    for community in Place.objects.within(street).of_kind(PlaceKind.COMMUNITY).order_by("path"):
        supervisor_user = _user_with_role(community, ("supervision_member",))
        staff_user = _user_with_role(community, ("committee_member", "party_secretary", "social_worker"))
        if supervisor_user is None or staff_user is None:
            continue
        supervisor = Actor(user=supervisor_user, acting_role="supervision_member", channel=Channel.ONLINE)
        matters = list(
            Matter.objects.filter(community=community, status=MatterStatus.EVALUATING)
            .select_related("place", "community")
            .order_by("pk")
        )
        with_account = set(User.objects.filter(person__isnull=False).values_list("person_id", flat=True))
        for index, matter in enumerate(matters):
            if surveys.open_survey_of(matter) is not None:
                continue
            survey = surveys.open_evaluation(actor=supervisor, matter=matter)
            invitees = list(
                SurveyInvitee.objects.filter(survey=survey)
                .exclude(person_id__in=with_account)
                .select_related("person")
                .order_by("pk")
            )
            for invitee in rng.sample(invitees, min(answers, len(invitees))):
                rating = rng.choices([value for value, _ in WEIGHTS], weights=[weight for _, weight in WEIGHTS])[0]
                channel = rng.choice((ResponseChannel.ASSISTED, ResponseChannel.PAPER))
                surveys.record_response(
                    actor=Actor(user=staff_user, acting_role="staff", channel=channel),
                    survey=survey,
                    person=invitee.person,
                    rating=rating,
                    comment=rng.choice(COMMENTS),
                    channel=channel,
                    reference=f"问卷 {rng.randint(1, 300):03d}" if channel == ResponseChannel.PAPER else "入户走访",
                )
            if index < len(matters) - 1:
                surveys.close_evaluation(actor=supervisor, survey=survey)
