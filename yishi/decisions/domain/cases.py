"""JSON interface: evaluate a case {"rule": id, ...figures...}; return outcome, conditions and explanation."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction
from types import MappingProxyType

from yishi.decisions.domain import (
    arithmetic,
    audits,
    committees,
    communities,
    deadlines,
    elections,
    meetings,
    online,
    owner_requests,
    owners,
    personal_data,
    publication,
    village,
)
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Assumption, Condition, Explained, Provision, explanation
from yishi.decisions.domain.numbers import Threshold
from yishi.decisions.domain.parsing import (
    Fields,
    read_threshold,
    to_bool,
    to_choice,
    to_count,
    to_date,
    to_mapping,
    to_text,
)
from yishi.decisions.domain.profiles import (
    PROFILES,
    ElectionProfile,
    Post,
    ProfileKey,
    Surplus,
    TieHandling,
    TooManyNames,
    VacancyRule,
    describe_profile,
)
from yishi.decisions.domain.texts import Text
from yishi.decisions.domain.validation import validate_count, validate_part


@dataclass(frozen=True)
class Result:
    """What a rule handler returns: the domain outcome and any extra outcome fields."""

    outcome: Explained
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))


Handler = Callable[[Fields], Result]


class ExcludedRoles(StrEnum):
    """Which exclusion list applies to the 村务监督委员会: the national law or 山东 第十四条."""

    NATIONAL = "national"
    SHANDONG = "shandong"


class CommitteeBody(StrEnum):
    """Bodies whose composition can be checked."""

    RESIDENTS_COMMITTEE = "residents_committee"
    VILLAGERS_COMMITTEE = "villagers_committee"
    VILLAGER_REPRESENTATIVES = "villager_representatives"
    SUPERVISION_COMMITTEE = "supervision_committee"
    OWNERS_COMMITTEE = "owners_committee"


# ----------------------------------------------------------------------------------------------------------
# JSON output


def to_json(value: object) -> object:
    """JSON value of a domain value: enums by value, ISO dates, decimals and fractions as exact strings."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, Mapping):
        return {str(to_json(key)): to_json(item) for key, item in value.items()}
    if isinstance(value, tuple | list | frozenset | set):
        items = [to_json(item) for item in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: to_json(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if item.name not in ("conditions", "assumptions")
        }
    raise TypeError(type(value).__name__)


def _threshold_json(threshold: Threshold | None) -> object:
    if threshold is None:
        return None
    return {"fraction": str(threshold.fraction), "inclusive": threshold.inclusive}


def condition_json(condition: Condition) -> dict[str, object]:
    """A condition as JSON."""
    return {
        "code": condition.code,
        "kind": condition.kind.value,
        "subject": condition.subject,
        "label": condition.label.as_dict(),
        "of_label": condition.of_label.as_dict() if condition.of_label else None,
        "numerator": condition.numerator,
        "denominator": condition.denominator,
        "threshold": _threshold_json(condition.threshold),
        "inclusive": condition.inclusive,
        "quantity": condition.quantity.value,
        "passed": condition.passed,
        "citation": condition.citation.text.as_dict(),
        "rule_ref": condition.citation.rule_ref,
        "status": condition.citation.status.value,
        "configurable": condition.configurable,
        "unconfirmed": condition.unconfirmed,
    }


def setting_json(item: Assumption) -> dict[str, object]:
    """A setting an outcome relied on, as JSON."""
    return {
        "code": item.code,
        "label": item.label.as_dict(),
        "value": item.value.as_dict(),
        "citation": item.citation.text.as_dict(),
        "rule_ref": item.citation.rule_ref,
        "status": item.citation.status.value,
        "configurable": item.configurable,
        "unconfirmed": item.unconfirmed,
    }


def _configurable(outcome: Explained) -> list[dict[str, object]]:
    entries: dict[str, dict[str, object]] = {}
    items: list[tuple[str, Condition | Assumption]] = [("condition", item) for item in outcome.conditions]
    items += [("setting", item) for item in outcome.assumptions]
    for kind, item in items:
        if item.configurable and item.code not in entries:
            entries[item.code] = {
                "code": item.code,
                "type": kind,
                "label": item.label.as_dict(),
                "rule_ref": item.citation.rule_ref,
                "status": item.citation.status.value,
                "unconfirmed": item.unconfirmed,
            }
    return list(entries.values())


def result_json(rule: str, result: Result) -> dict[str, object]:
    """The full JSON answer for a successfully evaluated case."""
    outcome = to_json(result.outcome)
    assert isinstance(outcome, dict)
    outcome.update({key: to_json(value) for key, value in result.extra.items()})
    return {
        "rule": rule,
        "outcome": outcome,
        "conditions": [condition_json(item) for item in result.outcome.conditions],
        "settings": [setting_json(item) for item in result.outcome.assumptions],
        "explanation": {language: list(lines) for language, lines in explanation(result.outcome).items()},
        "configurable": _configurable(result.outcome),
    }


def error_json(error: DomainError, *, rule: str | None = None) -> dict[str, object]:
    """The JSON answer for invalid input."""
    return {
        "rule": rule,
        "error": {"code": error.code.value, "message": error.message.as_dict(), "field": error.field},
    }


# ----------------------------------------------------------------------------------------------------------
# Shared readers


def _proposals(fields: Fields, key: str, *, count_key: str = "proposers") -> meetings.ProposalCount | None:
    nested = fields.optional_nested(key)
    if nested is None:
        return None
    pair = meetings.ProposalCount(proposers=nested.count(count_key), total=nested.count("total"))
    nested.finish()
    return pair


def _body_rule(fields: Fields, default: meetings.BodyRule) -> meetings.BodyRule:
    nested = fields.optional_nested("body_rule")
    if nested is None:
        return default
    quorum = nested.optional_threshold("quorum")
    decision = nested.optional_threshold("decision")
    nested.finish()
    return meetings.BodyRule(
        quorum=default.quorum if quorum is None else default.quorum.customised(quorum),
        decision=default.decision if decision is None else default.decision.customised(decision),
    )


def _tallies(fields: Fields, key: str = "tallies") -> dict[str, int]:
    raw = fields.mapping(key)
    return {name: to_count(votes, field=f"{fields.name(key)}.{name}") for name, votes in raw.items()}


def _names(fields: Fields, key: str) -> tuple[str, ...]:
    return tuple(to_text(item, field=f"{fields.name(key)}[{index}]") for index, item in enumerate(fields.items(key)))


# Profile overrides: field name -> reader of the JSON value.
def _optional_count(value: object, name: str) -> int | None:
    return None if value is None else validate_count(to_count(value, field=name), field=name)


def _optional_threshold(value: object, name: str) -> Threshold | None:
    return None if value is None else read_threshold(value, field=name)


def _vacancy(value: object, name: str) -> VacancyRule:
    fields = Fields(value, path=name)
    rule = VacancyRule(
        min_elected=validate_count(fields.count("min_elected"), field=fields.name("min_elected")),
        requires_chair=fields.flag("requires_chair"),
        assembly_decides=fields.flag("assembly_decides"),
        after_first_round=fields.flag("after_first_round"),
        after_runoff=fields.flag("after_runoff"),
    )
    fields.finish()
    return rule


def _surplus(value: object, name: str) -> Mapping[Post, Surplus]:
    result: dict[Post, Surplus] = {}
    for post_name, item in to_mapping(value, field=name).items():
        post = to_choice(post_name, Post, field=f"{name}.{post_name}")
        fields = Fields(item, path=f"{name}.{post_name}")
        minimum = validate_count(fields.count("minimum"), field=fields.name("minimum"))
        maximum = fields.optional_count("maximum")
        fields.finish()
        if maximum is not None:
            validate_part(minimum, maximum, field=fields.name("minimum"), whole_field=fields.name("maximum"))
        result[post] = Surplus(minimum, maximum)
    return MappingProxyType(result)


_OVERRIDES: Mapping[str, Callable[[object, str], object]] = MappingProxyType(
    {
        "non_hukou_min_years": lambda value, name: validate_count(to_count(value, field=name), field=name),
        "work_counts_as_residence": lambda value, name: to_bool(value, field=name),
        "turnout": lambda value, name: read_threshold(value, field=name),
        "winning": lambda value, name: read_threshold(value, field=name),
        "tie_handling": lambda value, name: to_choice(value, TieHandling, field=name),
        "too_many_names": lambda value, name: to_choice(value, TooManyNames, field=name),
        "same_person_two_posts_void": lambda value, name: to_bool(value, field=name),
        "candidate_surplus": _surplus,
        "self_nomination_allowed": lambda value, name: to_bool(value, field=name),
        "runoff_floor": lambda value, name: read_threshold(value, field=name),
        "runoff_requires_turnout": lambda value, name: to_bool(value, field=name),
        "runoff_within_days": _optional_count,
        "vacancy": _vacancy,
        "proxy_allowed": lambda value, name: to_bool(value, field=name),
        "proxy_cap": _optional_count,
        "proxy_candidate_may_hold": lambda value, name: to_bool(value, field=name),
        "proxy_sub_delegation_allowed": lambda value, name: to_bool(value, field=name),
        "proxy_days_before": _optional_count,
        "proxy_list_days_before": _optional_count,
        "proxy_unpublished_void": lambda value, name: to_bool(value, field=name),
        "mobile_box_min_monitors": lambda value, name: validate_count(to_count(value, field=name), field=name),
        "mobile_box_requires_approval": lambda value, name: to_bool(value, field=name),
        "recall_start_voters": lambda value, name: read_threshold(value, field=name),
        "recall_start_representatives": _optional_threshold,
        "recall_turnout": lambda value, name: read_threshold(value, field=name),
        "recall_approval": lambda value, name: read_threshold(value, field=name),
        "recall_vote_within_days": _optional_count,
        "by_election_turnout_assembly": lambda value, name: read_threshold(value, field=name),
        "by_election_turnout_representatives": _optional_threshold,
    }
)


def _profile(fields: Fields) -> ElectionProfile:
    profile = PROFILES[fields.choice("profile", ProfileKey, ProfileKey.NATIONAL)]
    overrides = fields.optional_mapping("profile_overrides")
    changes: dict[str, object] = {}
    for key, value in overrides.items():
        name = f"{fields.name('profile_overrides')}.{key}"
        reader = _OVERRIDES.get(key)
        if reader is None:
            raise DomainError(ErrorCode.UNKNOWN_FIELD, field=name)
        current = getattr(profile, key)
        assert isinstance(current, Provision)
        parsed = reader(value, name)
        if isinstance(parsed, Mapping) and isinstance(current.value, Mapping):
            parsed = MappingProxyType({**current.value, **parsed})
        changes[key] = current.customised(parsed)
    return dataclasses.replace(profile, **changes)  # type: ignore[arg-type]


def _profile_extra(profile: ElectionProfile) -> dict[str, object]:
    return {"profile": profile.key}


# ----------------------------------------------------------------------------------------------------------
# Rule handlers


def _number_threshold(fields: Fields) -> Result:
    return Result(
        arithmetic.evaluate_threshold(
            value=fields.number("value"),
            total=fields.number("total"),
            threshold=fields.threshold("threshold"),
        )
    )


def _owner_settings(fields: Fields) -> owners.OwnersSettings:
    nested = fields.optional_nested("settings")
    if nested is None:
        return owners.OwnersSettings()
    overrides = {
        to_choice(key, owners.OwnersMatter, field=f"{nested.name('classification_overrides')}.{key}"): to_choice(
            value, owners.MatterClass, field=f"{nested.name('classification_overrides')}.{key}"
        )
        for key, value in nested.optional_mapping("classification_overrides").items()
    }
    settings = owners.OwnersSettings(
        classification_overrides=MappingProxyType(overrides),
        count_non_voters=nested.flag("count_non_voters", False),
        spoiled_counts_as_participating=nested.flag("spoiled_counts_as_participating", True),
    )
    nested.finish()
    return settings


def _units(fields: Fields) -> list[owners.ExclusivePart]:
    parts: list[owners.ExclusivePart] = []
    for index, item in enumerate(fields.items("units")):
        unit = Fields(item, path=f"{fields.name('units')}[{index}]")
        developer = unit.flag("developer_unsold", False)
        owner_ids = tuple(
            to_text(owner, field=f"{unit.name('owner_ids')}[{position}]")
            for position, owner in enumerate(unit.optional_items("owner_ids"))
        )
        parts.append(
            owners.ExclusivePart(
                unit_id=unit.text("unit_id"),
                owner_ids=owner_ids,
                register_area=unit.optional_decimal("register_area"),
                surveyed_area=unit.optional_decimal("surveyed_area"),
                contract_area=unit.optional_decimal("contract_area"),
                is_developer_unsold=developer,
            )
        )
        unit.finish()
    return parts


def _roll_json(roll: owners.OwnersRoll) -> dict[str, object]:
    return {
        "total_area": roll.total_area,
        "total_count": roll.total_count,
        "units": roll.units,
        "area_sources": roll.area_sources,
        "voters": roll.voters,
    }


def _owners_roll(fields: Fields) -> Result:
    roll = owners.build_roll(parts=_units(fields))
    return Result(roll)


def _owners_decision(fields: Fields) -> Result:
    matter = fields.choice("matter", owners.OwnersMatter)
    settings = _owner_settings(fields)
    figures_fields = fields.optional_nested("figures")
    if figures_fields is not None:
        if fields.has("units") or fields.has("ballots"):
            raise DomainError(ErrorCode.NOT_APPLICABLE, field="units")
        figures = owners.OwnersFigures(
            total_area=figures_fields.decimal("total_area"),
            total_count=figures_fields.count("total_count"),
            participating_area=figures_fields.decimal("participating_area"),
            participating_count=figures_fields.count("participating_count"),
            agree_area=figures_fields.decimal("agree_area"),
            agree_count=figures_fields.count("agree_count"),
            spoiled_area=figures_fields.decimal("spoiled_area", Decimal(0)),
            spoiled_count=figures_fields.count("spoiled_count", 0),
        )
        figures_fields.finish()
        return Result(owners.evaluate_owners_decision(matter=matter, figures=figures, settings=settings))
    roll = owners.build_roll(parts=_units(fields))
    ballots = {
        unit_id: to_choice(choice, owners.Choice, field=f"{fields.name('ballots')}.{unit_id}")
        for unit_id, choice in fields.mapping("ballots").items()
    }
    figures = owners.tally_ballots(roll=roll, ballots=ballots)
    decision = owners.evaluate_owners_decision(matter=matter, figures=figures, settings=settings)
    combined = dataclasses.replace(decision, assumptions=roll.assumptions + decision.assumptions)
    return Result(combined, {"figures": figures, "roll": _roll_json(roll)})


def _meeting_fields(fields: Fields) -> tuple[int, int, int]:
    return fields.count("base"), fields.count("present"), fields.count("yes")


def _residents_assembly(fields: Fields) -> Result:
    base, present, yes = _meeting_fields(fields)
    return Result(
        meetings.evaluate_residents_assembly(
            mode=fields.choice("mode", meetings.ResidentsAssemblyMode),
            base=base,
            present=present,
            yes=yes,
            groups=fields.optional_count("groups"),
        )
    )


def _owners_convene(fields: Fields) -> Result:
    area_fields = fields.optional_nested("area")
    area = None
    if area_fields is not None:
        area = owner_requests.AreaShare(proposing=area_fields.decimal("proposing"), total=area_fields.decimal("total"))
        area_fields.finish()
    return Result(
        owner_requests.owners_meeting_must_convene(
            proposers=fields.count("proposers"), owners=fields.count("owners"), area=area
        )
    )


def _owners_business_use(fields: Fields) -> Result:
    return Result(
        owner_requests.evaluate_business_use(
            interested=fields.count("interested"),
            consenting=fields.count("consenting"),
            within_rules=fields.flag("within_rules", True),
        )
    )


def _residents_assembly_convene(fields: Fields) -> Result:
    return Result(
        meetings.residents_assembly_must_convene(
            residents=_proposals(fields, "residents"),
            households=_proposals(fields, "households"),
            groups=_proposals(fields, "groups"),
        )
    )


def _residents_representatives(fields: Fields) -> Result:
    return Result(
        meetings.evaluate_residents_representatives(
            members=fields.count("members"),
            present=fields.count("present"),
            yes=fields.count("yes"),
            rule=_body_rule(fields, meetings.RESIDENTS_REPRESENTATIVES_DEFAULT),
        )
    )


def _committee_decision(fields: Fields) -> Result:
    return Result(
        meetings.evaluate_committee_decision(
            members=fields.count("members"),
            present=fields.count("present"),
            yes=fields.count("yes"),
            rule=_body_rule(fields, meetings.COMMITTEE_DECISION_DEFAULT),
        )
    )


def _villagers_assembly(fields: Fields) -> Result:
    base, present, yes = _meeting_fields(fields)
    return Result(
        meetings.evaluate_villagers_assembly(
            mode=fields.choice("mode", meetings.VillagersAssemblyMode), base=base, present=present, yes=yes
        )
    )


def _villagers_assembly_convene(fields: Fields) -> Result:
    return Result(
        meetings.villagers_assembly_must_convene(
            villagers=_proposals(fields, "villagers"), representatives=_proposals(fields, "representatives")
        )
    )


def _villager_representatives(fields: Fields) -> Result:
    return Result(
        meetings.evaluate_villager_representatives(
            members=fields.count("members"),
            present=fields.count("present"),
            yes=fields.count("yes"),
            matter=fields.choice("matter", meetings.VillageMatter, meetings.VillageMatter.OTHER),
            authorised=fields.flag("authorised", False),
        )
    )


def _villager_representatives_convene(fields: Fields) -> Result:
    pair = _proposals(fields, "representatives")
    if pair is None:
        raise DomainError(ErrorCode.MISSING_FIELD, field="representatives")
    return Result(meetings.villager_representatives_must_convene(representatives=pair))


def _villager_group(fields: Fields) -> Result:
    base, present, yes = _meeting_fields(fields)
    return Result(
        meetings.evaluate_villager_group(
            mode=fields.choice("mode", meetings.VillagersAssemblyMode), base=base, present=present, yes=yes
        )
    )


def _online_vote(fields: Fields) -> Result:
    rule_fields = fields.nested("voting_rule")
    rule = online.OnlineVoteRule(
        threshold=rule_fields.threshold("threshold"),
        threshold_base=rule_fields.choice("threshold_base", online.VoteBase, online.VoteBase.VOTES_CAST),
        quorum=rule_fields.optional_threshold("quorum"),
    )
    rule_fields.finish()
    return Result(
        online.evaluate_online_vote(
            rule=rule,
            eligible=fields.count("eligible"),
            votes_cast=fields.count("votes_cast"),
            yes=fields.count("yes"),
        )
    )


def _four_two(fields: Fields) -> Result:
    steps: list[village.StepRecord] = []
    for index, item in enumerate(fields.items("steps")):
        step = Fields(item, path=f"{fields.name('steps')}[{index}]")
        steps.append(village.StepRecord(step=step.choice("step", village.FourTwoStep), on=step.optional_day("on")))
        step.finish()
    resolution: village.Resolution | None = None
    nested = fields.optional_nested("resolution")
    if nested is not None:
        resolution = village.Resolution(
            body=nested.choice("body", village.ResolvingBody),
            base=nested.count("base"),
            present=nested.count("present"),
            yes=nested.count("yes"),
            mode=nested.choice("mode", meetings.VillagersAssemblyMode, meetings.VillagersAssemblyMode.INDIVIDUAL),
            matter=nested.choice("matter", meetings.VillageMatter, meetings.VillageMatter.OTHER),
            authorised=nested.flag("authorised", False),
        )
        nested.finish()
    party: village.PartyMeeting | None = None
    party_fields = fields.optional_nested("party_meeting")
    if party_fields is not None:
        party = village.PartyMeeting(members=party_fields.count("members"), present=party_fields.count("present"))
        party_fields.finish()
    settings = village.FourTwoSettings()
    settings_fields = fields.optional_nested("settings")
    if settings_fields is not None:
        if settings_fields.has("allow_merged_proposal"):
            merged = settings.allow_merged_proposal.customised(settings_fields.flag("allow_merged_proposal"))
            settings = dataclasses.replace(settings, allow_merged_proposal=merged)
        quorum = settings_fields.optional_threshold("party_meeting_quorum")
        if quorum is not None:
            settings = dataclasses.replace(
                settings, party_meeting_quorum=settings.party_meeting_quorum.customised(quorum)
            )
        settings_fields.finish()
    return Result(village.evaluate_four_two(steps=steps, resolution=resolution, party_meeting=party, settings=settings))


def _registration(fields: Fields) -> Result:
    profile = _profile(fields)
    person = fields.nested("person")
    facts = elections.RegistrantFacts(
        birth_date=person.day("birth_date"),
        hukou_here=person.flag("hukou_here"),
        lives_here=person.flag("lives_here"),
        registered_elsewhere=person.flag("registered_elsewhere", False),
        deprived_of_political_rights=person.flag("deprived_of_political_rights", False),
        expressed_wish=person.flag("expressed_wish", False),
        applied=person.flag("applied", False),
        assembly_agreed=person.flag("assembly_agreed", False),
        resident_since=person.optional_day("resident_since"),
        works_here_since=person.optional_day("works_here_since"),
    )
    person.finish()
    outcome = elections.evaluate_registration(facts=facts, election_day=fields.day("election_day"), profile=profile)
    return Result(outcome, _profile_extra(profile))


def _validity(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_validity(
        registered=fields.count("registered"),
        voters=fields.count("voters"),
        ballots_in_box=fields.count("ballots_in_box"),
        profile=profile,
        round_=fields.choice("round", elections.ElectionRound, elections.ElectionRound.FIRST),
    )
    return Result(outcome, _profile_extra(profile))


def _ballot(fields: Fields) -> Result:
    profile = _profile(fields)
    seats = {
        to_choice(post, Post, field=f"{fields.name('seats')}.{post}"): to_count(
            count, field=f"{fields.name('seats')}.{post}"
        )
        for post, count in fields.mapping("seats").items()
    }
    marks_fields = fields.nested("marks")
    marks = {
        to_choice(post, Post, field=marks_fields.name(post)): _names(marks_fields, post)
        for post in marks_fields.names()
    }
    marks_fields.finish()
    outcome = elections.evaluate_ballot(marks=marks, seats=seats, profile=profile, legible=fields.flag("legible", True))
    return Result(outcome, _profile_extra(profile))


def _winners(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.determine_winners(
        voters=fields.count("voters"),
        seats=fields.count("seats"),
        tallies=_tallies(fields),
        profile=profile,
        post=fields.choice("post", Post, Post.MEMBER),
    )
    return Result(outcome, _profile_extra(profile))


def _runoff(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_runoff(
        registered=fields.count("registered"),
        voters=fields.count("voters"),
        ballots_cast=fields.count("ballots_cast"),
        seats=fields.count("seats"),
        candidates=_names(fields, "candidates"),
        tallies=_tallies(fields),
        profile=profile,
    )
    return Result(outcome, _profile_extra(profile))


def _vacancies(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_vacancies(
        seats=fields.count("seats"),
        elected=fields.count("elected"),
        chair_elected=fields.flag("chair_elected"),
        stage=fields.choice("stage", elections.ElectionRound),
        profile=profile,
    )
    return Result(outcome, _profile_extra(profile))


def _candidates(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_candidate_list(
        post=fields.choice("post", Post),
        seats=fields.count("seats"),
        candidates=fields.count("candidates"),
        profile=profile,
        self_nomination=fields.flag("self_nomination", False),
    )
    return Result(outcome, _profile_extra(profile))


def _recall_start(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_recall_start(
        voters=_proposals(fields, "voters", count_key="signers"),
        representatives=_proposals(fields, "representatives", count_key="signers"),
        reasons_stated=fields.flag("reasons_stated"),
        profile=profile,
    )
    return Result(outcome, _profile_extra(profile))


def _recall_vote(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_recall_vote(
        registered=fields.count("registered"),
        voted=fields.count("voted"),
        approve=fields.count("approve"),
        profile=profile,
    )
    return Result(outcome, _profile_extra(profile))


def _by_election(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_by_election(
        body=fields.choice("body", elections.ByElectionBody),
        members=fields.count("members"),
        voters=fields.count("voters"),
        seats=fields.count("seats"),
        tallies=_tallies(fields),
        profile=profile,
    )
    return Result(outcome, _profile_extra(profile))


def _proxy(fields: Fields) -> Result:
    profile = _profile(fields)
    proxy = fields.nested("proxy")
    facts = elections.ProxyFacts(
        grantor_registered=proxy.flag("grantor_registered"),
        grantor_away=proxy.flag("grantor_away"),
        written=proxy.flag("written"),
        holder_has_voting_right=proxy.flag("holder_has_voting_right"),
        relation=proxy.choice("relation", committees.RelationKind),
        holder_is_candidate=proxy.flag("holder_is_candidate", False),
        holder_proxies_before=proxy.count("holder_proxies_before", 0),
        sub_delegation=proxy.flag("sub_delegation", False),
        arranged_on=proxy.optional_day("arranged_on"),
        lists_published_on=proxy.optional_day("lists_published_on"),
    )
    proxy.finish()
    outcome = elections.evaluate_proxy(facts=facts, election_day=fields.day("election_day"), profile=profile)
    return Result(outcome, _profile_extra(profile))


def _mobile_box(fields: Fields) -> Result:
    profile = _profile(fields)
    outcome = elections.evaluate_mobile_box(
        monitors=fields.count("monitors"),
        profile=profile,
        township_approved=fields.flag("township_approved", False),
        voter_list_published=fields.flag("voter_list_published", False),
    )
    return Result(outcome, _profile_extra(profile))


def _profile_rule(fields: Fields) -> Result:
    profile = _profile(fields)
    return Result(describe_profile(profile=profile), {"parameters": profile})


def _notice(fields: Fields) -> Result:
    return Result(
        deadlines.check_notice(
            kind=fields.choice("kind", deadlines.NoticeKind),
            event_date=fields.day("event_date"),
            notice_date=fields.day("notice_date"),
            counting=fields.choice("counting", deadlines.DayCounting, deadlines.DayCounting.EXCLUDE_START_DAY),
            days=fields.optional_count("days"),
        )
    )


def _deadline(fields: Fields) -> Result:
    kind = fields.choice("kind", deadlines.PeriodKind)
    days: Provision[int | None]
    if kind is deadlines.PeriodKind.RUNOFF:
        days = _profile(fields).runoff_within_days
    elif kind is deadlines.PeriodKind.RECALL_VOTE:
        days = _profile(fields).recall_vote_within_days
    elif kind is deadlines.PeriodKind.OWNERS_CHALLENGE:
        year = deadlines.owners_challenge_days(fields.day("start_date"))
        days = Provision[int | None](year.value, year.citation)
    else:
        fixed = deadlines.PERIOD_DAYS[kind]
        days = Provision[int | None](fixed.value, fixed.citation)
    custom = fields.optional_count("days")
    if custom is not None:
        days = days.customised(custom)
    holidays = frozenset(
        to_date(item, field=f"{fields.name('holidays')}[{index}]")
        for index, item in enumerate(fields.optional_items("holidays"))
    )
    return Result(
        deadlines.check_period(
            kind=kind,
            start=fields.day("start_date"),
            action=fields.day("action_date"),
            counting=fields.choice("counting", deadlines.DayCounting, deadlines.DayCounting.EXCLUDE_START_DAY),
            holidays=holidays,
            days=days,
        )
    )


def _size(fields: Fields, default: Provision[committees.SizeRule]) -> Provision[committees.SizeRule]:
    minimum = fields.optional_count("min_members")
    maximum = fields.optional_count("max_members")
    if minimum is None and maximum is None:
        return default
    return default.customised(
        committees.SizeRule(
            minimum=default.value.minimum if minimum is None else minimum,
            maximum=default.value.maximum if maximum is None else maximum,
        )
    )


def _supervision(fields: Fields) -> committees.SupervisionOutcome:
    candidates: list[committees.SupervisionCandidate] = []
    for index, item in enumerate(fields.items("candidates")):
        candidate = Fields(item, path=f"{fields.name('candidates')}[{index}]")
        relations: list[committees.Relation] = []
        for position, relation_item in enumerate(candidate.optional_items("relations")):
            relation = Fields(relation_item, path=f"{candidate.name('relations')}[{position}]")
            relations.append(
                committees.Relation(
                    person_id=relation.text("person_id"),
                    kind=relation.choice("kind", committees.RelationKind),
                )
            )
            relation.finish()
        roles = frozenset(
            to_choice(role, committees.VillageRole, field=f"{candidate.name('roles')}[{position}]")
            for position, role in enumerate(candidate.optional_items("roles"))
        )
        candidates.append(
            committees.SupervisionCandidate(
                person_id=candidate.text("person_id"),
                is_villager=candidate.flag("is_villager", True),
                roles=roles,
                relations=tuple(relations),
                has_finance_or_management_knowledge=candidate.flag("has_finance_or_management_knowledge", False),
            )
        )
        candidate.finish()
    member_ids = frozenset(
        to_text(item, field=f"{fields.name('committee_member_ids')}[{index}]")
        for index, item in enumerate(fields.optional_items("committee_member_ids"))
    )
    rules = fields.choice("excluded_roles", ExcludedRoles, ExcludedRoles.NATIONAL)
    excluded = (
        committees.SHANDONG_SUPERVISION_EXCLUDED_ROLES
        if rules is ExcludedRoles.SHANDONG
        else committees.SUPERVISION_EXCLUDED_ROLES
    )
    return committees.evaluate_supervision_committee(
        candidates=candidates, committee_member_ids=member_ids, excluded_roles=excluded
    )


def _composition(fields: Fields) -> Result:
    body = fields.choice("body", CommitteeBody)
    if body is CommitteeBody.RESIDENTS_COMMITTEE:
        return Result(
            committees.evaluate_residents_committee(
                members=fields.count("members"),
                multi_ethnic=fields.flag("multi_ethnic", False),
                minority_members=fields.count("minority_members", 0),
                size=_size(fields, committees.RESIDENTS_COMMITTEE_SIZE),
            )
        )
    if body is CommitteeBody.VILLAGERS_COMMITTEE:
        return Result(
            committees.evaluate_villagers_committee(
                members=fields.count("members"),
                women_members=fields.count("women_members"),
                multi_ethnic=fields.flag("multi_ethnic", False),
                minority_members=fields.count("minority_members", 0),
                size=_size(fields, committees.VILLAGERS_COMMITTEE_SIZE),
            )
        )
    if body is CommitteeBody.OWNERS_COMMITTEE:
        return Result(
            committees.evaluate_owners_committee(
                members=fields.count("members"), size=_size(fields, committees.OWNERS_COMMITTEE_SIZE)
            )
        )
    if body is CommitteeBody.VILLAGER_REPRESENTATIVES:
        return Result(
            committees.evaluate_representative_assembly_composition(
                committee_members=fields.count("committee_members"),
                representatives=fields.count("representatives"),
                women_representatives=fields.count("women_representatives"),
                households=fields.optional_count("households"),
            )
        )
    return Result(_supervision(fields))


def _term(fields: Fields) -> Result:
    return Result(
        committees.evaluate_term(
            body=fields.choice("body", committees.TermBody),
            term_started_on=fields.day("term_started_on"),
            on=fields.day("on"),
        )
    )


def _annual_review(fields: Fields) -> Result:
    reviews: list[committees.Review] = []
    for index, item in enumerate(fields.items("reviews")):
        review = Fields(item, path=f"{fields.name('reviews')}[{index}]")
        reviews.append(
            committees.Review(held_on=review.day("held_on"), rating=review.choice("rating", committees.Rating))
        )
        review.finish()
    return Result(committees.evaluate_annual_review(reviews=reviews))


def _residents_area(fields: Fields) -> Result:
    return Result(communities.evaluate_residents_area(households=fields.count("households")))


def _audit_request(fields: Fields) -> Result:
    return Result(
        audits.evaluate_audit_request(requesters=fields.count("requesters"), villagers=fields.count("villagers"))
    )


def _leaving_audit(fields: Fields) -> Result:
    return Result(
        audits.evaluate_leaving_audit(
            election_day=fields.day("election_day"), published_on=fields.optional_day("published_on")
        )
    )


def _minor_data(fields: Fields) -> Result:
    safeguards = personal_data.MinorSafeguards(
        consent_basis=fields.flag("consent_basis", True),
        guardian_consented=fields.flag("guardian_consented", False),
        separate_consent=fields.flag("separate_consent", False),
        special_rules=fields.flag("special_rules", False),
        impact_assessment=fields.flag("impact_assessment", False),
    )
    return Result(
        personal_data.evaluate_minor_data(
            birth_date=fields.day("birth_date"), on=fields.day("on"), safeguards=safeguards
        )
    )


def _publication(fields: Fields) -> Result:
    kind = fields.choice("kind", publication.AffairsKind)
    published_on = tuple(
        to_date(item, field=f"{fields.name('published_on')}[{index}]")
        for index, item in enumerate(fields.optional_items("published_on"))
    )
    if kind is publication.AffairsKind.MAJOR:
        return Result(
            publication.evaluate_major_publication(
                occurred_on=fields.day("occurred_on"),
                published_on=published_on,
                within_days=fields.optional_count("within_days"),
            )
        )
    many = fields.flag("many_transactions", False) if kind is publication.AffairsKind.FINANCE else False
    rules = publication.PublicationRules.NATIONAL
    if kind is publication.AffairsKind.FINANCE:
        rules = fields.choice("rules", publication.PublicationRules, rules)
    return Result(
        publication.evaluate_periodic_publication(
            kind=kind,
            published_on=published_on,
            period_start=fields.day("period_start"),
            period_end=fields.day("period_end"),
            many_transactions=many,
            rules=rules,
        )
    )


HANDLERS: Mapping[str, Handler] = MappingProxyType(
    {
        "number.threshold": _number_threshold,
        "owners.roll": _owners_roll,
        "owners.decision": _owners_decision,
        "owners.convene": _owners_convene,
        "owners.business_use": _owners_business_use,
        "meeting.residents_assembly": _residents_assembly,
        "meeting.residents_assembly.convene": _residents_assembly_convene,
        "meeting.residents_representatives": _residents_representatives,
        "meeting.committee_decision": _committee_decision,
        "meeting.villagers_assembly": _villagers_assembly,
        "meeting.villagers_assembly.convene": _villagers_assembly_convene,
        "meeting.villager_representatives": _villager_representatives,
        "meeting.villager_representatives.convene": _villager_representatives_convene,
        "meeting.villager_group": _villager_group,
        "vote.online": _online_vote,
        "village.four_two": _four_two,
        "election.profile": _profile_rule,
        "election.registration": _registration,
        "election.validity": _validity,
        "election.ballot": _ballot,
        "election.winners": _winners,
        "election.runoff": _runoff,
        "election.vacancies": _vacancies,
        "election.candidates": _candidates,
        "election.recall_start": _recall_start,
        "election.recall_vote": _recall_vote,
        "election.by_election": _by_election,
        "election.proxy": _proxy,
        "election.mobile_box": _mobile_box,
        "notice.period": _notice,
        "deadline.period": _deadline,
        "committee.composition": _composition,
        "committee.term": _term,
        "committee.annual_review": _annual_review,
        "community.residents_area": _residents_area,
        "village.audit_request": _audit_request,
        "village.leaving_audit": _leaving_audit,
        "village.affairs_publication": _publication,
        "personal_data.minor": _minor_data,
    }
)
RULE_IDS: tuple[str, ...] = tuple(HANDLERS)


def evaluate_case(case: Mapping[str, object]) -> dict[str, object]:
    """Evaluate one JSON case; invalid input yields {"error": {...}} instead of an exception."""
    rule: str | None = None
    try:
        fields = Fields(case, path="")
        rule = fields.text("rule")
        handler = HANDLERS.get(rule)
        if handler is None:
            raise DomainError(ErrorCode.UNKNOWN_RULE, field=rule)
        result = handler(fields)
        fields.finish()
    except DomainError as error:
        return error_json(error, rule=rule)
    return result_json(rule, result)
