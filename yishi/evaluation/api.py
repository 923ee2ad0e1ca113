"""The evaluation app in the JSON API. Satisfaction surveys of matters: the surveys awaiting me, a survey's
figures, opening one (the supervision committee), answering (a resident, or staff for a resident), closing it.

A closed survey's figures are public; an open one's only for the supervision committee.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import NotFound
from yishi.audit.models import Channel
from yishi.evaluation import surveys
from yishi.evaluation.models import ResponseChannel, Survey, SurveyAudience
from yishi.matters.models import Matter
from yishi.people.models import Person
from yishi.places.models import Place

router = Router(tags=["evaluation"])


def _actor(request: HttpRequest, role: str, channel: str = Channel.API) -> Actor:
    return Actor(user=request.user, acting_role=role, channel=channel)  # type: ignore[arg-type]


def _reader(request: HttpRequest) -> Any:
    from yishi.api import TokenAuth

    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return TokenAuth().authenticate(request, header.removeprefix("Bearer ").strip())
    return request.user


def _survey(survey_id: int) -> Survey:
    survey = surveys.get_survey(survey_id)
    if survey is None:
        raise NotFound()
    return survey


class FiguresOut(Schema):
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    responses: int
    favourable: int
    share: str | None
    percent: str | None
    threshold: str
    outcome: str


class SurveyOut(Schema):
    id: int
    matter_id: int
    matter_title: str
    status: str
    invitee_count: int
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    outcome: str
    figures: FiguresOut | None
    result_notice_url: str | None


def _survey_out(survey: Survey, *, figures: bool) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "matter_id": survey.matter_id,
        "matter_title": survey.matter.title,
        "status": survey.status,
        "invitee_count": survey.invitee_count,
        "opened_at": survey.opened_at,
        "closed_at": survey.closed_at,
        "outcome": survey.outcome,
        "figures": surveys.summary_of(survey) if figures else None,
        "result_notice_url": survey.result_notice.get_absolute_url() if survey.result_notice else None,
    }


@router.get("/surveys/mine", response=list[SurveyOut], summary="Surveys awaiting my answer")
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    person_id = request.user.person_id  # type: ignore[union-attr]
    return [_survey_out(survey, figures=False) for survey in surveys.surveys_to_answer(person_id)[:100]]


@router.get("/surveys/{survey_id}", response=SurveyOut, auth=None, summary="A survey and its figures")
def get_survey(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    survey = _survey(survey_id)
    reader = _reader(request)
    manager = reader is not None and surveys.may_open(reader, survey.matter)
    return _survey_out(survey, figures=not survey.is_open or manager)


class OpenIn(Schema):
    audience: str = SurveyAudience.PLACE
    served_place_id: int | None = None
    chosen_person_ids: list[int] = []
    include_participants: bool = True


@router.post("/matters/{matter_id}/survey", response={201: SurveyOut}, summary="Open a matter's survey")
def open_survey(request: HttpRequest, matter_id: int, payload: OpenIn) -> tuple[int, dict[str, Any]]:
    matter = get_object_or_404(Matter.objects.select_related("place", "community"), pk=matter_id)
    chosen = list(Person.objects.filter(pk__in=payload.chosen_person_ids).select_related("home"))
    if len(chosen) != len(set(payload.chosen_person_ids)):
        raise NotFound()
    survey = surveys.open_evaluation(
        actor=_actor(request, "supervision_member"),
        matter=matter,
        audience=payload.audience,
        served_place=get_object_or_404(Place, pk=payload.served_place_id) if payload.served_place_id else None,
        chosen=chosen,
        include_participants=payload.include_participants,
    )
    return 201, _survey_out(survey, figures=True)


class AnswerIn(Schema):
    rating: str
    comment: str = ""


class AssistedAnswerIn(AnswerIn):
    person_id: int
    channel: str = ResponseChannel.ASSISTED
    reference: str = ""


class ResponseOut(Schema):
    id: int
    survey_id: int
    rating: str
    channel: str
    created_at: datetime.datetime


def _response_out(response: Any) -> dict[str, Any]:
    return {
        "id": response.pk,
        "survey_id": response.survey_id,
        "rating": response.rating,
        "channel": response.channel,
        "created_at": response.created_at,
    }


@router.post("/surveys/{survey_id}/responses", response={201: ResponseOut}, summary="Answer a survey")
def respond(request: HttpRequest, survey_id: int, payload: AnswerIn) -> tuple[int, dict[str, Any]]:
    response = surveys.respond(
        actor=_actor(request, "resident"), survey=_survey(survey_id), rating=payload.rating, comment=payload.comment
    )
    return 201, _response_out(response)


@router.post(
    "/surveys/{survey_id}/assisted-responses", response={201: ResponseOut}, summary="Enter an answer for a resident"
)
def record_response(request: HttpRequest, survey_id: int, payload: AssistedAnswerIn) -> tuple[int, dict[str, Any]]:
    response = surveys.record_response(
        actor=_actor(request, "staff"),
        survey=_survey(survey_id),
        person=get_object_or_404(Person, pk=payload.person_id),
        rating=payload.rating,
        comment=payload.comment,
        channel=payload.channel,
        reference=payload.reference,
    )
    return 201, _response_out(response)


@router.post("/surveys/{survey_id}/close", response=SurveyOut, summary="Close a survey and publish its result")
def close(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    survey = surveys.close_evaluation(actor=_actor(request, "supervision_member"), survey=_survey(survey_id))
    return _survey_out(survey, figures=True)
