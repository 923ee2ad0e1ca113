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


# --- The model-community index and the designation programme ---


class DimensionOut(Schema):
    code: str
    name: str
    points: str | None


class CommunityIndexOut(Schema):
    community_id: int
    year: int
    framework_version: str
    total: str | None
    dimensions: list[DimensionOut]


@router.get("/index/communities/{community_id}", response=CommunityIndexOut, summary="A community's index for a year")
def community_index_api(request: HttpRequest, community_id: int, year: int | None = None) -> dict[str, Any]:
    from django.utils import timezone
    from django.utils.translation import get_language

    from yishi.audit.errors import NotPermitted
    from yishi.evaluation.index_queries import community_index
    from yishi.people.domain.roles import Capability
    from yishi.people.permissions import can
    from yishi.places.models import PlaceKind

    community = Place.objects.filter(pk=community_id, kind=PlaceKind.COMMUNITY).first()
    if community is None:
        raise NotFound()
    if not can(request.user, Capability.VIEW_DASHBOARD, community):  # type: ignore[arg-type]
        raise NotPermitted()
    chosen = year or timezone.localdate().year
    framework, item, _scores = community_index(community, chosen)
    language = get_language() or "zh-hans"
    return {
        "community_id": community.pk,
        "year": chosen,
        "framework_version": framework.version,
        "total": None if item.breakdown.total is None else str(item.breakdown.total),
        "dimensions": [
            {
                "code": dimension.code,
                "name": dimension.name.in_language(language),
                "points": None if score.points is None else str(score.points),
            }
            for dimension, score in zip(framework.dimensions, item.breakdown.dimensions, strict=True)
        ],
    }


class DesignationOut(Schema):
    unit_id: int
    unit_name: str
    kind: str
    rank: int
    points: str
    case_id: int


class ProgrammeOut(Schema):
    id: int
    title: str
    year: int
    district_id: int
    stage: str
    submissions_open_on: datetime.date
    submissions_close_on: datetime.date
    review_ends_on: datetime.date
    publication_on: datetime.date
    threshold: str
    base_quota: int
    station_quota: int
    designations: list[DesignationOut]


@router.get("/programmes/{programme_id}", response=ProgrammeOut, auth=None, summary="A designation programme")
def programme_api(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    """The programme's rules and timetable; its designations once the list is published."""
    from yishi.evaluation import designation_queries

    programme = designation_queries.get_programme(programme_id)
    if programme is None:
        raise NotFound()
    designations = list(designation_queries.list_designations(programme)) if programme.stage == "published" else []
    return {
        "id": programme.pk,
        "title": programme.title,
        "year": programme.year,
        "district_id": programme.district_id,
        "stage": programme.stage,
        "submissions_open_on": programme.submissions_open_on,
        "submissions_close_on": programme.submissions_close_on,
        "review_ends_on": programme.review_ends_on,
        "publication_on": programme.publication_on,
        "threshold": str(programme.threshold),
        "base_quota": programme.base_quota,
        "station_quota": programme.station_quota,
        "designations": [
            {
                "unit_id": item.unit_id,
                "unit_name": item.unit.name,
                "kind": item.kind,
                "rank": item.rank,
                "points": str(item.points),
                "case_id": item.submission_id,
            }
            for item in designations
        ],
    }


class LibraryCaseOut(Schema):
    id: int
    title: str
    summary: str
    theme: str
    kind: str
    unit_id: int
    unit_name: str
    year: int
    index_total: str | None


@router.get("/library", response=list[LibraryCaseOut], auth=None, summary="Search the case library")
def library_api(request: HttpRequest, q: str = "", theme: str = "", kind: str = "") -> list[dict[str, Any]]:
    from yishi.evaluation import designation_queries

    return [
        {
            "id": case.pk,
            "title": case.title,
            "summary": case.summary,
            "theme": case.theme,
            "kind": case.kind,
            "unit_id": case.unit_id,
            "unit_name": case.unit.name,
            "year": case.programme.year,
            "index_total": case.snapshot.get("total"),
        }
        for case in designation_queries.library(text=q[:100], theme=theme, kind=kind)[:100]
    ]


class ReviewIn(Schema):
    scores: dict[str, str]
    comment: str = ""


class ReviewOut(Schema):
    id: int
    case_id: int
    points: str


@router.post("/cases/{case_id}/review", response={201: ReviewOut}, summary="An assigned expert scores a case")
def review_api(request: HttpRequest, case_id: int, payload: ReviewIn) -> tuple[int, dict[str, Any]]:
    from yishi.evaluation import designation_actions, designation_queries

    case = designation_queries.get_submission(case_id)
    if case is None:
        raise NotFound()
    review = designation_actions.score_case(
        actor=_actor(request, "expert"), submission=case, scores=payload.scores, comment=payload.comment
    )
    return 201, {"id": review.pk, "case_id": case.pk, "points": str(review.points)}
