"""Drafting a vote: the question, the legal basis and its settings checked against the law, and the roll source."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.decisions import roll as roll_building
from yishi.decisions.actions._common import (
    AUDITED,
    PLACE_KINDS,
    QUESTION_MAX,
    TITLE_MAX,
    B,
    choice,
    locked,
    require,
    require_status,
    staff_user,
)
from yishi.decisions.domain import basis as basis_rules
from yishi.decisions.domain.errors import DomainError
from yishi.decisions.domain.meetings import ResidentsAssemblyMode, VillagersAssemblyMode
from yishi.decisions.domain.numbers import Threshold
from yishi.decisions.domain.owners import UNCONFIRMED_MATTERS
from yishi.decisions.domain.owners import OwnersMatter as OwnersMatterName
from yishi.decisions.domain.village import ResolvingBody as ResolvingBodyName
from yishi.decisions.errors import domain_refusal
from yishi.decisions.models import (
    AreaCorrection,
    Basis,
    MatterClassOverride,
    OptionKind,
    ResidenceRule,
    ResidentsMode,
    ResolvingBody,
    Secrecy,
    ThresholdBase,
    VillageMatter,
    VillagersMode,
    Vote,
    VoteOption,
    VoteStatus,
)
from yishi.matters.events import record_event
from yishi.matters.models import Matter
from yishi.people.domain.roles import Capability
from yishi.places.models import Place, PlaceKind

# --- the draft ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFraction:
    """A configured share, k/m, with whether the number itself counts (以上, >=) or not (超过, >)."""

    numerator: int
    denominator: int
    inclusive: bool


@dataclass(frozen=True, kw_only=True)
class VoteSettings:
    """The settings of a basis; only those the basis uses are kept."""

    residents_mode: str = ""
    villagers_mode: str = ""
    resolving_body: str = ""
    owners_matter: str = ""
    matter_class_override: str = ""
    count_non_voters: bool = False
    spoiled_counts_as_participating: bool = True
    village_matter: str = VillageMatter.OTHER
    authorised: bool = False
    authorisation_reference: str = ""
    online_electorate: str = ""
    quorum: RuleFraction | None = None
    threshold: RuleFraction | None = None
    threshold_base: str = ThresholdBase.VOTES_CAST
    residence_rule: str = ResidenceRule.REGISTERED_AND_LONG_TERM


@dataclass(frozen=True, kw_only=True)
class VoteDraft:
    """What staff say about a vote: the question, where, under which basis, when, and how ballots are cast."""

    title: str
    question: str
    place: Place
    basis: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    secrecy: str = Secrecy.NAMED
    allow_change: bool = False
    settings: VoteSettings = VoteSettings()


def _fraction(value: RuleFraction | None, *, field: str) -> Threshold | None:
    """A configured share checked by the domain: at most all, not "more than all", no zero denominator."""
    if value is None:
        return None
    try:
        return Threshold.of(value.numerator, value.denominator, inclusive=value.inclusive)
    except DomainError as error:
        message = {
            "zero_denominator": _("The share needs a denominator greater than zero."),
            "invalid_threshold": _("A share must lie between 0 and 1 (for example 1/2 or 2/3)."),
            "impossible_threshold": _(
                "“More than all” can never be reached: choose a share below 1, or “all” with the number itself "
                "counting."
            ),
        }.get(error.code.value)
        if message is None:  # pragma: no cover - Threshold raises only the three codes above
            raise domain_refusal(error, field=field) from error
        raise ActionError(message, code=f"rule_{error.code.value}", field=field) from error


def _apply_settings(vote: Vote, settings: VoteSettings) -> None:
    """Check the basis's settings against the law and copy them onto the vote; unused settings are cleared."""
    basis = basis_rules.VoteBasis(vote.basis)
    vote.residence_rule = choice(
        settings.residence_rule, ResidenceRule.values, field="residence_rule", message=_("Unknown residence rule.")
    )
    vote.residents_mode = vote.villagers_mode = vote.resolving_body = ""
    vote.owners_matter = vote.matter_class_override = ""
    vote.village_matter, vote.authorised, vote.authorisation_reference = VillageMatter.OTHER, False, ""
    vote.quorum_numerator = vote.quorum_denominator = None
    vote.threshold_numerator = vote.threshold_denominator = None
    vote.quorum_inclusive, vote.threshold_inclusive = True, False
    vote.threshold_base = ThresholdBase.VOTES_CAST
    vote.count_non_voters, vote.spoiled_counts_as_participating = False, True
    if basis is B.RESIDENTS_ASSEMBLY:
        vote.residents_mode = choice(
            settings.residents_mode, ResidentsMode.values, field="residents_mode", message=_("Choose who attends.")
        )
    if basis in (B.VILLAGERS_ASSEMBLY, B.VILLAGER_GROUP) or (
        basis is B.FOUR_TWO_RESOLUTION and settings.resolving_body == ResolvingBody.VILLAGERS_ASSEMBLY
    ):
        vote.villagers_mode = choice(
            settings.villagers_mode, VillagersMode.values, field="villagers_mode", message=_("Choose who attends.")
        )
    if basis is B.FOUR_TWO_RESOLUTION:
        vote.resolving_body = choice(
            settings.resolving_body,
            ResolvingBody.values,
            field="resolving_body",
            message=_("Choose the assembly that resolves."),
        )
    if basis is B.VILLAGER_REPRESENTATIVES or vote.resolving_body == ResolvingBody.VILLAGER_REPRESENTATIVES:
        vote.village_matter = choice(
            settings.village_matter or VillageMatter.OTHER,
            VillageMatter.values,
            field="village_matter",
            message=_("Unknown matter."),
        )
        vote.authorised = settings.authorised
        vote.authorisation_reference = settings.authorisation_reference.strip()[:200]
        if vote.authorised and not vote.authorisation_reference:
            raise ActionError(
                _("Name the villagers' assembly meeting that gave the authorisation (CW-21), and its date."),
                code="authorisation_reference_missing",
                field="authorisation_reference",
            )
    if basis is B.OWNERS:
        _apply_owners(vote, settings)
    if basis in (B.ONLINE, B.RESIDENTS_REPRESENTATIVES):
        _apply_rule(vote, settings, required=basis is B.ONLINE)
    try:
        vote.electorate = basis_rules.electorate_for(
            basis=basis,
            residents_mode=ResidentsAssemblyMode(vote.residents_mode) if vote.residents_mode else None,
            villagers_mode=VillagersAssemblyMode(vote.villagers_mode) if vote.villagers_mode else None,
            resolving_body=ResolvingBodyName(vote.resolving_body) if vote.resolving_body else None,
            online_electorate=basis_rules.Electorate(settings.online_electorate)
            if settings.online_electorate in {item.value for item in basis_rules.Electorate}
            else None,
        )
    except DomainError as error:
        raise ActionError(
            _("Choose who votes: adult residents, household representatives or owners."),
            code="online_electorate_unknown",
            field="online_electorate",
        ) from error


def _apply_owners(vote: Vote, settings: VoteSettings) -> None:
    vote.owners_matter = choice(
        settings.owners_matter,
        [item.value for item in OwnersMatterName],
        field="owners_matter",
        message=_("Choose the item of Civil Code Art. 278 that the owners decide."),
    )
    if settings.matter_class_override:
        choice(
            settings.matter_class_override,
            MatterClassOverride.values,
            field="matter_class_override",
            message=_("Unknown classification."),
        )
        if OwnersMatterName(vote.owners_matter) not in UNCONFIRMED_MATTERS:
            raise ActionError(
                _("The law fixes whether this item is ordinary or major; only adding a lift is left to local rules."),
                code="matter_class_fixed",
                field="matter_class_override",
            )
        vote.matter_class_override = settings.matter_class_override
    vote.count_non_voters = settings.count_non_voters
    vote.spoiled_counts_as_participating = settings.spoiled_counts_as_participating


def _apply_rule(vote: Vote, settings: VoteSettings, *, required: bool) -> None:
    if required and settings.threshold is None:
        raise ActionError(_("Set the share of votes needed to pass."), code="rule_threshold_missing", field="threshold")
    quorum = _fraction(settings.quorum, field="quorum")
    threshold = _fraction(settings.threshold, field="threshold")
    if quorum is not None and settings.quorum is not None:
        vote.quorum_numerator = settings.quorum.numerator
        vote.quorum_denominator = settings.quorum.denominator
        vote.quorum_inclusive = quorum.inclusive
    if threshold is not None and settings.threshold is not None:
        vote.threshold_numerator = settings.threshold.numerator
        vote.threshold_denominator = settings.threshold.denominator
        vote.threshold_inclusive = threshold.inclusive
    if vote.basis == B.ONLINE:
        vote.threshold_base = choice(
            settings.threshold_base, ThresholdBase.values, field="threshold_base", message=_("Unknown base.")
        )


def _check_draft(draft: VoteDraft, *, now: datetime.datetime) -> tuple[str, str, Place]:
    title, question = draft.title.strip(), draft.question.strip()
    if not title:
        raise ActionError(_("A vote needs a title."), code="vote_title_empty", field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(_("The title is longer than 100 characters."), code="vote_title_long", field="title")
    if not question:
        raise ActionError(_("Write the question the voters answer."), code="vote_question_empty", field="question")
    if len(question) > QUESTION_MAX:
        raise ActionError(
            _("The question is longer than 2,000 characters."), code="vote_question_long", field="question"
        )
    basis = choice(draft.basis, Basis.values, field="basis", message=_("Choose the legal basis of the vote."))
    place = draft.place
    if place.kind not in PLACE_KINDS[basis]:
        raise ActionError(_place_message(basis), code="vote_place_kind", field="place")
    if not basis_rules.allowed_for(basis=basis_rules.VoteBasis(basis), is_rural=place.is_rural):
        message = (
            _("Villages decide under the Villagers' Committees Organic Law: choose a villagers' meeting.")
            if place.is_rural
            else _("Villagers' meetings are held in villages: choose a residents' assembly or an online vote.")
        )
        raise ActionError(message, code="vote_basis_place", field="basis")
    community = place.ancestor_of_kind(PlaceKind.COMMUNITY)
    if community is None:
        raise ActionError(_("Choose a place inside a community."), code="vote_place_outside", field="place")
    if draft.closes_at <= draft.opens_at:
        raise ActionError(_("The vote must close after it opens."), code="vote_window_reversed", field="closes_at")
    if draft.closes_at <= now:
        raise ActionError(_("The closing time has already passed."), code="vote_window_past", field="closes_at")
    if draft.secrecy not in Secrecy.values:
        raise ActionError(_("Choose a named or a secret ballot."), code="vote_secrecy_unknown", field="secrecy")
    if draft.secrecy == Secrecy.SECRET and basis in basis_rules.NAMED_ONLY_BASES:
        raise ActionError(
            _("Owners sign their votes (YZ-9): an owners' decision uses named ballots."),
            code="vote_owners_named",
            field="secrecy",
        )
    if draft.allow_change and draft.secrecy == Secrecy.SECRET:
        raise ActionError(
            _("A secret ballot cannot be changed once cast."), code="vote_secret_change", field="allow_change"
        )
    return title, question, community


def _place_message(basis: str) -> str:
    if basis == B.VILLAGER_GROUP:
        return gettext("A villagers' group meeting is held in a villagers' group.")
    if basis in (B.OWNERS, B.ONLINE):
        return gettext("Choose the compound, building or community whose people vote.")
    return gettext("An assembly is held for the whole community or village: choose the community.")


def _check_matter(matter: Matter | None, place: Place) -> None:
    if matter is not None and not place.path.startswith(matter.community.path):
        raise ActionError(
            _("The vote's place must lie in the matter's community."), code="vote_matter_elsewhere", field="matter"
        )


def _create_options(vote: Vote) -> None:
    kinds = [OptionKind.AGREE, OptionKind.DISAGREE, OptionKind.ABSTAIN]
    if vote.is_owners:
        kinds.append(OptionKind.SPOILED)
    VoteOption.objects.bulk_create(
        [VoteOption(vote=vote, kind=kind, position=position) for position, kind in enumerate(kinds, start=1)]
    )


@transaction.atomic
def create_vote(*, actor: Actor, draft: VoteDraft, matter: Matter | None = None) -> Vote:
    """Draft a vote: the question, the legal basis and its settings, the window and the kind of ballot."""
    require(actor, Capability.MANAGE_VOTE, draft.place)
    title, question, community = _check_draft(draft, now=timezone.now())
    _check_matter(matter, draft.place)
    vote = Vote(
        title=title,
        question=question,
        matter=matter,
        place=draft.place,
        community=community,
        basis=draft.basis,
        opens_at=draft.opens_at,
        closes_at=draft.closes_at,
        secrecy=draft.secrecy,
        allow_change=draft.allow_change,
        created_by=staff_user(actor),
    )
    _apply_settings(vote, draft.settings)
    vote.save()
    _create_options(vote)
    record_audit(
        actor=actor, verb="vote.create", target=vote, place=vote.place, changes=diff({}, snapshot(vote, AUDITED))
    )
    if matter is not None:
        record_event(
            matter=matter,
            kind="decision.vote_drafted",
            actor=actor,
            title=vote.title,
            url=vote.get_absolute_url(),
            public=False,
            notify_followers=False,
        )
    return vote


@transaction.atomic
def update_vote(*, actor: Actor, vote: Vote, draft: VoteDraft) -> Vote:
    """Change a draft vote; once open, only its roll's authorities, ballots and meeting records change."""
    vote = locked(vote)
    require(actor, Capability.MANAGE_VOTE, vote.place)
    require(actor, Capability.MANAGE_VOTE, draft.place)
    require_status(vote, VoteStatus.DRAFT)
    title, question, community = _check_draft(draft, now=timezone.now())
    _check_matter(vote.matter, draft.place)
    before = snapshot(vote, AUDITED)
    was_owners = vote.is_owners
    vote.title, vote.question, vote.place, vote.community = title, question, draft.place, community
    vote.basis, vote.opens_at, vote.closes_at = draft.basis, draft.opens_at, draft.closes_at
    vote.secrecy, vote.allow_change = draft.secrecy, draft.allow_change
    _apply_settings(vote, draft.settings)
    vote.save()
    if was_owners != vote.is_owners:
        VoteOption.objects.filter(vote=vote).delete()
        _create_options(vote)
    changes = diff(before, snapshot(vote, AUDITED))
    if changes:
        record_audit(actor=actor, verb="vote.update", target=vote, place=vote.place, changes=changes)
    return vote


@dataclass(frozen=True, kw_only=True)
class AreaInput:
    """An exclusive area entered for a unit on the roll source: the raw text and where it comes from (YZ-6)."""

    unit: Place
    area: str
    source: str = "contract"


def _parse_area(raw: str, unit: Place) -> Decimal | None:
    text = raw.strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ActionError(
            gettext("The area of %(unit)s must be a number of square metres.")
            % {"unit": roll_building.unit_label(unit)},
            code="area_not_numeric",
            field="areas",
        ) from error
    if not value.is_finite() or value <= 0:
        raise ActionError(
            gettext("The area of %(unit)s must be greater than zero.") % {"unit": roll_building.unit_label(unit)},
            code="area_not_positive",
            field="areas",
        )
    if value != value.quantize(Decimal("0.01")) or value >= Decimal("100000000"):
        raise ActionError(
            gettext("The area of %(unit)s has at most two decimal places and fewer than nine digits.")
            % {"unit": roll_building.unit_label(unit)},
            code="area_precision",
            field="areas",
        )
    return value


@transaction.atomic
def update_roll_source(
    *,
    actor: Actor,
    vote: Vote,
    residence_rule: str,
    online_electorate: str = "",
    areas: Sequence[AreaInput] = (),
) -> Vote:
    """Edit where the roll comes from before the vote opens: who counts as a resident, who votes online, and
    the exclusive areas of units the register lacks. A bad area is refused and nothing is written."""
    vote = locked(vote)
    require(actor, Capability.MANAGE_VOTE, vote.place)
    require_status(vote, VoteStatus.DRAFT)
    before = snapshot(vote, ("residence_rule", "electorate"))
    vote.residence_rule = choice(
        residence_rule, ResidenceRule.values, field="residence_rule", message=_("Unknown residence rule.")
    )
    if vote.basis == B.ONLINE and online_electorate:
        if online_electorate not in {item.value for item in basis_rules.ONLINE_ELECTORATES}:
            raise ActionError(
                _("Choose who votes: adult residents, household representatives or owners."),
                code="online_electorate_unknown",
                field="online_electorate",
            )
        vote.electorate = online_electorate
    parsed: list[tuple[Place, Decimal | None, str]] = []
    for item in areas:
        if item.unit.kind != PlaceKind.UNIT or not item.unit.path.startswith(vote.place.path):
            raise ActionError(_("That unit is not at the vote's place."), code="area_unit_elsewhere", field="areas")
        if item.source not in roll_building.AREA_SOURCES:
            raise ActionError(_("Unknown area source."), code="area_source_unknown", field="areas")
        parsed.append((item.unit, _parse_area(item.area, item.unit), item.source))
    vote.save(update_fields=["residence_rule", "electorate", "updated_at"])
    changes = diff(before, snapshot(vote, ("residence_rule", "electorate")))
    for unit, area, source in parsed:
        if area is None:
            removed, _kinds = AreaCorrection.objects.filter(vote=vote, unit=unit).delete()
            if removed:
                changes[f"area:{unit.pk}"] = ["", None]
            continue
        AreaCorrection.objects.update_or_create(
            vote=vote, unit=unit, defaults={"area": area, "source": source, "recorded_by": staff_user(actor)}
        )
        changes[f"area:{unit.pk}"] = [None, f"{area} ({source})"]
    if changes:
        record_audit(actor=actor, verb="vote.roll_source", target=vote, place=vote.place, changes=changes)
    return vote


def place_fits(basis: str, place: Place) -> bool:
    """Whether a vote under `basis` can be held for the people of `place` (its kind, village or city)."""
    return (
        basis in PLACE_KINDS
        and place.kind in PLACE_KINDS[basis]
        and basis_rules.allowed_for(basis=basis_rules.VoteBasis(basis), is_rural=place.is_rural)
    )
