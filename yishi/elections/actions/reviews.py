"""The annual democratic review (述职评议, CW-28): reports, ratings, results, and the end of office after two
consecutive 不称职 results. The supervision committee opens and closes it."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.domain import committees
from yishi.disclosure.models import NoticeKind
from yishi.elections import rules
from yishi.elections.actions._common import allowed, board_language, day_of, is_system, person_id, publish
from yishi.elections.actions.recall import end_mandate
from yishi.elections.domain.reviews import tally_ratings
from yishi.elections.models import (
    AnnualReview,
    EndReason,
    Mandate,
    Rating,
    ReviewBody,
    ReviewRating,
    ReviewReport,
    ReviewResult,
    ReviewStatus,
)
from yishi.people.domain.roles import Capability
from yishi.people.models import Person, Role, RoleAssignment
from yishi.places.domain.tree import is_within
from yishi.places.models import Place, PlaceKind


def may_supervise(actor: Actor, community: Place) -> bool:
    """The supervision committee (CW-28: 由村务监督机构主持): OPEN_EVALUATION or SUPERVISE at the community."""
    if is_system(actor):
        return True
    return allowed(actor.user, Capability.OPEN_EVALUATION, community) or allowed(
        actor.user, Capability.SUPERVISE, community
    )


def _require_supervise(actor: Actor, community: Place) -> None:
    if not may_supervise(actor, community):
        raise NotPermitted(_("The supervision committee opens and closes the annual review."))


def current_mandates(community: Place) -> list[Mandate]:
    return list(
        Mandate.objects.filter(election__community=community, ended_on__isnull=True)
        .select_related("person", "election")
        .order_by("post", "person__name")
    )


@transaction.atomic
def open_review(
    *, actor: Actor, community: Place, year: int, body: str = ReviewBody.RESIDENTS, on: datetime.date | None = None
) -> AnnualReview:
    """Open this year's review of the sitting committee members."""
    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(_("Reviews are held by a community or village."), code="review_not_community")
    _require_supervise(actor, community)
    if body not in ReviewBody.values:
        raise ActionError(_("Unknown body."), code="review_body", field="body")
    day = day_of(actor, on)
    if year > day.year:
        raise ActionError(_("A review covers a year that has begun."), code="review_year", field="year")
    if not current_mandates(community):
        raise ActionError(_("No elected member sits on the committee."), code="review_no_members")
    if AnnualReview.objects.filter(community=community, year=year).exists():
        raise ActionError(_("This year's review already exists."), code="review_twice", field="year")
    review = AnnualReview.objects.create(community=community, year=year, body=body, opened_on=day)
    record_audit(
        actor=actor, verb="election.review_open", target=review, place=community, changes={"year": [None, year]}
    )
    return review


def _open(review: AnnualReview) -> AnnualReview:
    fresh = AnnualReview.objects.select_for_update().select_related("community").get(pk=review.pk)
    if fresh.status != ReviewStatus.OPEN:
        raise ActionError(_("This review is closed."), code="review_closed")
    return fresh


def _assisted(actor: Actor, community: Place) -> None:
    if is_system(actor):
        return
    if not allowed(actor.user, Capability.RECORD_FOR_RESIDENT, community):
        raise NotPermitted()


@transaction.atomic
def submit_report(
    *, actor: Actor, review: AnnualReview, mandate: Mandate, text: str, on: datetime.date | None = None
) -> ReviewReport:
    """A member hands in the report of their year's work (述职)."""
    review = _open(review)
    if mandate.election.community_id != review.community_id or mandate.ended_on is not None:
        raise ActionError(_("This member is not under review here."), code="review_member", field="mandate")
    if person_id(actor) != mandate.person_id:
        if actor.channel == Channel.ONLINE:
            raise NotPermitted(_("Members submit their own report; staff enter a paper report for them."))
        _assisted(actor, review.community)
    if not text.strip():
        raise ActionError(_("The report is empty."), code="report_empty", field="text")
    report, created = ReviewReport.objects.update_or_create(
        review=review, mandate=mandate, defaults={"text": text.strip(), "submitted_on": day_of(actor, on)}
    )
    record_audit(
        actor=actor,
        verb="election.review_report",
        target=report,
        place=review.community,
        changes={"mandate": [None, mandate.pk], "created": [None, created]},
    )
    return report


def may_rate(person: Person, review: AnnualReview, *, on: datetime.date) -> bool:
    """Residents of 18 or more living in the community, or its current representatives, by the review's body."""
    if review.body == ReviewBody.REPRESENTATIVES:
        return (
            RoleAssignment.objects.filter(
                person=person, role=Role.RESIDENT_REPRESENTATIVE, place=review.community, starts_on__lte=on
            )
            .exclude(ends_on__lt=on)
            .exists()
        )
    age = person.age_on(on)
    return (
        person.is_active
        and person.home is not None
        and is_within(path=person.home.path, ancestor_path=review.community.path)
        and age is not None
        and age >= 18
    )


@transaction.atomic
def rate_member(
    *,
    actor: Actor,
    review: AnnualReview,
    mandate: Mandate,
    rating: str,
    rater: Person | None = None,
    on: datetime.date | None = None,
) -> ReviewRating:
    """Rate a member 称职 / 基本称职 / 不称职: online by the resident, or entered by staff for them (assisted)."""
    review = _open(review)
    if rating not in Rating.values:
        raise ActionError(_("Choose one of the three ratings."), code="rating_unknown", field="rating")
    if mandate.election.community_id != review.community_id or mandate.ended_on is not None:
        raise ActionError(_("This member is not under review here."), code="review_member", field="mandate")
    own = person_id(actor)
    if actor.channel == Channel.ONLINE:
        if own is None:
            raise NotPermitted()
        rater = Person.objects.select_related("home").get(pk=own)
    else:
        _assisted(actor, review.community)
        if rater is None:
            raise ActionError(_("Name the resident who rates."), code="rating_rater", field="rater")
    day = day_of(actor, on)
    if not may_rate(rater, review, on=day):
        raise NotPermitted(_("Only the residents or representatives of this community rate its members."))
    try:
        with transaction.atomic():
            item = ReviewRating.objects.create(
                review=review, mandate=mandate, rater=rater, rating=rating, rated_on=day, channel=actor.channel
            )
    except IntegrityError as error:
        raise ActionError(_("This member has already been rated by this resident."), code="rating_twice") from error
    record_audit(
        actor=actor,
        verb="election.review_rate",
        target=item,
        place=review.community,
        changes={"mandate": [None, mandate.pk], "rater": [None, rater.pk], "rating": [None, rating]},
    )
    return item


def history(mandate: Mandate) -> list[committees.Review]:
    """The member's results in closed reviews, oldest first, as the rules core reads them."""
    results = (
        ReviewResult.objects.filter(mandate=mandate, review__closed_on__isnull=False)
        .select_related("review")
        .order_by("review__closed_on", "review__year")
    )
    return [
        committees.Review(held_on=item.review.closed_on, rating=committees.Rating(item.rating))
        for item in results
        if item.review.closed_on is not None
    ]


@transaction.atomic
def close_review(*, actor: Actor, review: AnnualReview, on: datetime.date | None = None) -> AnnualReview:
    """Close the review: each member's result; two consecutive 不称职 results end the office (CW-28)."""
    review = _open(review)
    _require_supervise(actor, review.community)
    day = day_of(actor, on)
    review.status = ReviewStatus.CLOSED
    review.closed_on = day
    review.save(update_fields=["status", "closed_on"])
    with board_language():
        lines: list[str] = []
        for mandate in current_mandates(review.community):
            counted = tally_ratings(
                ReviewRating.objects.filter(review=review, mandate=mandate).values_list("rating", flat=True)
            )
            if counted.result is None:
                lines.append(gettext("%(name)s: not rated") % {"name": mandate.person.name})
                continue
            ReviewResult.objects.create(
                review=review,
                mandate=mandate,
                rating=counted.result.value,
                competent=counted.competent,
                basically_competent=counted.basically_competent,
                incompetent=counted.incompetent,
            )
            label = dict(Rating.choices)[counted.result.value]
            lines.append(
                gettext("%(name)s (%(post)s): %(result)s — %(c)s competent, %(b)s basically competent, %(u)s unfit")
                % {
                    "name": mandate.person.name,
                    "post": mandate.get_post_display(),
                    "result": label,
                    "c": counted.competent,
                    "b": counted.basically_competent,
                    "u": counted.incompetent,
                }
            )
            outcome = committees.evaluate_annual_review(reviews=history(mandate))
            if outcome.office_ends and outcome.ended_on is not None:
                end_mandate(actor=actor, mandate=mandate, reason=EndReason.REVIEW, day=outcome.ended_on)
                lines.extend(f"  - {line.text}" for line in rules.lines(outcome) if line.passed is False)
                lines.append(gettext("  - Office ends on %(day)s (CW-28).") % {"day": outcome.ended_on.isoformat()})
        publish(
            actor=actor,
            community=review.community,
            kind=NoticeKind.EVALUATION_RESULT,
            title=gettext("Annual review %(year)s of the committee members") % {"year": review.year},
            body="\n".join(f"- {line}" if not line.startswith("  ") else line for line in lines),
            source=review,
        )
    record_audit(
        actor=actor,
        verb="election.review_close",
        target=review,
        place=review.community,
        changes={"status": [ReviewStatus.OPEN, ReviewStatus.CLOSED]},
    )
    return review
