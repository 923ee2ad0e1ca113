"""The satisfaction survey of a matter (民事民评): who is asked, one answer each, online or assisted, and the verdict
that closes or reopens the matter with its published figures."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from tests.implementation.builders import actor, decided_matter
from yishi.accounts import sms
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord, Channel
from yishi.deliberation.models import AgendaItem, Meeting, SeatTemplateChoice, SignIn
from yishi.evaluation import surveys
from yishi.evaluation.models import Survey, SurveyInvitee, SurveyResponse
from yishi.matters.domain.evaluation_result import RatingCounts, SatisfactionOutcome
from yishi.matters.models import MatterEvent, MatterStatus, Notification, Referral
from yishi.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def survey_sandbox(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def evaluating(world: World, cast: Cast, **extra: Any) -> Any:
    return decided_matter(world, cast, status=MatterStatus.EVALUATING, **extra)


def open_survey(cast: Cast, matter: Any, **kwargs: Any) -> Survey:
    return surveys.open_evaluation(actor=actor(cast.supervisor, "supervision_member"), matter=matter, **kwargs)


def test_the_residents_of_the_place_and_the_participants_are_asked(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast)
    neighbour = make_person("王阿婆", world.units[2])
    survey = open_survey(cast, matter)
    invited = set(SurveyInvitee.objects.filter(survey=survey).values_list("person_id", flat=True))
    residents = set(Person.objects.filter(home__in=world.units).values_list("pk", flat=True))
    assert residents <= invited
    assert neighbour.pk in invited
    assert cast.villager.person_id not in invited
    assert survey.invitee_count == len(invited)
    assert Notification.objects.filter(person=cast.elder, matter=matter).exists()
    assert MatterEvent.objects.filter(matter=matter, kind="evaluation.survey_opened").exists()
    assert AuditRecord.objects.filter(verb="survey.open", target_id=str(survey.pk)).exists()


def test_deliberation_participants_from_elsewhere_are_asked_too(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast, place=world.building)
    outside = make_person("赵代表", world.units[3])
    meeting = Meeting.objects.create(
        community=world.community,
        place=world.compound,
        title="晾衣架议事会",
        seat_template=SeatTemplateChoice.values[0],
        starts_at=timezone.now(),
    )
    AgendaItem.objects.create(meeting=meeting, matter=matter, title=matter.title)
    SignIn.objects.create(meeting=meeting, person=cast.villager.person)
    survey = open_survey(cast, matter, include_participants=True)
    reasons = dict(SurveyInvitee.objects.filter(survey=survey).values_list("person_id", "reason"))
    assert reasons[cast.villager.person_id] == "participant"
    assert reasons[outside.pk] == "served"
    assert reasons[cast.resident.person_id] == "served"


def test_a_chosen_list_is_asked_and_outsiders_are_refused(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast)
    with pytest.raises(ActionError) as refused:
        open_survey(cast, matter, audience="chosen", chosen=[cast.villager.person], include_participants=False)
    assert refused.value.code == "survey_chosen_outside"
    survey = open_survey(cast, matter, audience="chosen", chosen=[cast.elder], include_participants=False)
    assert set(SurveyInvitee.objects.filter(survey=survey).values_list("person_id", flat=True)) == {
        cast.elder.pk,
        cast.resident.person_id,  # the proposer follows the matter
    }


def test_one_survey_at_a_time_and_only_once_the_work_is_done(world: World, cast: Cast) -> None:
    implementing = decided_matter(world, cast)
    with pytest.raises(ActionError) as early:
        open_survey(cast, implementing)
    assert early.value.code == "survey_matter_not_evaluating"
    matter = evaluating(world, cast, title="另一议题")
    open_survey(cast, matter)
    with pytest.raises(ActionError) as twice:
        open_survey(cast, matter)
    assert twice.value.code == "survey_already_open"
    assert Survey.objects.filter(matter=matter).count() == 1


def test_a_resident_answers_once_and_someone_not_served_is_refused(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    response = surveys.respond(
        actor=actor(cast.resident, "resident"), survey=survey, rating="satisfied", comment="很好"
    )
    assert response.channel == "online" and response.recorded_by == cast.resident
    with translation.override("zh-hans"), pytest.raises(ActionError) as again:
        surveys.respond(actor=actor(cast.resident, "resident"), survey=survey, rating="dissatisfied")
    assert again.value.code == "survey_already_answered"
    assert "已经参加" in str(again.value.message)
    with translation.override("zh-hans"), pytest.raises(ActionError) as stranger:
        surveys.respond(actor=actor(cast.villager, "resident"), survey=survey, rating="dissatisfied")
    assert stranger.value.code == "survey_not_served" and stranger.value.status == 403
    assert "服务对象" in str(stranger.value.message)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_the_database_refuses_a_second_response(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    surveys.respond(actor=actor(cast.resident), survey=survey, rating="satisfied")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, person=cast.resident.person, rating="dissatisfied")


@pytest.mark.parametrize(
    ("rating", "comment", "code"),
    [
        ("great", "", "survey_rating_unknown"),
        ("satisfied", "长" * 501, "survey_comment_long"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    world: World, cast: Cast, rating: str, comment: str, code: str
) -> None:
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        surveys.respond(actor=actor(cast.resident), survey=survey, rating=rating, comment=comment)
    assert refused.value.code == code
    assert any("\u4e00" <= character <= "\u9fff" for character in str(refused.value.message))
    assert not SurveyResponse.objects.exists()
    assert not AuditRecord.objects.filter(verb="survey.respond").exists()


def test_staff_enter_the_answer_of_an_elderly_resident_without_a_phone(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    response = surveys.record_response(
        actor=actor(cast.director, "committee_member"),
        survey=survey,
        person=cast.elder,
        rating="basically_satisfied",
        comment="晾衣架不错,但离楼有点远。",
        channel="paper",
        reference="问卷 017",
    )
    assert response.channel == "paper" and response.recorded_by == cast.director and response.reference == "问卷 017"
    audit = AuditRecord.objects.get(verb="survey.respond", target_id=str(response.pk))
    assert audit.channel == Channel.PAPER and audit.actor == cast.director
    with pytest.raises(ActionError) as twice:
        surveys.record_response(
            actor=actor(cast.director), survey=survey, person=cast.elder, rating="satisfied", channel="assisted"
        )
    assert twice.value.code == "survey_already_answered"
    with pytest.raises(ActionError) as online:
        surveys.record_response(
            actor=actor(cast.director), survey=survey, person=cast.resident.person, rating="satisfied", channel="online"
        )
    assert online.value.code == "survey_channel_unknown"


def test_staff_cannot_enter_an_answer_for_someone_not_asked(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast, place=world.building)
    survey = open_survey(cast, matter, include_participants=False)
    elsewhere = make_person("孙大爷", world.compound)
    with pytest.raises(ActionError) as refused:
        surveys.record_response(actor=actor(cast.director), survey=survey, person=elsewhere, rating="satisfied")
    assert refused.value.code == "survey_not_served"


def _answers(cast: Cast, survey: Survey, ratings: list[str]) -> None:
    people = list(
        Person.objects.filter(survey_invitations__survey=survey).exclude(pk=cast.resident.person_id).order_by("pk")
    )
    assert len(people) >= len(ratings) - 1
    surveys.respond(actor=actor(cast.resident), survey=survey, rating=ratings[0])
    for person, rating in zip(people, ratings[1:], strict=False):
        surveys.record_response(actor=actor(cast.director), survey=survey, person=person, rating=rating)


def _more_residents(world: World, count: int) -> None:
    for number in range(count):
        make_person(f"居民{number}", world.units[number % 4])


def test_two_thirds_favourable_closes_the_matter_and_publishes_the_figures(world: World, cast: Cast) -> None:
    _more_residents(world, 4)
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    _answers(cast, survey, ["satisfied", "basically_satisfied", "dissatisfied"])  # 2 of 3: exactly the bar
    closed = surveys.close_evaluation(actor=actor(cast.supervisor, "supervision_member"), survey=survey)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLOSED
    assert closed.outcome == "close" and (closed.satisfied, closed.basically_satisfied, closed.dissatisfied) == (
        1,
        1,
        1,
    )
    notice = closed.result_notice
    assert notice is not None and notice.kind == "evaluation_result" and notice.is_public
    assert "2 / 3" in notice.body and "66.7%" in notice.body and "2/3" in notice.body
    event = MatterEvent.objects.get(matter=matter, kind="evaluation.survey_closed")
    assert event.status_to == MatterStatus.CLOSED and event.notice == notice
    with pytest.raises(ActionError) as late:
        surveys.respond(actor=actor(cast.resident), survey=survey, rating="satisfied")
    assert late.value.code == "survey_closed"


def test_below_two_thirds_reopens_the_matter(world: World, cast: Cast) -> None:
    _more_residents(world, 4)
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    _answers(cast, survey, ["satisfied", "dissatisfied", "dissatisfied", "basically_satisfied"])  # 2 of 4
    surveys.close_evaluation(actor=actor(cast.supervisor), survey=survey)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REOPENED
    survey.refresh_from_db()
    assert survey.outcome == "reopen"


def test_a_survey_nobody_answered_leaves_the_matter_waiting_for_a_new_one(world: World, cast: Cast) -> None:
    matter = evaluating(world, cast)
    survey = open_survey(cast, matter)
    surveys.close_evaluation(actor=actor(cast.supervisor), survey=survey)
    matter.refresh_from_db()
    survey.refresh_from_db()
    assert matter.status == MatterStatus.EVALUATING and survey.outcome == "no_data"
    assert list(surveys.matters_to_evaluate(surveys.survey_communities(cast.supervisor))) == [matter]
    second = open_survey(cast, matter)
    assert second.pk != survey.pk


def test_a_referred_matter_feeds_the_departments_rating(world: World, cast: Cast) -> None:
    matter = decided_matter(
        world,
        cast,
        status=MatterStatus.REPLIED,
        triage_class="big",
        responsible_level="street",
        responsible_place=world.street,
    )
    referral = Referral.objects.create(
        matter=matter,
        street=world.street,
        department_name="区绿化市容局",
        request="修复路灯",
        reply_text="已修复",
        result="resolved",
        replied_at=matter.created_at,
    )
    assert list(surveys.matters_to_evaluate(surveys.survey_communities(cast.supervisor))) == [matter]
    survey = open_survey(cast, matter)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.EVALUATING  # the street replied; now the residents judge it
    surveys.respond(actor=actor(cast.resident), survey=survey, rating="basically_satisfied")
    surveys.close_evaluation(actor=actor(cast.supervisor), survey=survey)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLOSED
    referral.refresh_from_db()
    assert referral.satisfaction == "basically_satisfied" and referral.satisfaction_recorded_at is not None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((3, 1, 1), "satisfied"),
        ((1, 1, 1), "dissatisfied"),
        ((2, 2, 0), "basically_satisfied"),
        ((0, 0, 0), None),
    ],
)
def test_department_rating_is_the_most_common_answer_ties_to_the_less_favourable(
    counts: tuple[int, int, int], expected: str | None
) -> None:
    rating = surveys.department_rating(RatingCounts(*counts))
    assert (rating.value if rating else None) == expected


def test_shares_are_shown_exactly() -> None:
    from fractions import Fraction

    assert surveys.share_percent(Fraction(2, 3)) == "66.7"
    assert surveys.share_percent(Fraction(1, 8)) == "12.5"
    assert surveys.share_percent(None) == ""
    assert SatisfactionOutcome.CLOSE.value == "close"


def test_what_awaits_me_lists_surveys_to_answer_and_to_open(world: World, cast: Cast) -> None:
    from yishi.evaluation.survey_views import awaiting

    matter = evaluating(world, cast)
    with translation.override("en"):
        titles = [str(item.title) for item in awaiting(cast.supervisor)]
    assert any("Open the satisfaction survey" in title for title in titles)
    survey = open_survey(cast, matter)
    with translation.override("en"):
        mine = [str(item.title) for item in awaiting(cast.resident)]
        committee = [str(item.title) for item in awaiting(cast.supervisor)]
    assert any(matter.title in title for title in mine)
    assert any("0 of" in title for title in committee)
    surveys.respond(actor=actor(cast.resident), survey=survey, rating="satisfied")
    assert not surveys.surveys_to_answer(cast.resident.person_id).exists()
    # The people asked are frozen when the survey opens: someone who moves in afterwards is not asked.
    newcomer = make_user(give_role(make_person("新住户", world.units[3]), "volunteer", world.compound).person)
    assert awaiting(newcomer) == []
