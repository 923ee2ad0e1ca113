"""Writes of the designation programme (评选活动). District officers run the programme (create it with its rules and
timetable, open and close submissions, assign experts, propose, approve and publish the list); a community's committee
or a street office submits case material; experts score it per dimension of the framework and record site visits.

Every action checks the permission and the programme's stage, refuses bad input with a translated ActionError before
writing anything, and appends one audit record. Stage rules, conflicts, aggregation and the shortlist are in
domain/designation.py.
"""

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from yishi.accounts.models import User
from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError, NotPermitted
from yishi.disclosure.actions import publish_for
from yishi.disclosure.domain.privacy import find_identifiers
from yishi.disclosure.models import NoticeKind
from yishi.evaluation.designation_models import (
    CaseAttachment,
    CaseTheme,
    Designation,
    DesignationKind,
    DimensionScore,
    Programme,
    Review,
    ReviewerAssignment,
    SiteVisit,
    Submission,
    SubmissionStatus,
)
from yishi.evaluation.designation_queries import (
    approval_check,
    conflicting_ties,
    indicator_snapshot_of,
    programme_framework,
    programme_ranking,
)
from yishi.evaluation.domain.designation import (
    ASSIGNING,
    REVIEWING,
    SUBMITTING,
    WITHDRAWING,
    AggregationRule,
    DimensionMark,
    Stage,
    Tie,
    TieKind,
    Timetable,
    next_stage,
    review_points,
    settle_tie,
)
from yishi.evaluation.domain.errors import EvaluationDomainError
from yishi.evaluation.index_actions import check_year, domain_refusal
from yishi.evaluation.index_framework import framework_to_data
from yishi.evaluation.index_queries import framework_in_force
from yishi.matters.images import read_upload, sanitise_image
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can as _can_user
from yishi.people.permissions import require as _require_user
from yishi.places.models import Place, PlaceKind

MAX_ATTACHMENTS = 6
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
TEXT_LIMITS = {"title": 200, "summary": 500, "body": 20_000}

_PROGRAMME_AUDITED = ("stage", "title", "year", "threshold", "base_quota", "station_quota")


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise ActionError(_("Sign in first."), code="not_signed_in")
    return actor.user


def require(user: User, capability: Capability, place: Place) -> None:
    """people.permissions.require for a User (the protocol there is structural)."""
    _require_user(user, capability, place)  # type: ignore[arg-type]


def can(user: User, capability: Capability, place: Place) -> bool:
    """people.permissions.can for a User."""
    return _can_user(user, capability, place)  # type: ignore[arg-type]


def _locked(programme: Programme) -> Programme:
    # Stage changes and the writes that depend on the stage take the programme's row lock, so that a case cannot be
    # scored while the shortlist is being proposed from the scores.
    return Programme.objects.select_for_update().select_related("district").get(pk=programme.pk)


def _stage_refusal() -> ActionError:
    return ActionError(_("This is not possible at the programme's present stage."), code="designation.wrong_stage")


def _required_text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise ActionError(_("This field is required."), code="designation.text_missing", field=field)
    if len(value) > limit:
        raise ActionError(
            _("At most %(limit)s characters.") % {"limit": limit}, code="designation.text_too_long", field=field
        )
    return value


def _number(raw: str | Decimal | int, field: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as error:
        raise ActionError(_("Enter a number."), code="designation.not_a_number", field=field) from error
    if not value.is_finite():
        raise ActionError(_("Enter a number."), code="designation.not_a_number", field=field)
    if not Decimal(0) <= value <= Decimal(100):
        raise ActionError(_("A score lies between 0 and 100."), code="designation.score_out_of_range", field=field)
    if value != value.quantize(Decimal("0.01")):
        raise ActionError(_("Use at most two decimals."), code="designation.score_precision", field=field)
    return value


# --- the programme --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProgrammeDraft:
    """What an officer fills in to create a programme."""

    year: int
    title: str
    rules: str
    indicator_year: int
    submissions_open_on: datetime.date
    submissions_close_on: datetime.date
    review_ends_on: datetime.date
    publication_on: datetime.date
    threshold: str | Decimal
    base_quota: int
    station_quota: int
    minimum_reviews: int = 3
    trim_from: int | None = 5


@transaction.atomic
def create_programme(*, actor: Actor, district: Place, draft: ProgrammeDraft) -> Programme:
    """A district's programme for a year, with its rules, timetable and shortlist rule, fixed to the framework in
    force; it opens for submissions in a separate step."""
    user = _user(actor)
    require(user, Capability.MANAGE_PROGRAMME, district)
    if district.kind != PlaceKind.DISTRICT:
        raise ActionError(_("A programme is run by a district."), code="designation.not_a_district")
    check_year(draft.year)
    try:
        check_year(draft.indicator_year)
    except ActionError as error:
        raise ActionError(error.message, code=error.code, field="indicator_year") from error
    title = _required_text(draft.title, "title", 200)
    rules = _required_text(draft.rules, "rules", 20_000)
    try:
        Timetable(
            submissions_open_on=draft.submissions_open_on,
            submissions_close_on=draft.submissions_close_on,
            review_ends_on=draft.review_ends_on,
            publication_on=draft.publication_on,
        )
        AggregationRule(trim_from=draft.trim_from)
    except EvaluationDomainError as error:
        field = "trim_from" if "rule" in str(error.code) else "submissions_close_on"
        raise domain_refusal(error, field=field) from error
    threshold = _number(draft.threshold, "threshold")
    if not (0 <= draft.base_quota <= 500 and 0 <= draft.station_quota <= 500) or not (
        draft.base_quota or draft.station_quota
    ):
        raise ActionError(
            _("Give at least one place, for bases or for stations."), code="designation.no_places", field="base_quota"
        )
    if not 1 <= draft.minimum_reviews <= 50:
        raise ActionError(
            _("Each case needs between 1 and 50 reviews."), code="designation.bad_minimum", field="minimum_reviews"
        )
    framework, _stored = framework_in_force()
    programme = Programme.objects.create(
        district=district,
        year=draft.year,
        title=title,
        rules=rules,
        framework_version=framework.version,
        framework_definition=framework_to_data(framework),
        indicator_year=draft.indicator_year,
        submissions_open_on=draft.submissions_open_on,
        submissions_close_on=draft.submissions_close_on,
        review_ends_on=draft.review_ends_on,
        publication_on=draft.publication_on,
        threshold=threshold,
        base_quota=draft.base_quota,
        station_quota=draft.station_quota,
        minimum_reviews=draft.minimum_reviews,
        trim_from=draft.trim_from,
        created_by=user,
    )
    record_audit(
        actor=actor,
        verb="evaluation.programme.create",
        target=programme,
        place=district,
        changes=diff({}, snapshot(programme, (*_PROGRAMME_AUDITED, "framework_version", "publication_on"))),
    )
    return programme


def _step(*, actor: Actor, programme: Programme, step: str, verb: str, **fields: Any) -> Programme:
    user = _user(actor)
    locked = _locked(programme)
    require(user, Capability.MANAGE_PROGRAMME, locked.district)
    leads_to = next_stage(step=step, current=Stage(locked.stage))
    if leads_to is None:
        raise _stage_refusal()
    before = snapshot(locked, _PROGRAMME_AUDITED)
    locked.stage = str(leads_to)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    record_audit(
        actor=actor,
        verb=verb,
        target=locked,
        place=locked.district,
        changes=diff(before, snapshot(locked, _PROGRAMME_AUDITED)),
    )
    return locked


@transaction.atomic
def open_submissions(*, actor: Actor, programme: Programme) -> Programme:
    """Open the programme for case material."""
    return _step(actor=actor, programme=programme, step="open_submissions", verb="evaluation.programme.open")


@transaction.atomic
def close_submissions(*, actor: Actor, programme: Programme) -> Programme:
    """Close submissions; the experts' review begins."""
    return _step(actor=actor, programme=programme, step="close_submissions", verb="evaluation.programme.close")


# --- case material --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CaseDraft:
    """What a unit fills in to submit its case."""

    kind: str
    theme: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class _CleanFile:
    name: str
    content: bytes
    content_type: str
    extension: str


def _display_name(upload: Any, fallback: str) -> str:
    name = PurePath(str(getattr(upload, "name", "") or "")).name.strip()
    return (name or fallback)[:200]


def _clean_attachments(uploads: Sequence[IO[bytes] | bytes]) -> list[_CleanFile]:
    """Photos are re-encoded without metadata (as matters' photos are); PDFs are kept as they are, checked by their
    first bytes; nothing else is accepted, whatever its name or declared type."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise ActionError(
            _("At most %(limit)s files.") % {"limit": MAX_ATTACHMENTS},
            code="designation.too_many_files",
            field="attachments",
        )
    cleaned = []
    for position, upload in enumerate(uploads, start=1):
        data = read_upload(upload, field="attachments", max_bytes=MAX_ATTACHMENT_BYTES)
        name = _display_name(upload, f"{position}")
        if data.startswith(b"%PDF-"):
            cleaned.append(_CleanFile(name=name, content=data, content_type="application/pdf", extension="pdf"))
            continue
        try:
            image = sanitise_image(data, field="attachments", max_bytes=MAX_ATTACHMENT_BYTES)
        except ActionError as error:
            if error.code != "photo_not_image":
                raise
            raise ActionError(
                _("%(name)s is neither a photo (JPEG, PNG, WebP) nor a PDF file.") % {"name": name},
                code="designation.file_type",
                field="attachments",
            ) from error
        cleaned.append(
            _CleanFile(name=name, content=image.content, content_type=image.content_type, extension=image.extension)
        )
    return cleaned


def _save_attachments(*, submission: Submission, files: Sequence[_CleanFile], actor: Actor) -> list[CaseAttachment]:
    stored: list[CaseAttachment] = []
    try:
        for item in files:
            attachment = CaseAttachment(
                submission=submission,
                name=item.name,
                content_type=item.content_type,
                size_bytes=len(item.content),
                uploaded_by=actor.user,
            )
            attachment.file.save(f"{uuid.uuid4().hex}.{item.extension}", ContentFile(item.content), save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        # The transaction rolls the rows back; the files on disk must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


def _check_case(draft: CaseDraft) -> dict[str, str]:
    if draft.kind not in DesignationKind.values:
        raise ActionError(_("Choose what the unit applies to be."), code="designation.kind_unknown", field="kind")
    if draft.theme not in CaseTheme.values:
        raise ActionError(_("Choose a theme."), code="designation.theme_unknown", field="theme")
    texts = {
        field: _required_text(getattr(draft, field), field, limit)
        for field, limit in TEXT_LIMITS.items()  # title, summary, body
    }
    findings = find_identifiers(texts)
    if findings:
        # PI-1: a designated unit's case is published in the case library.
        first = findings[0]
        raise ActionError(
            _("The case shows a full phone or ID number (%(masked)s). Cases are published: mask it first.")
            % {"masked": first.masked},
            code="designation.personal_number",
            field=first.field,
        )
    return texts


@transaction.atomic
def submit_case(
    *,
    actor: Actor,
    programme: Programme,
    unit: Place,
    draft: CaseDraft,
    attachments: Sequence[IO[bytes] | bytes] = (),
) -> Submission:
    """A community's or street's case material; the unit's indicator snapshot is attached automatically."""
    user = _user(actor)
    locked = _locked(programme)
    require(user, Capability.SUBMIT_CASE, unit)
    if unit.kind not in (PlaceKind.COMMUNITY, PlaceKind.STREET) or not unit.path.startswith(locked.district.path):
        raise ActionError(
            _("A community or street of the programme's district submits a case."),
            code="designation.unit_outside",
            field="unit",
        )
    if locked.stage not in SUBMITTING:
        raise ActionError(_("The programme is not open for submissions."), code="designation.not_open")
    if timezone.localdate() > locked.submissions_close_on:
        raise ActionError(
            _("Submissions closed on %(day)s.") % {"day": locked.submissions_close_on.isoformat()},
            code="designation.closed",
        )
    texts = _check_case(draft)
    if Submission.objects.filter(programme=locked, unit=unit, status=SubmissionStatus.SUBMITTED).exists():
        raise ActionError(
            _("%(unit)s has already submitted a case to this programme; withdraw it first to submit another.")
            % {"unit": unit.name},
            code="designation.already_submitted",
            field="unit",
        )
    files = _clean_attachments(attachments)
    submission = Submission.objects.create(
        programme=locked,
        unit=unit,
        kind=draft.kind,
        theme=draft.theme,
        snapshot=indicator_snapshot_of(unit, locked.indicator_year),
        submitted_by=user,
        **texts,
    )
    stored = _save_attachments(submission=submission, files=files, actor=actor)
    record_audit(
        actor=actor,
        verb="evaluation.case.submit",
        target=submission,
        place=unit,
        changes={
            **diff({}, snapshot(submission, ("programme", "unit", "kind", "theme", "title"))),
            "attachments": [0, len(stored)],
            "indicator_total": [None, submission.snapshot.get("total")],
        },
    )
    return submission


@transaction.atomic
def withdraw_case(*, actor: Actor, submission: Submission, reason: str = "") -> Submission:
    """The unit withdraws its case before the shortlist is proposed; its reviews no longer count."""
    user = _user(actor)
    locked = _locked(submission.programme)
    require(user, Capability.SUBMIT_CASE, submission.unit)
    case = Submission.objects.select_for_update().get(pk=submission.pk)
    if case.status != SubmissionStatus.SUBMITTED:
        raise ActionError(_("This case has already been withdrawn."), code="designation.withdrawn")
    if locked.stage not in WITHDRAWING:
        raise _stage_refusal()
    case.status = SubmissionStatus.WITHDRAWN
    case.withdrawn_at = timezone.now()
    case.withdrawal_reason = reason.strip()[:300]
    case.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    record_audit(
        actor=actor,
        verb="evaluation.case.withdraw",
        target=case,
        place=case.unit,
        changes={"status": [SubmissionStatus.SUBMITTED, SubmissionStatus.WITHDRAWN]},
        note=case.withdrawal_reason,
    )
    return case


# --- experts --------------------------------------------------------------------------------------------------


def _describe(ties: Sequence[Tie]) -> str:
    words = {
        TieKind.ROLE: _("holds a role there"),
        TieKind.RESIDENCE: _("lives there"),
        TieKind.OWNERSHIP: _("owns a dwelling there"),
    }
    return _(", ").join(dict.fromkeys(str(words[tie.kind]) for tie in ties))


def conflict_message(*, expert: Any, unit: Place, ties: Sequence[Tie]) -> str:
    """Why an expert may not review a unit's case, in the current language."""
    return _("%(expert)s may not review the case of %(unit)s (%(ties)s): an expert never reviews their own unit.") % {
        "expert": expert.display_name,
        "unit": unit.name,
        "ties": _describe(ties),
    }


@transaction.atomic
def assign_experts(*, actor: Actor, submission: Submission, experts: Sequence[User]) -> list[ReviewerAssignment]:
    """Assign experts to review a case; refused whole when any of them is tied to the unit or is not an expert."""
    user = _user(actor)
    locked = _locked(submission.programme)
    require(user, Capability.MANAGE_PROGRAMME, locked.district)
    if locked.stage not in ASSIGNING:
        raise _stage_refusal()
    if not submission.is_active:
        raise ActionError(_("This case has been withdrawn."), code="designation.withdrawn")
    if not experts:
        raise ActionError(_("Choose at least one expert."), code="designation.no_experts", field="experts")
    unit = submission.unit
    for expert in experts:
        if not can(expert, Capability.REVIEW_CASE, unit):
            raise ActionError(
                _("%(name)s is not an expert of this programme.") % {"name": expert.display_name},
                code="designation.not_an_expert",
                field="experts",
            )
        ties = conflicting_ties(expert, unit)
        if ties:
            raise ActionError(
                conflict_message(expert=expert, unit=unit, ties=ties),
                code="designation.conflict_of_interest",
                field="experts",
            )
    already = set(ReviewerAssignment.objects.filter(submission=submission).values_list("expert_id", flat=True))
    created = [
        ReviewerAssignment.objects.create(
            submission=submission, expert=expert, expert_name=expert.display_name[:100], assigned_by=user
        )
        for expert in experts
        if expert.pk not in already
    ]
    record_audit(
        actor=actor,
        verb="evaluation.case.assign",
        target=submission,
        place=unit,
        changes={"experts": [sorted(already), sorted(already | {expert.pk for expert in experts})]},
    )
    return created


def _require_reviewer(user: User, submission: Submission) -> None:
    """An expert of the programme, not tied to the unit, assigned to the case (the tie is checked first: it is the
    reason an expert was not assigned)."""
    unit = submission.unit
    if not can(user, Capability.REVIEW_CASE, unit):
        raise NotPermitted()
    ties = conflicting_ties(user, unit)
    if ties:
        raise NotPermitted(conflict_message(expert=user, unit=unit, ties=ties), code="designation.conflict_of_interest")
    if not ReviewerAssignment.objects.filter(submission=submission, expert=user).exists():
        raise NotPermitted(_("You are not assigned to review this case."), code="designation.not_assigned")


def check_reviewer(*, actor: Actor, submission: Submission) -> None:
    """Refuse (NotPermitted, translated) unless the actor may review the case: used by pages before showing forms."""
    _require_reviewer(_user(actor), submission)


@transaction.atomic
def score_case(
    *, actor: Actor, submission: Submission, scores: Mapping[str, str | Decimal], comment: str = ""
) -> Review:
    """An assigned expert's score (0–100) for each dimension of the programme's framework; a second review by the same
    expert replaces the first until the shortlist is proposed."""
    user = _user(actor)
    locked = _locked(submission.programme)
    _require_reviewer(user, submission)
    if not submission.is_active:
        raise ActionError(_("This case has been withdrawn."), code="designation.withdrawn")
    if locked.stage not in REVIEWING:
        raise ActionError(_("Cases are scored during the expert review."), code="designation.not_reviewing")
    framework = programme_framework(locked)
    dimensions = [(dimension.code, dimension.weight) for dimension in framework.dimensions]
    marks = []
    for code, weight in dimensions:
        field = f"dimension_{code}"
        if str(scores.get(code, "")).strip() == "":
            raise ActionError(_("Score every dimension."), code="designation.dimension_missing", field=field)
        marks.append(DimensionMark(code=code, weight=weight, score=_number(scores[code], field)))
    try:
        points = review_points(marks=marks, dimensions=dimensions)
    except EvaluationDomainError as error:
        raise domain_refusal(error) from error
    comment = comment.strip()
    if len(comment) > 4000:
        raise ActionError(
            _("At most %(limit)s characters.") % {"limit": 4000}, code="designation.text_too_long", field="comment"
        )
    existing = Review.objects.filter(submission=submission, expert=user).first()
    before = None if existing is None else str(existing.points)
    review, _created = Review.objects.update_or_create(
        submission=submission,
        expert=user,
        defaults={
            "expert_name": user.display_name[:100],
            "points": points,
            "comment": comment,
            "reviewed_at": timezone.now(),
        },
    )
    review.marks.all().delete()
    DimensionScore.objects.bulk_create(
        [DimensionScore(review=review, dimension_code=mark.code, score=mark.score) for mark in marks]
    )
    record_audit(
        actor=actor,
        verb="evaluation.case.score",
        target=review,
        place=submission.unit,
        changes={
            "points": [before, str(points)],
            **{f"dimension_{mark.code}": [None, str(mark.score)] for mark in marks},
        },
    )
    return review


@transaction.atomic
def record_site_visit(
    *, actor: Actor, submission: Submission, visited_on: datetime.date, visitors: str, findings: str
) -> SiteVisit:
    """A site visit to the unit, recorded by an assigned expert or a programme officer."""
    user = _user(actor)
    locked = _locked(submission.programme)
    if not can(user, Capability.MANAGE_PROGRAMME, locked.district):
        _require_reviewer(user, submission)
    if locked.stage not in ASSIGNING:
        raise _stage_refusal()
    if not submission.is_active:
        raise ActionError(_("This case has been withdrawn."), code="designation.withdrawn")
    if visited_on > timezone.localdate():
        raise ActionError(
            _("A site visit is recorded after it took place."), code="designation.visit_future", field="visited_on"
        )
    if visited_on < locked.submissions_open_on:
        raise ActionError(
            _("The visit cannot be before the programme opened."), code="designation.visit_early", field="visited_on"
        )
    visit = SiteVisit.objects.create(
        submission=submission,
        visited_on=visited_on,
        visitors=_required_text(visitors, "visitors", 300),
        findings=_required_text(findings, "findings", 4000),
        recorded_by=user,
        recorded_by_name=user.display_name[:100],
    )
    record_audit(
        actor=actor,
        verb="evaluation.case.site_visit",
        target=visit,
        place=submission.unit,
        changes=diff({}, snapshot(visit, ("submission", "visited_on", "visitors"))),
    )
    return visit


# --- the shortlist --------------------------------------------------------------------------------------------


@transaction.atomic
def propose_shortlist(
    *, actor: Actor, programme: Programme, tie_choices: Sequence[int] = (), note: str = ""
) -> list[Designation]:
    """Propose the shortlist from the ranking: over the threshold, best first, up to each kind's quota; where units
    tie across the quota the officer names the ones chosen for the free seats. Replaces a proposal not yet
    approved."""
    user = _user(actor)
    locked = _locked(programme)
    require(user, Capability.MANAGE_PROGRAMME, locked.district)
    leads_to = next_stage(step="propose_shortlist", current=Stage(locked.stage))
    if leads_to is None:
        raise _stage_refusal()
    rankings = programme_ranking(locked)
    short = [submission for ranking in rankings for submission in ranking.short_of_reviews]
    if short:
        raise ActionError(
            _("Some cases have fewer than %(count)s reviews: %(units)s.")
            % {"count": locked.minimum_reviews, "units": _(", ").join(s.unit.name for s in short)},
            code="designation.reviews_missing",
        )
    rows = []
    for ranking in rankings:
        try:
            chosen = settle_tie(
                shortlist=ranking.shortlist,
                chosen=[unit_id for unit_id in tie_choices if unit_id in ranking.submissions],
            )
        except EvaluationDomainError as error:
            raise domain_refusal(error, field="tie_choices") from error
        tied = {entry.unit_id for entry in ranking.shortlist.tied_at_cutoff}
        for entry in chosen:
            submission = ranking.submissions[entry.unit_id]
            rows.append(
                Designation(
                    programme=locked,
                    submission=submission,
                    unit=submission.unit,
                    kind=ranking.kind,
                    rank=entry.rank,
                    points=entry.total,
                    reviews_counted=len(entry.figures.counted),
                    from_tie=entry.unit_id in tied,
                )
            )
    Designation.objects.filter(programme=locked).delete()
    Designation.objects.bulk_create(rows)
    before = snapshot(locked, _PROGRAMME_AUDITED)
    locked.stage = str(leads_to)
    locked.proposal_note = note.strip()[:2000]
    locked.proposed_by = user
    locked.proposed_at = timezone.now()
    locked.save()
    record_audit(
        actor=actor,
        verb="evaluation.programme.propose",
        target=locked,
        place=locked.district,
        changes={
            **diff(before, snapshot(locked, _PROGRAMME_AUDITED)),
            "shortlist": [None, [f"{row.kind}:{row.unit.pk}:{row.rank}:{row.points}" for row in rows]],
        },
        note=locked.proposal_note,
    )
    return rows


@transaction.atomic
def return_shortlist(*, actor: Actor, programme: Programme, note: str) -> Programme:
    """Send a proposal back to review (the committee did not approve it); its rows are removed."""
    reason = _required_text(note, "note", 2000)
    returned = _step(
        actor=actor,
        programme=programme,
        step="return_shortlist",
        verb="evaluation.programme.return",
        approval_note=reason,
    )
    Designation.objects.filter(programme=returned).delete()
    return returned


def proposer_refusal(others: Sequence[Any]) -> NotPermitted:
    """Why the officer who proposed a shortlist may not approve it, naming who may."""
    return NotPermitted(
        _(
            "You proposed this shortlist, so another programme officer of the district approves it (%(others)s): "
            "the officer who draws up a list does not also confirm it."
        )
        % {"others": _(", ").join(officer.display_name for officer in others)},
        code="designation.proposer_approves",
    )


@transaction.atomic
def approve_shortlist(*, actor: Actor, programme: Programme, note: str) -> Programme:
    """Record the committee's approval of the proposed shortlist (which meeting, what it decided). Separation of
    duties: the officer who proposed it does not approve it, unless they are the district's only programme officer
    (the record then says so)."""
    user = _user(actor)
    locked = _locked(programme)
    require(user, Capability.MANAGE_PROGRAMME, locked.district)
    if next_stage(step="approve_shortlist", current=Stage(locked.stage)) is None:
        raise _stage_refusal()
    check = approval_check(user, locked)
    if not check.allowed:
        raise proposer_refusal(check.others)
    reason = _required_text(note, "note", 2000)
    before = snapshot(locked, _PROGRAMME_AUDITED)
    locked.stage = str(Stage.APPROVED)
    locked.approval_note = reason
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.save()
    changes: dict[str, Any] = dict(diff(before, snapshot(locked, _PROGRAMME_AUDITED)))
    if check.is_proposer:
        # The district's one officer both proposed and approved: the record says so, for those who supervise it.
        changes["approved_by_proposer"] = [None, True]
    record_audit(
        actor=actor,
        verb="evaluation.programme.approve",
        target=locked,
        place=locked.district,
        changes=changes,
        note=reason,
    )
    return locked


def _notice_text(programme: Programme, designations: Sequence[Designation]) -> tuple[str, str]:
    # The notice is written in Chinese whatever language the officer's page is in: it is posted on boards.
    with override("zh-hans"):
        title = _("%(year)s list of designated innovation practice bases and stations") % {"year": programme.year}
        lines = [
            _("%(title)s: after submission, expert review, site visits and approval, these units are designated.")
            % {"title": programme.title},
            "",
        ]
        for kind, label in DesignationKind.choices:
            of_kind = [item for item in designations if item.kind == kind]
            if not of_kind:
                continue
            lines.append(f"**{label}**")
            lines.append("")
            for item in of_kind:
                figures = {"unit": item.unit.name, "rank": item.rank, "points": item.points}
                line = _("%(unit)s — rank %(rank)s, %(points)s points from %(reviews)s reviews") % {
                    **figures,
                    "reviews": item.reviews_counted,
                }
                lines.append(f"- {line}")
            lines.append("")
        if programme.approval_note:
            lines.append(_("Approved: %(note)s") % {"note": programme.approval_note})
    return title[:200], "\n".join(lines).strip()


@transaction.atomic
def publish_designations(*, actor: Actor, programme: Programme) -> Programme:
    """Publish the approved list as a notice (with its printable PDF) on the board of every designated community
    and of every community of a designated street; the units get their badge and their cases enter the library."""
    user = _user(actor)
    locked = _locked(programme)
    require(user, Capability.MANAGE_PROGRAMME, locked.district)
    if next_stage(step="publish_designations", current=Stage(locked.stage)) is None:
        raise _stage_refusal()
    designations = list(
        Designation.objects.filter(programme=locked).select_related("unit").order_by("kind", "rank", "unit__path")
    )
    title, body = _notice_text(locked, designations)
    boards: dict[int, Place] = {}
    for item in designations:
        if item.unit.kind == PlaceKind.COMMUNITY:
            boards[item.unit.pk] = item.unit
        else:
            for community in Place.objects.within(item.unit).of_kind(PlaceKind.COMMUNITY).order_by("path"):
                boards[community.pk] = community
    for community in sorted(boards.values(), key=lambda place: place.path):
        publish_for(
            actor=actor, community=community, kind=NoticeKind.DESIGNATION, title=title, body=body, source=locked
        )
    Designation.objects.filter(programme=locked).update(is_published=True)
    return _step(
        actor=actor,
        programme=locked,
        step="publish_designations",
        verb="evaluation.programme.publish",
        published_at=timezone.now(),
    )


__all__ = [
    "CaseDraft",
    "ProgrammeDraft",
    "approve_shortlist",
    "assign_experts",
    "check_reviewer",
    "close_submissions",
    "conflict_message",
    "create_programme",
    "open_submissions",
    "propose_shortlist",
    "proposer_refusal",
    "publish_designations",
    "record_site_visit",
    "return_shortlist",
    "score_case",
    "submit_case",
    "withdraw_case",
]
