"""Counting a closed vote: SQL aggregation over the ballots, then the rule of law from the domain.

The figures come from one GROUP BY per table (COUNT, and SUM of exclusive area for owners) — never from
loading the ballots into Python. They become a case of the JSON interface (docs/rules-json.md) and are
evaluated by `evaluate_case`, so the stored result is exactly what anyone gets by re-checking that case.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from yishi.audit.errors import ActionError
from yishi.decisions.domain.basis import VoteBasis
from yishi.decisions.domain.cases import evaluate_case
from yishi.decisions.errors import current_language
from yishi.decisions.models import (
    Attendance,
    Ballot,
    OptionKind,
    SecretBallot,
    ShowOfHands,
    ThresholdBase,
    Vote,
    VoteOption,
)

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
KINDS = tuple(OptionKind.values)


@dataclass(frozen=True)
class Counts:
    """Ballots per option kind (and their exclusive area, for owners), attendance and how hands were counted."""

    ballots: Mapping[str, int]
    areas: Mapping[str, Decimal] = field(default_factory=dict)
    present: int | None = None
    show_of_hands: bool = False

    @property
    def cast(self) -> int:
        """Valid ballots: agree, disagree and abstain (spoiled ones apart, YZ-11)."""
        return sum(self.ballots.get(kind, 0) for kind in (OptionKind.AGREE, OptionKind.DISAGREE, OptionKind.ABSTAIN))

    def area(self, kind: str) -> Decimal:
        return self.areas.get(kind, ZERO)


def named_ballot_totals(vote: Vote) -> "QuerySet[Any, Any]":
    """COUNT and SUM of the area per option: one GROUP BY, read from the covering index `ballot_tally` alone
    (`COUNT(*)`, not of the id, which the index does not hold: PostgreSQL would read every row of the table)."""
    return (
        Ballot.objects.filter(vote=vote)
        .values("option_id")
        .annotate(count=Count("*"), area=Sum("area_hundredths"))
        .order_by()
    )


def count_ballots(vote: Vote) -> Counts:
    """One aggregate query per source of ballots; plus the attendance count for a meeting."""
    kind_of = dict(VoteOption.objects.filter(vote=vote).values_list("id", "kind"))
    ballots = dict.fromkeys(KINDS, 0)
    areas = dict.fromkeys(KINDS, ZERO)
    if vote.is_secret:
        rows = SecretBallot.objects.filter(vote=vote).values("option_id").annotate(count=Count("*"))
        for row in rows.order_by():
            ballots[kind_of[row["option_id"]]] += row["count"]
    else:
        for totals in named_ballot_totals(vote):
            kind = kind_of[totals["option_id"]]
            ballots[kind] += totals["count"]
            areas[kind] += Decimal(totals["area"] or 0) / HUNDRED
    present: int | None = None
    show_of_hands = False
    if vote.is_meeting:
        present = Attendance.objects.filter(vote=vote).count()
        hands = ShowOfHands.objects.filter(vote=vote).first()
        if hands is not None:
            show_of_hands = True
            ballots.update(
                {OptionKind.AGREE: hands.agree, OptionKind.DISAGREE: hands.disagree, OptionKind.ABSTAIN: hands.abstain}
            )
    return Counts(ballots=ballots, areas=areas, present=present, show_of_hands=show_of_hands)


def _threshold(numerator: int | None, denominator: int | None, inclusive: bool) -> dict[str, object] | None:
    if numerator is None or denominator is None:
        return None
    return {"fraction": f"{numerator}/{denominator}", "inclusive": inclusive}


def rule_thresholds(vote: Vote) -> tuple[dict[str, object] | None, dict[str, object] | None]:
    """The configured (quorum, threshold) of the vote as JSON thresholds, None where not set."""
    return (
        _threshold(vote.quorum_numerator, vote.quorum_denominator, vote.quorum_inclusive),
        _threshold(vote.threshold_numerator, vote.threshold_denominator, vote.threshold_inclusive),
    )


def build_case(vote: Vote, counts: Counts) -> dict[str, object]:
    """The vote's figures as a case of the JSON interface."""
    basis = VoteBasis(vote.basis)
    yes = counts.ballots.get(OptionKind.AGREE, 0)
    if basis is VoteBasis.OWNERS:
        return _owners_case(vote, counts)
    if basis is VoteBasis.ONLINE:
        quorum, threshold = rule_thresholds(vote)
        rule: dict[str, object] = {
            "threshold": threshold,
            "threshold_base": vote.threshold_base or ThresholdBase.VOTES_CAST,
        }
        if quorum is not None:
            rule["quorum"] = quorum
        return {
            "rule": "vote.online",
            "voting_rule": rule,
            "eligible": vote.roll_size,
            "votes_cast": counts.cast,
            "yes": yes,
        }
    present = counts.present or 0
    meeting = {"present": present, "yes": yes}
    if basis is VoteBasis.RESIDENTS_ASSEMBLY:
        return {"rule": "meeting.residents_assembly", "mode": vote.residents_mode, "base": vote.roll_size, **meeting}
    if basis is VoteBasis.RESIDENTS_REPRESENTATIVES:
        case: dict[str, object] = {"rule": "meeting.residents_representatives", "members": vote.roll_size, **meeting}
        quorum, threshold = rule_thresholds(vote)
        body_rule = {key: value for key, value in (("quorum", quorum), ("decision", threshold)) if value is not None}
        if body_rule:
            case["body_rule"] = body_rule
        return case
    representatives = basis is VoteBasis.VILLAGER_REPRESENTATIVES or (
        basis is VoteBasis.FOUR_TWO_RESOLUTION and vote.resolving_body == "villager_representatives"
    )
    if representatives:
        return {
            "rule": "meeting.villager_representatives",
            "members": vote.roll_size,
            **meeting,
            "matter": vote.village_matter,
            "authorised": vote.authorised,
        }
    rule_id = "meeting.villager_group" if basis is VoteBasis.VILLAGER_GROUP else "meeting.villagers_assembly"
    return {"rule": rule_id, "mode": vote.villagers_mode, "base": vote.roll_size, **meeting}


def _owners_case(vote: Vote, counts: Counts) -> dict[str, object]:
    agree, disagree, abstain = OptionKind.AGREE, OptionKind.DISAGREE, OptionKind.ABSTAIN
    participating_area = counts.area(agree) + counts.area(disagree) + counts.area(abstain)
    settings: dict[str, object] = {
        "count_non_voters": vote.count_non_voters,
        "spoiled_counts_as_participating": vote.spoiled_counts_as_participating,
    }
    if vote.matter_class_override:
        settings["classification_overrides"] = {vote.owners_matter: vote.matter_class_override}
    return {
        "rule": "owners.decision",
        "matter": vote.owners_matter,
        "figures": {
            "total_area": format(vote.roll_total_area or ZERO, "f"),
            "total_count": vote.roll_size,
            "participating_area": format(participating_area, "f"),
            "participating_count": counts.cast,
            "agree_area": format(counts.area(agree), "f"),
            "agree_count": counts.ballots.get(agree, 0),
            "spoiled_area": format(counts.area(OptionKind.SPOILED), "f"),
            "spoiled_count": counts.ballots.get(OptionKind.SPOILED, 0),
        },
        "settings": settings,
    }


def figures_of(vote: Vote, counts: Counts) -> dict[str, object]:
    """The figures shown beside the result: the roll, attendance and ballots per choice."""
    figures: dict[str, object] = {
        "roll_size": vote.roll_size,
        "ballots": {kind: counts.ballots.get(kind, 0) for kind in KINDS},
        "cast": counts.cast,
    }
    if vote.is_owners:
        figures["total_area"] = format(vote.roll_total_area or ZERO, "f")
        figures["areas"] = {kind: format(counts.area(kind), "f") for kind in KINDS}
    if counts.present is not None:
        figures["present"] = counts.present
        figures["show_of_hands"] = counts.show_of_hands
    return figures


def evaluate(case: Mapping[str, object]) -> dict[str, object]:
    """The domain's answer for the case; a refusal (impossible figures or rule) becomes an ActionError."""
    answer = evaluate_case(case)
    error = answer.get("error")
    if isinstance(error, dict):
        message = error["message"][current_language().value]
        raise ActionError(message, code=f"rule_{error['code']}", field=error.get("field"))
    return answer


def outcome_flags(rule: str, outcome: Mapping[str, object]) -> tuple[bool, bool]:
    """(passed, valid): the rule's result and its precondition (quorum, or the owners' participation)."""
    valid_key = "participation_met" if rule == "owners.decision" else "quorate"
    return bool(outcome["passed"]), bool(outcome[valid_key])
