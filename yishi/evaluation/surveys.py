"""The satisfaction survey of a matter (民事民评): actions (every write) and queries (reads) in one module.

Seed 004: "按'服务谁、谁评价'的原则，由居(村)务监督委员会组织对协商成果落实开展评价，邀请参与议事协商代表及居(村)民
群众进行满意度调查". The supervision committee (OPEN_EVALUATION) opens the survey once the work is done; the people
served (those living within the matter's place, or a list it chooses) and the deliberation participants are frozen
as the invitees; each answers once (满意 / 基本满意 / 不满意, with a comment), online or through staff (assisted or
paper); the committee closes it and the domain's `satisfaction_outcome` closes the matter or reopens it. The result
is published with its figures. For a matter the street referred to departments (吹哨报到), the verdict is also
recorded as the residents' rating of each department's reply (seed 004: "评议结果纳入全市'吹哨报到'考评体系").
"""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.deliberation.models import AgendaItem, HallInvitation, Post, Seat, SignIn
from yishi.disclosure.actions import publish_for
from yishi.disclosure.models import NoticeKind
from yishi.evaluation.models import (
    InviteeReason,
    ResponseChannel,
    SatisfactionRating,
    Survey,
    SurveyAudience,
    SurveyInvitee,
    SurveyResponse,
    SurveyStatus,
)
from yishi.matters.actions import advance_matter, record_referral_satisfaction
from yishi.matters.domain.evaluation_result import (
    DEFAULT_RULE,
    Rating,
    RatingCounts,
    SatisfactionOutcome,
    SatisfactionResult,
    SatisfactionRule,
    satisfaction_outcome,
)
from yishi.matters.events import record_event
from yishi.matters.models import Matter, MatterFollower, MatterStatus, Referral
from yishi.matters.notifications import notify_many
from yishi.matters.permissions import communities_where
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import can, require
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

COMMENT_MAX = 500
# A matter is evaluated once its work is done, or once the street replied on a big matter (seed 004: 对职能部门落实的
# 事项，街道组织居民开展评议); opening the survey of a replied matter moves it to "being evaluated".
EVALUABLE_STATUSES = (MatterStatus.EVALUATING, MatterStatus.REPLIED)
REFERENCE_MAX = 100
ASSISTED_CHANNELS = (ResponseChannel.ASSISTED, ResponseChannel.PAPER)

# ============================================================================================================
# Rules
# ============================================================================================================


def department_rating(counts: RatingCounts) -> Rating | None:
    """The residents' verdict on a department's reply: the rating most respondents gave; on a tie the less
    favourable one (a department is not rated "satisfied" on a split vote); None when nobody answered."""
    if counts.responses == 0:
        return None
    # as_pairs() runs from most to least favourable; the last of the largest is the least favourable.
    best = max(count for _rating, count in counts.as_pairs())
    return [rating for rating, count in counts.as_pairs() if count == best][-1]


def share_percent(share: Fraction | None) -> str:
    """A share as a percentage with one decimal, rounded half up ("77.8"); empty when there is none."""
    if share is None:
        return ""
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def rule_of(survey: Survey) -> SatisfactionRule:
    return SatisfactionRule(
        threshold=Fraction(survey.threshold_numerator, survey.threshold_denominator),
        count_basically_satisfied=survey.count_basically_satisfied,
    )


def counts_of(survey: Survey) -> RatingCounts:
    """The ratings given so far, counted in the database."""
    rows = dict(
        SurveyResponse.objects.filter(survey=survey).values("rating").annotate(n=Count("id")).values_list("rating", "n")
    )
    return RatingCounts(
        satisfied=rows.get(SatisfactionRating.SATISFIED, 0),
        basically_satisfied=rows.get(SatisfactionRating.BASICALLY_SATISFIED, 0),
        dissatisfied=rows.get(SatisfactionRating.DISSATISFIED, 0),
    )


def result_of(survey: Survey) -> SatisfactionResult:
    """The outcome with its figures: the stored counts of a closed survey, the live counts of an open one."""
    if survey.is_open:
        counts = counts_of(survey)
    else:
        counts = RatingCounts(
            satisfied=survey.satisfied,
            basically_satisfied=survey.basically_satisfied,
            dissatisfied=survey.dissatisfied,
        )
    return satisfaction_outcome(counts=counts, rule=rule_of(survey))


# ============================================================================================================
# Queries
# ============================================================================================================


def get_survey(survey_id: int) -> Survey | None:
    return (
        Survey.objects.select_related(
            "matter__place", "matter__community", "community", "served_place", "result_notice"
        )
        .filter(pk=survey_id)
        .first()
    )


def open_survey_of(matter: Matter) -> Survey | None:
    return Survey.objects.filter(matter=matter, status=SurveyStatus.OPEN).first()


def is_invited(survey: Survey, person_id: int | None) -> bool:
    return person_id is not None and SurveyInvitee.objects.filter(survey=survey, person_id=person_id).exists()


def response_of(survey: Survey, person_id: int | None) -> SurveyResponse | None:
    if person_id is None:
        return None
    return SurveyResponse.objects.filter(survey=survey, person_id=person_id).first()


def surveys_to_answer(person_id: int | None) -> QuerySet[Survey]:
    """Open surveys the person was asked to answer and has not answered yet."""
    if person_id is None:
        return Survey.objects.none()
    answered = SurveyResponse.objects.filter(survey=OuterRef("pk"), person_id=person_id)
    return (
        Survey.objects.filter(status=SurveyStatus.OPEN, invitees__person_id=person_id)
        .exclude(Exists(answered))
        .select_related("matter")
        .order_by("opened_at", "pk")
    )


def matters_to_evaluate(communities: QuerySet[Place]) -> QuerySet[Matter]:
    """Matters whose work is done (or the street replied on) that have no open survey yet."""
    open_survey = Survey.objects.filter(matter=OuterRef("pk"), status=SurveyStatus.OPEN)
    return (
        Matter.objects.filter(community__in=communities, status__in=EVALUABLE_STATUSES)
        .exclude(Exists(open_survey))
        .select_related("community")
        .order_by("updated_at", "pk")
    )


def open_surveys_in(communities: QuerySet[Place]) -> QuerySet[Survey]:
    """Open surveys of the given communities, oldest first, with their number of responses."""
    return (
        Survey.objects.filter(community__in=communities, status=SurveyStatus.OPEN)
        .select_related("matter")
        .annotate(answered=Count("responses"))
        .order_by("opened_at", "pk")
    )


def closed_surveys_in(communities: QuerySet[Place], *, limit: int = 20) -> list[Survey]:
    return list(
        Survey.objects.filter(community__in=communities, status=SurveyStatus.CLOSED)
        .select_related("matter", "result_notice")
        .order_by("-closed_at")[:limit]
    )


def survey_communities(user: Any) -> QuerySet[Place]:
    """Communities where the user opens and closes surveys (the supervision committee)."""
    return communities_where(user, Capability.OPEN_EVALUATION)


def deliberation_participants(matter: Matter) -> set[int]:
    """People who took part in deliberating the matter: seated or signed in at a meeting on it, posting or invited
    in its online hall."""
    meeting_ids = AgendaItem.objects.filter(matter=matter).values("meeting_id")
    people: set[int] = set(Seat.objects.filter(meeting_id__in=meeting_ids).values_list("person_id", flat=True))
    people |= set(SignIn.objects.filter(meeting_id__in=meeting_ids).values_list("person_id", flat=True))
    people |= set(Post.objects.filter(hall__matter=matter).values_list("author_id", flat=True))
    people |= set(HallInvitation.objects.filter(hall__matter=matter).values_list("person_id", flat=True))
    return people


def residents_within(place: Place) -> QuerySet[Person]:
    low, high = subtree_bounds(place.path)
    return Person.objects.filter(is_active=True, home__path__gte=low, home__path__lt=high)


def list_responses(survey: Survey) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(survey=survey).select_related("person").order_by("-created_at", "-id")


def find_invitees(survey: Survey, search: str, *, limit: int = 20) -> list[tuple[Person, bool]]:
    """Invitees whose name contains `search`, each with whether they answered (for staff entering answers)."""
    if not search:
        return []
    answered = SurveyResponse.objects.filter(survey=survey, person=OuterRef("pk"))
    people = (
        Person.objects.filter(survey_invitations__survey=survey, name__contains=search.strip())
        .select_related("home", "home__parent")
        .annotate(has_answered=Exists(answered))
        .order_by("name", "pk")[:limit]
    )
    return [(person, bool(person.has_answered)) for person in people]  # type: ignore[attr-defined]


def may_open(user: Any, matter: Matter) -> bool:
    return bool(user.is_authenticated) and can(user, Capability.OPEN_EVALUATION, matter.place)


def may_record_for(user: Any, survey: Survey) -> bool:
    return bool(user.is_authenticated) and can(user, Capability.RECORD_FOR_RESIDENT, survey.matter.place)


# ============================================================================================================
# Actions
# ============================================================================================================


def _user(actor: Actor) -> Any:
    if actor.user is None or not actor.user.is_authenticated:
        raise NotPermitted(_("Sign in first."))
    return actor.user


def _locked_matter(matter: Matter) -> Matter:
    fresh = (
        Matter.objects.select_for_update(of=("self",)).select_related("place", "community").filter(pk=matter.pk).first()
    )
    if fresh is None:
        raise NotFound(_("This matter no longer exists."))
    return fresh


def _locked_survey(survey: Survey) -> Survey:
    fresh = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("matter__place", "matter__community", "community")
        .filter(pk=survey.pk)
        .first()
    )
    if fresh is None:
        raise NotFound(_("This survey no longer exists."))
    return fresh


def _publisher(actor: Actor, place: Place) -> Actor:
    # The supervision committee rarely holds PUBLISH_NOTICE; its survey step was checked, so the workflow
    # publishes as the system (disclosure's documented use of Actor.system()).
    if actor.user is not None and can(actor.user, Capability.PUBLISH_NOTICE, place):  # type: ignore[arg-type]
        return actor
    return Actor.system()


@transaction.atomic
def open_evaluation(
    *,
    actor: Actor,
    matter: Matter,
    audience: str = SurveyAudience.PLACE,
    served_place: Place | None = None,
    chosen: Sequence[Person] = (),
    include_participants: bool = True,
) -> Survey:
    """The supervision committee opens the satisfaction survey of a matter whose work is done."""
    matter = _locked_matter(matter)
    require(_user(actor), Capability.OPEN_EVALUATION, matter.place)
    if matter.status not in EVALUABLE_STATUSES:
        raise ActionError(
            _("A matter is evaluated once its work is done (its status is “%(status)s”).")
            % {"status": matter.get_status_display()},
            code="survey_matter_not_evaluating",
        )
    if open_survey_of(matter) is not None:
        raise ActionError(_("This matter's survey is already open."), code="survey_already_open")
    if audience not in SurveyAudience.values:
        raise ActionError(_("Choose who is asked."), code="survey_audience_unknown", field="audience")
    invitees: dict[int, str] = {}
    place: Place | None = None
    if audience == SurveyAudience.PLACE:
        place = served_place or matter.place
        if not place.path.startswith(matter.community.path) or place.kind == PlaceKind.UNIT:
            raise ActionError(
                _("Choose the community, a compound or a building of the matter's community."),
                code="survey_place_outside",
                field="served_place",
            )
        invitees.update(dict.fromkeys(residents_within(place).values_list("pk", flat=True), InviteeReason.SERVED))
    else:
        outside = [person.name for person in chosen if not _lives_in(person, matter.community)]
        if outside:
            raise ActionError(
                gettext("These people do not live in the matter's community: %(names)s.")
                % {"names": "、".join(outside[:5])},
                code="survey_chosen_outside",
                field="chosen",
            )
        invitees.update(dict.fromkeys((person.pk for person in chosen), InviteeReason.CHOSEN))
    for person_id in MatterFollower.objects.filter(matter=matter).values_list("person_id", flat=True):
        invitees.setdefault(person_id, InviteeReason.FOLLOWER)
    if include_participants:
        for person_id in deliberation_participants(matter):
            invitees.setdefault(person_id, InviteeReason.PARTICIPANT)
    if not invitees:
        raise ActionError(
            _("Nobody would be asked: choose a place where residents live, or name the people to ask."),
            code="survey_nobody_asked",
            field="audience",
        )
    survey = Survey.objects.create(
        matter=matter,
        community=matter.community,
        audience=audience,
        served_place=place,
        includes_participants=include_participants,
        invitee_count=len(invitees),
        threshold_numerator=DEFAULT_RULE.threshold.numerator,
        threshold_denominator=DEFAULT_RULE.threshold.denominator,
        count_basically_satisfied=DEFAULT_RULE.count_basically_satisfied,
        opened_by=actor.user,
    )
    SurveyInvitee.objects.bulk_create(
        [SurveyInvitee(survey=survey, person_id=pk, reason=reason) for pk, reason in sorted(invitees.items())],
        batch_size=2000,
    )
    record_audit(
        actor=actor,
        verb="survey.open",
        target=survey,
        place=matter.place,
        changes={
            "audience": [None, audience],
            "invitees": [0, len(invitees)],
            "served_place": [None, place and place.pk],
        },
    )
    title = matter.title

    def invitation() -> str:
        return gettext("Are you satisfied with how “%(title)s” was carried out? Give your view.") % {"title": title}

    notify_many(
        persons=Person.objects.filter(pk__in=invitees.keys()).order_by("pk"),
        title=lazy(invitation, str)(),
        url=survey.get_absolute_url(),
        matter=matter,
    )
    step = {"survey_id": survey.pk, "invitees": len(invitees)}
    if matter.status == MatterStatus.REPLIED:
        advance_matter(
            actor=actor,
            matter=matter,
            to_status=MatterStatus.EVALUATING,
            capability=Capability.OPEN_EVALUATION,
            kind="evaluation.survey_opened",
            url=survey.get_absolute_url(),
            data=step,
        )
    else:
        record_event(
            matter=matter,
            kind="evaluation.survey_opened",
            actor=actor,
            url=survey.get_absolute_url(),
            data=step,
            notify_followers=False,
        )
    return survey


def _lives_in(person: Person, community: Place) -> bool:
    home = person.home if person.home_id else None
    return home is not None and home.path.startswith(community.path)


def _clean_answer(rating: str, comment: str) -> tuple[str, str]:
    if rating not in SatisfactionRating.values:
        raise ActionError(
            _("Choose satisfied, basically satisfied or dissatisfied."), code="survey_rating_unknown", field="rating"
        )
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ActionError(
            _("The comment is longer than %(limit)s characters (it has %(length)s).")
            % {"limit": COMMENT_MAX, "length": len(comment)},
            code="survey_comment_long",
            field="comment",
        )
    return rating, comment


def _save_response(
    *, actor: Actor, survey: Survey, person: Person, rating: str, comment: str, channel: str, reference: str
) -> SurveyResponse:
    if SurveyResponse.objects.filter(survey=survey, person=person).exists():
        raise ActionError(_("This person has already answered this survey."), code="survey_already_answered")
    try:
        # A savepoint: a second answer racing past the check above is refused by the unique constraint.
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                person=person,
                rating=rating,
                comment=comment,
                channel=channel,
                reference=reference,
                recorded_by=actor.user,
            )
    except IntegrityError as error:
        raise ActionError(_("This person has already answered this survey."), code="survey_already_answered") from error
    record_audit(
        actor=actor,
        verb="survey.respond",
        target=response,
        place=survey.matter.place,
        changes={"rating": [None, rating], "channel": [None, channel]},
    )
    return response


def _require_open(survey: Survey) -> None:
    if not survey.is_open:
        raise ActionError(_("This survey is closed."), code="survey_closed")


@transaction.atomic
def respond(*, actor: Actor, survey: Survey, rating: str, comment: str = "") -> SurveyResponse:
    """A resident served (or a deliberation participant) gives their rating online, once."""
    user = _user(actor)
    survey = _locked_survey(survey)
    _require_open(survey)
    person = Person.objects.filter(pk=user.person_id).first() if user.person_id else None
    if person is None or not is_invited(survey, person.pk):
        raise NotPermitted(
            _("Only the residents this work served and those who deliberated it are asked about it."),
            code="survey_not_served",
        )
    rating, comment = _clean_answer(rating, comment)
    online = Actor(user=actor.user, acting_role=actor.acting_role or "resident", channel=actor.channel)
    channel = ResponseChannel.ONLINE
    return _save_response(
        actor=online, survey=survey, person=person, rating=rating, comment=comment, channel=channel, reference=""
    )


@transaction.atomic
def record_response(
    *,
    actor: Actor,
    survey: Survey,
    person: Person,
    rating: str,
    comment: str = "",
    channel: str = ResponseChannel.ASSISTED,
    reference: str = "",
) -> SurveyResponse:
    """Staff enter the answer a resident gave on paper, at a visit or by telephone (assisted)."""
    user = _user(actor)
    survey = _locked_survey(survey)
    person = Person.objects.select_related("home").get(pk=person.pk)
    where = person.home if person.home is not None else survey.community
    require(user, Capability.RECORD_FOR_RESIDENT, where)
    _require_open(survey)
    if channel not in ASSISTED_CHANNELS:
        raise ActionError(
            _("Choose how the resident answered: at a visit or call, or on paper."),
            code="survey_channel_unknown",
            field="channel",
        )
    if not is_invited(survey, person.pk):
        raise ActionError(
            _("%(name)s is not among the people this survey asks.") % {"name": person.name},
            code="survey_not_served",
            field="person",
        )
    rating, comment = _clean_answer(rating, comment)
    reference = reference.strip()
    if len(reference) > REFERENCE_MAX:
        raise ActionError(
            _("The reference is longer than %(limit)s characters.") % {"limit": REFERENCE_MAX},
            code="survey_reference_long",
            field="reference",
        )
    assisted = Actor(user=actor.user, acting_role=actor.acting_role or "staff", channel=channel)
    return _save_response(
        actor=assisted,
        survey=survey,
        person=person,
        rating=rating,
        comment=comment,
        channel=channel,
        reference=reference,
    )


def result_lines(survey: Survey, result: SatisfactionResult) -> list[str]:
    """The figures of the result in the current language, as the notice and the result page show them."""
    counts = result.counts
    lines = [
        gettext("People asked: %(count)s; answers: %(answers)s.")
        % {"count": survey.invitee_count, "answers": result.responses},
        gettext("Satisfied %(satisfied)s, basically satisfied %(basically)s, dissatisfied %(dissatisfied)s.")
        % {
            "satisfied": counts.satisfied,
            "basically": counts.basically_satisfied,
            "dissatisfied": counts.dissatisfied,
        },
    ]
    if result.share is not None:
        lines.append(
            gettext("Favourable: %(favourable)s of %(responses)s (%(percent)s%%); the bar is %(threshold)s.")
            % {
                "favourable": result.favourable,
                "responses": result.responses,
                "percent": share_percent(result.share),
                "threshold": f"{result.rule.threshold.numerator}/{result.rule.threshold.denominator}",
            }
        )
    lines.append(outcome_line(result.outcome))
    return lines


def outcome_line(outcome: SatisfactionOutcome) -> str:
    return {
        SatisfactionOutcome.CLOSE: gettext("The residents are satisfied: the matter is closed."),
        SatisfactionOutcome.REOPEN: gettext("Too few are satisfied: the matter is reopened for more work."),
        SatisfactionOutcome.NO_DATA: gettext("Nobody answered: the matter awaits a new survey."),
        SatisfactionOutcome.INSUFFICIENT_RESPONSES: gettext("Too few answers: the matter awaits a new survey."),
    }[outcome]


@transaction.atomic
def close_evaluation(*, actor: Actor, survey: Survey) -> Survey:
    """The supervision committee closes the survey: the result is published with its figures, the matter is
    closed or reopened, and for a referred matter each department's reply gets the residents' rating."""
    survey = _locked_survey(survey)
    matter = _locked_matter(survey.matter)
    require(_user(actor), Capability.OPEN_EVALUATION, matter.place)
    _require_open(survey)
    result = satisfaction_outcome(counts=counts_of(survey), rule=rule_of(survey))
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("Satisfaction evaluation: %(title)s") % {"title": matter.title}
        notice = publish_for(
            actor=_publisher(actor, matter.place),
            community=matter.community,
            place=matter.place,
            kind=NoticeKind.EVALUATION_RESULT,
            title=title[:200],
            body="\n".join(result_lines(survey, result)),
            source=survey,
        )
        headline = outcome_line(result.outcome)
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = now
    survey.closed_by = actor.user
    survey.outcome = result.outcome
    survey.satisfied = result.counts.satisfied
    survey.basically_satisfied = result.counts.basically_satisfied
    survey.dissatisfied = result.counts.dissatisfied
    survey.result_notice = notice
    survey.save()
    record_audit(
        actor=actor,
        verb="survey.close",
        target=survey,
        place=matter.place,
        changes={
            "status": [SurveyStatus.OPEN, SurveyStatus.CLOSED],
            "outcome": ["", result.outcome],
            "counts": [None, [survey.satisfied, survey.basically_satisfied, survey.dissatisfied]],
        },
    )
    target = {SatisfactionOutcome.CLOSE: MatterStatus.CLOSED, SatisfactionOutcome.REOPEN: MatterStatus.REOPENED}
    data = {
        "survey_id": survey.pk,
        "outcome": result.outcome.value,
        "satisfied": survey.satisfied,
        "basically_satisfied": survey.basically_satisfied,
        "dissatisfied": survey.dissatisfied,
    }
    if result.outcome in target:
        advance_matter(
            actor=actor,
            matter=matter,
            to_status=target[result.outcome],
            capability=Capability.OPEN_EVALUATION,
            kind="evaluation.survey_closed",
            title=headline,
            text="\n".join(result_lines(survey, result)),
            url=reverse_result(survey),
            notice=notice,
            data=data,
        )
    else:
        record_event(
            matter=matter,
            kind="evaluation.survey_closed",
            actor=actor,
            title=headline,
            url=reverse_result(survey),
            notice=notice,
            data=data,
        )
    rating = department_rating(result.counts)
    if rating is not None:
        for referral in Referral.objects.filter(matter=matter, replied_at__isnull=False).order_by("pk"):
            record_referral_satisfaction(actor=actor, referral=referral, rating=rating.value)
    return survey


def reverse_result(survey: Survey) -> str:
    return reverse("evaluation:survey_result", args=[survey.pk])


def referral_ratings(matter: Matter) -> list[Referral]:
    """The departments' replies on the matter with the residents' rating of each (once a survey closed)."""
    return list(Referral.objects.filter(matter=matter, replied_at__isnull=False).order_by("pk"))


def awaiting_counts(user: Any) -> tuple[int, int]:
    """How many matters await a survey and how many surveys are open, where the user is on the committee."""
    communities = survey_communities(user)
    return matters_to_evaluate(communities).count(), open_surveys_in(communities).count()


def summary_of(survey: Survey) -> dict[str, Any]:
    """The figures of a survey as plain data (for the API)."""
    result = result_of(survey)
    return {
        "satisfied": result.counts.satisfied,
        "basically_satisfied": result.counts.basically_satisfied,
        "dissatisfied": result.counts.dissatisfied,
        "responses": result.responses,
        "favourable": result.favourable,
        "share": f"{result.share.numerator}/{result.share.denominator}" if result.share is not None else None,
        "percent": share_percent(result.share) or None,
        "threshold": f"{result.rule.threshold.numerator}/{result.rule.threshold.denominator}",
        "outcome": result.outcome.value,
    }


def people_by_ids(ids: Iterable[int]) -> list[Person]:
    return list(Person.objects.filter(pk__in=list(ids), is_active=True).select_related("home").order_by("name", "pk"))
