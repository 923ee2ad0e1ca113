"""Writes of the model-community index: framework versions, indicator snapshots and qualitative scores."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.evaluation.domain.errors import EvaluationDomainError
from yishi.evaluation.domain.framework import IndicatorKind
from yishi.evaluation.index_framework import framework_from_data, measurement_to_data
from yishi.evaluation.index_models import FrameworkVersion, IndicatorSnapshot, QualitativeScore
from yishi.evaluation.index_queries import framework_in_force, indicator_by_code, measure_community
from yishi.people.domain.roles import Capability
from yishi.people.permissions import require
from yishi.places.models import Place, PlaceKind

FIRST_YEAR = 2000


def domain_refusal(error: EvaluationDomainError, *, field: str | None = None) -> ActionError:
    """The domain's bilingual refusal as an ActionError in the current language."""
    return ActionError(error.message.in_language(get_language() or "zh-hans"), code=str(error.code), field=field)


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= datetime.date.today().year + 1:
        raise ActionError(_("Choose a year between 2000 and next year."), code="index.bad_year", field="year")


def _community(community_id: int) -> Place:
    community = Place.objects.filter(pk=community_id, kind=PlaceKind.COMMUNITY).first()
    if community is None:
        raise NotFound(_("No such community."))
    return community


@transaction.atomic
def save_framework(
    *, actor: Actor, district: Place, version: str, definition: Any, activate: bool = True
) -> FrameworkVersion:
    """Store a new framework version after the domain has validated it; optionally put it in force."""
    if actor.user is None:
        raise ActionError(_("Sign in first."), code="not_signed_in")
    require(actor.user, Capability.MANAGE_FRAMEWORK, district)  # type: ignore[arg-type]
    version = version.strip()
    if not version:
        raise ActionError(_("Give the version a name."), code="index.version_missing", field="version")
    if FrameworkVersion.objects.filter(version=version).exists():
        raise ActionError(_("This version name is already used."), code="index.version_taken", field="version")
    if isinstance(definition, dict):
        definition = {**definition, "version": version}
    try:
        framework_from_data(definition)
    except EvaluationDomainError as error:
        raise domain_refusal(error, field="definition") from error
    if activate:
        FrameworkVersion.objects.filter(is_active=True).update(is_active=False)
    stored = FrameworkVersion.objects.create(
        version=version, definition=definition, is_active=activate, created_by=actor.user
    )
    record_audit(
        actor=actor,
        verb="evaluation.framework.save",
        target=stored,
        place=district,
        changes={"version": [None, version], "is_active": [None, activate]},
    )
    return stored


@transaction.atomic
def compute_snapshot(*, community_id: int, year: int) -> IndicatorSnapshot:
    """Measure a community for a year and store the snapshot; running it again replaces it (idempotent)."""
    community = _community(community_id)
    measurements, households = measure_community(community, year)
    data = {code: measurement_to_data(measurement) for code, measurement in measurements.items()}
    snapshot, _created = IndicatorSnapshot.objects.update_or_create(
        community=community, year=year, defaults={"measurements": data, "households": households}
    )
    return snapshot


def request_refresh(*, actor: Actor, community: Place, year: int) -> None:
    """Queue the recomputation of a community's snapshot for a year (anyone who may see its dashboard)."""
    if actor.user is None:
        raise ActionError(_("Sign in first."), code="not_signed_in")
    require(actor.user, Capability.VIEW_DASHBOARD, community)  # type: ignore[arg-type]
    check_year(year)
    from yishi.evaluation.index_tasks import refresh_snapshot

    with transaction.atomic():
        record_audit(actor=actor, verb="evaluation.snapshot.refresh", target=community, place=community, note=str(year))
        transaction.on_commit(lambda: refresh_snapshot.enqueue(community.pk, year))


@transaction.atomic
def record_score(
    *, actor: Actor, community: Place, year: int, indicator_code: str, score: str | Decimal, note: str = ""
) -> QualitativeScore:
    """An expert's or officer's score (0–100) of a qualitative indicator; a second score by the same scorer replaces
    the first. The scorer is recorded."""
    if actor.user is None:
        raise ActionError(_("Sign in first."), code="not_signed_in")
    require(actor.user, Capability.SCORE_COMMUNITY, community)  # type: ignore[arg-type]
    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(_("Only a community is scored."), code="index.not_a_community")
    check_year(year)
    # An expert never scores their own unit (the community itself or a place inside it): where they live, own or
    # hold a role. Imported here: the designation module builds on this one.
    from yishi.evaluation.designation_actions import conflict_message
    from yishi.evaluation.designation_queries import conflicting_ties

    ties = conflicting_ties(actor.user, community)
    if ties:
        raise NotPermitted(
            conflict_message(expert=actor.user, unit=community, ties=ties), code="designation.conflict_of_interest"
        )
    framework, _stored = framework_in_force()
    indicator = indicator_by_code(framework).get(indicator_code)
    if indicator is None or indicator.kind is IndicatorKind.QUANTITATIVE:
        raise ActionError(
            _("This indicator is not scored by hand."), code="index.not_qualitative", field="indicator_code"
        )
    try:
        value = Decimal(str(score).strip())
    except InvalidOperation as error:
        raise ActionError(_("Enter a number."), code="index.score_not_a_number", field="score") from error
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ActionError(_("A score lies between 0 and 100."), code="index.score_out_of_range", field="score")
    if value != value.quantize(Decimal("0.01")):
        raise ActionError(_("Use at most two decimals."), code="index.score_precision", field="score")
    existing = QualitativeScore.objects.filter(
        community=community, year=year, indicator_code=indicator_code, scorer=actor.user
    ).first()
    before = str(existing.score) if existing else None
    stored, _created = QualitativeScore.objects.update_or_create(
        community=community,
        year=year,
        indicator_code=indicator_code,
        scorer=actor.user,
        defaults={
            "score": value,
            "scorer_name": actor.name[:100],
            "acting_role": actor.acting_role[:40],
            "note": note[:300],
        },
    )
    record_audit(
        actor=actor,
        verb="evaluation.score.record",
        target=stored,
        place=community,
        changes={"score": [before, str(value)], "indicator_code": [None, indicator_code], "year": [None, year]},
    )
    return stored
