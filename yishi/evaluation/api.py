"""The evaluation app in the JSON API. Satisfaction surveys of matters: the surveys awaiting me, a survey's
figures, opening one (the supervision committee), answering (a resident, or staff for a resident), closing it.

A closed survey's figures are public; an open one's only for the supervision committee.

The designation programme: a programme and the case library are public; the programme's writes call the same
actions as its pages — a unit submits its case (JSON, or multipart with attachments) or withdraws it, a district
officer assigns experts, opens and closes submissions, proposes, approves (never the proposer while another officer
can), sends back and publishes the shortlist, an assigned expert scores a case, and either records a site visit.
A refusal answers 400, 403 or 404 with {"error": {"code", "message", "field"}} in the language asked.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, UploadedFile

from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotFound
from yishi.audit.models import Channel
from yishi.evaluation import designation_actions, designation_queries, surveys
from yishi.evaluation.designation_models import Programme, ProgrammeStage, Submission
from yishi.evaluation.models import ResponseChannel, Survey, SurveyAudience
from yishi.matters.models import Matter
from yishi.people.acting import actor_for
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import can
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


class EvaluationErrorOut(Schema):
    code: str
    message: str
    field: str | None


class EvaluationErrorEnvelope(Schema):
    error: EvaluationErrorOut


_REFUSALS: dict[int, Any] = {400: EvaluationErrorEnvelope, 403: EvaluationErrorEnvelope, 404: EvaluationErrorEnvelope}


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
    proposed_by: str | None = None
    proposed_at: datetime.datetime | None = None
    approved_by: str | None = None
    approved_at: datetime.datetime | None = None
    approval_note: str = ""


def _programme_out(programme: Programme, *, manager: bool) -> dict[str, Any]:
    """The programme; its designations once published, and its proposed shortlist for its officers."""
    shown = programme.stage == ProgrammeStage.PUBLISHED or (
        manager and programme.stage in (ProgrammeStage.SHORTLISTED, ProgrammeStage.APPROVED)
    )
    designations = list(designation_queries.list_designations(programme).order_by("kind", "rank")) if shown else []
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
        "proposed_by": programme.proposed_by.display_name if manager and programme.proposed_by else None,
        "proposed_at": programme.proposed_at if manager else None,
        "approved_by": programme.approved_by.display_name if manager and programme.approved_by else None,
        "approved_at": programme.approved_at if manager else None,
        "approval_note": programme.approval_note if manager or programme.stage == ProgrammeStage.PUBLISHED else "",
    }


def _programme_of(programme_id: int) -> Programme:
    programme = designation_queries.get_programme(programme_id)
    if programme is None:
        raise NotFound()
    return programme


def _manages(user: Any, programme: Programme) -> bool:
    return user is not None and can(user, Capability.MANAGE_PROGRAMME, programme.district)


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, 404: EvaluationErrorEnvelope},
    auth=None,
    summary="A designation programme",
)
def programme_api(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    """The programme's rules and timetable; its designations once the list is published (its officers also see
    the proposed shortlist, who proposed and who approved it)."""
    programme = _programme_of(programme_id)
    return _programme_out(programme, manager=_manages(_reader(request), programme))


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


@router.post(
    "/cases/{case_id}/review", response={201: ReviewOut, **_REFUSALS}, summary="An assigned expert scores a case"
)
def review_api(request: HttpRequest, case_id: int, payload: ReviewIn) -> tuple[int, dict[str, Any]]:
    from yishi.evaluation import designation_actions, designation_queries

    case = designation_queries.get_submission(case_id)
    if case is None:
        raise NotFound()
    review = designation_actions.score_case(
        actor=_actor(request, "expert"), submission=case, scores=payload.scores, comment=payload.comment
    )
    return 201, {"id": review.pk, "case_id": case.pk, "points": str(review.points)}


# --- the designation programme's writes -----------------------------------------------------------------------


def _officer(request: HttpRequest, programme: Programme) -> Actor:
    return actor_for(request.user, Capability.MANAGE_PROGRAMME, programme.district, channel=Channel.API)


def _case_of(case_id: int) -> Submission:
    case = designation_queries.get_submission(case_id)
    if case is None:
        raise NotFound()
    return case


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size_bytes: int
    url: str


class AssignedExpertOut(Schema):
    id: int
    name: str


class CaseOut(Schema):
    id: int
    programme_id: int
    unit_id: int
    unit_name: str
    kind: str
    theme: str
    title: str
    summary: str
    status: str
    submitted_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    indicator_total: str | None
    attachments: list[AttachmentOut]
    experts: list[AssignedExpertOut]
    url: str


def _case_out(case: Submission) -> dict[str, Any]:
    return {
        "id": case.pk,
        "programme_id": case.programme_id,
        "unit_id": case.unit_id,
        "unit_name": case.unit.name,
        "kind": case.kind,
        "theme": case.theme,
        "title": case.title,
        "summary": case.summary,
        "status": case.status,
        "submitted_at": case.submitted_at,
        "withdrawn_at": case.withdrawn_at,
        "indicator_total": case.snapshot.get("total"),
        "attachments": [
            {
                "id": item.pk,
                "name": item.name,
                "content_type": item.content_type,
                "size_bytes": item.size_bytes,
                "url": item.get_absolute_url(),
            }
            for item in case.attachments.order_by("pk")
        ],
        "experts": [
            {"id": item.expert_id, "name": item.expert_name} for item in case.assignments.order_by("assigned_at", "pk")
        ],
        "url": case.get_absolute_url(),
    }


class CaseIn(Schema):
    unit_id: int
    kind: str
    theme: str
    title: str
    summary: str
    body: str


def _submit(request: HttpRequest, programme_id: int, payload: CaseIn, files: list[Any]) -> tuple[int, dict[str, Any]]:
    programme = _programme_of(programme_id)
    unit = Place.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise NotFound()
    case = designation_actions.submit_case(
        actor=actor_for(request.user, Capability.SUBMIT_CASE, unit, channel=Channel.API),
        programme=programme,
        unit=unit,
        draft=designation_actions.CaseDraft(
            kind=payload.kind, theme=payload.theme, title=payload.title, summary=payload.summary, body=payload.body
        ),
        attachments=files,
    )
    return 201, _case_out(_case_of(case.pk))


@router.post(
    "/programmes/{programme_id}/cases",
    response={201: CaseOut, **_REFUSALS},
    summary="Submit a unit's case (without attachments)",
)
def submit_case_api(request: HttpRequest, programme_id: int, payload: CaseIn) -> tuple[int, dict[str, Any]]:
    """A community's committee or a street office submits its case; the unit's indicators are attached."""
    return _submit(request, programme_id, payload, [])


@router.post(
    "/programmes/{programme_id}/cases/with-attachments",
    response={201: CaseOut, **_REFUSALS},
    summary="Submit a unit's case with attachments (multipart)",
)
def submit_case_with_attachments_api(
    request: HttpRequest,
    programme_id: int,
    payload: Form[CaseIn],
    attachments: File[list[UploadedFile]],
) -> tuple[int, dict[str, Any]]:
    """As /cases, as multipart/form-data with up to six photos (JPEG, PNG, WebP; re-encoded without metadata) or
    PDF files of at most 10 MB each in `attachments`."""
    return _submit(request, programme_id, payload, list(attachments))


class WithdrawIn(Schema):
    reason: str = ""


@router.post("/cases/{case_id}/withdraw", response={200: CaseOut, **_REFUSALS}, summary="Withdraw a case")
def withdraw_case_api(request: HttpRequest, case_id: int, payload: WithdrawIn) -> dict[str, Any]:
    """The unit withdraws its case before the shortlist is proposed; its reviews no longer count."""
    case = _case_of(case_id)
    designation_actions.withdraw_case(
        actor=actor_for(request.user, Capability.SUBMIT_CASE, case.unit, channel=Channel.API),
        submission=case,
        reason=payload.reason,
    )
    return _case_out(_case_of(case.pk))


class AssignIn(Schema):
    expert_ids: list[int]


@router.post("/cases/{case_id}/experts", response={200: CaseOut, **_REFUSALS}, summary="Assign experts to a case")
def assign_experts_api(request: HttpRequest, case_id: int, payload: AssignIn) -> dict[str, Any]:
    """A district officer assigns experts; refused whole when one is tied to the unit or is not an expert."""
    case = _case_of(case_id)
    wanted = sorted(set(payload.expert_ids))
    experts = list(User.objects.filter(pk__in=wanted, is_active=True).select_related("person").order_by("pk"))
    if len(experts) != len(wanted):
        raise ActionError(gettext("Choose experts from the list."), code="designation.expert_unknown", field="experts")
    designation_actions.assign_experts(actor=_officer(request, case.programme), submission=case, experts=experts)
    return _case_out(_case_of(case.pk))


class SiteVisitIn(Schema):
    visited_on: datetime.date
    visitors: str
    findings: str


class SiteVisitOut(Schema):
    id: int
    case_id: int
    visited_on: datetime.date
    visitors: str
    findings: str
    recorded_by: str
    recorded_at: datetime.datetime


@router.post("/cases/{case_id}/site-visits", response={201: SiteVisitOut, **_REFUSALS}, summary="Record a site visit")
def record_site_visit_api(request: HttpRequest, case_id: int, payload: SiteVisitIn) -> tuple[int, dict[str, Any]]:
    """An assigned expert or a programme officer records a visit to the unit, after it took place."""
    case = _case_of(case_id)
    if _manages(request.user, case.programme):
        actor = _officer(request, case.programme)
    else:
        actor = actor_for(request.user, Capability.REVIEW_CASE, case.unit, channel=Channel.API)
    visit = designation_actions.record_site_visit(
        actor=actor,
        submission=case,
        visited_on=payload.visited_on,
        visitors=payload.visitors,
        findings=payload.findings,
    )
    return 201, {
        "id": visit.pk,
        "case_id": case.pk,
        "visited_on": visit.visited_on,
        "visitors": visit.visitors,
        "findings": visit.findings,
        "recorded_by": visit.recorded_by_name,
        "recorded_at": visit.recorded_at,
    }


class ProposeIn(Schema):
    tie_choices: list[int] = []
    note: str = ""


class NoteIn(Schema):
    note: str


def _after_step(programme: Programme) -> dict[str, Any]:
    return _programme_out(_programme_of(programme.pk), manager=True)


@router.post(
    "/programmes/{programme_id}/open", response={200: ProgrammeOut, **_REFUSALS}, summary="Open for submissions"
)
def open_submissions_api(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    programme = _programme_of(programme_id)
    designation_actions.open_submissions(actor=_officer(request, programme), programme=programme)
    return _after_step(programme)


@router.post(
    "/programmes/{programme_id}/close",
    response={200: ProgrammeOut, **_REFUSALS},
    summary="Close submissions and start the review",
)
def close_submissions_api(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    programme = _programme_of(programme_id)
    designation_actions.close_submissions(actor=_officer(request, programme), programme=programme)
    return _after_step(programme)


@router.post(
    "/programmes/{programme_id}/shortlist",
    response={200: ProgrammeOut, **_REFUSALS},
    summary="Propose the shortlist",
)
def propose_shortlist_api(request: HttpRequest, programme_id: int, payload: ProposeIn) -> dict[str, Any]:
    """Propose the shortlist from the ranking; `tie_choices` are the case ids the committee chose among units tied
    at the last place. Replaces a proposal not yet approved."""
    programme = _programme_of(programme_id)
    designation_actions.propose_shortlist(
        actor=_officer(request, programme), programme=programme, tie_choices=payload.tie_choices, note=payload.note
    )
    return _after_step(programme)


@router.post(
    "/programmes/{programme_id}/approve",
    response={200: ProgrammeOut, **_REFUSALS},
    summary="Approve the proposed shortlist",
)
def approve_shortlist_api(request: HttpRequest, programme_id: int, payload: NoteIn) -> dict[str, Any]:
    """Record the committee's approval (`note`: which meeting decided, and what). The officer who proposed the
    shortlist may not approve it (403 designation.proposer_approves) unless the district has no other officer."""
    programme = _programme_of(programme_id)
    designation_actions.approve_shortlist(actor=_officer(request, programme), programme=programme, note=payload.note)
    return _after_step(programme)


@router.post(
    "/programmes/{programme_id}/return",
    response={200: ProgrammeOut, **_REFUSALS},
    summary="Send the proposed shortlist back to review",
)
def return_shortlist_api(request: HttpRequest, programme_id: int, payload: NoteIn) -> dict[str, Any]:
    programme = _programme_of(programme_id)
    designation_actions.return_shortlist(actor=_officer(request, programme), programme=programme, note=payload.note)
    return _after_step(programme)


@router.post(
    "/programmes/{programme_id}/publish",
    response={200: ProgrammeOut, **_REFUSALS},
    summary="Publish the approved list",
)
def publish_designations_api(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    """Publish the approved list on the boards; the units get their badge and their cases enter the library."""
    programme = _programme_of(programme_id)
    designation_actions.publish_designations(actor=_officer(request, programme), programme=programme)
    return _after_step(programme)
