"""Election rule profiles as data: national default, 北京, 上海, 浙江 and 居委会 (by analogy)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MappingProxyType

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.explain import Assumption, Citation, Explained, Provision, assumption
from yishi.decisions.domain.numbers import (
    MORE_THAN_HALF,
    ONE_FIFTH_OR_MORE,
    ONE_THIRD_OR_MORE,
    TWO_THIRDS_OR_MORE,
    Threshold,
)
from yishi.decisions.domain.texts import Text


class ProfileKey(StrEnum):
    """Available election profiles."""

    NATIONAL = "national"
    BEIJING = "beijing"
    SHANGHAI = "shanghai"
    ZHEJIANG = "zhejiang"
    RESIDENTS_COMMITTEE = "residents_committee"


class Electorate(StrEnum):
    """Whose committee is elected: a 村民委员会 (村组法) or a 居民委员会 (居组法)."""

    VILLAGE = "village"
    RESIDENTS = "residents"


class Post(StrEnum):
    """Committee posts; 浙江 lists the 妇女委员 post separately on the ballot."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    WOMEN_MEMBER = "women_member"


class TooManyNames(StrEnum):
    """What a ballot marking more names than seats loses: the whole ballot or only that post."""

    VOID_BALLOT = "void_ballot"
    VOID_POST = "void_post"


class TieHandling(StrEnum):
    """A tie for the last seat: re-vote among the tied (CW-9), or leave the seat to the run-off."""

    REVOTE_AMONG_TIED = "revote_among_tied"
    TREAT_AS_UNFILLED = "treat_as_unfilled"


@dataclass(frozen=True)
class Surplus:
    """Candidates required beyond the seats of one post (差额): at least `minimum`, at most `maximum`."""

    minimum: int
    maximum: int | None


@dataclass(frozen=True)
class VacancyRule:
    """When unfilled seats may stay vacant instead of going to (another) 另行选举 (CW-10, local)."""

    min_elected: int
    requires_chair: bool
    assembly_decides: bool
    after_first_round: bool
    after_runoff: bool


@dataclass(frozen=True)
class ElectionProfile:
    """All election parameters of one place, each with the provision it comes from."""

    key: ProfileKey
    electorate: Electorate
    age_reference: Citation
    registration: Citation
    non_hukou_min_years: Provision[int]
    work_counts_as_residence: Provision[bool]
    turnout: Provision[Threshold]
    ballot_box: Citation
    winning: Provision[Threshold]
    tie_handling: Provision[TieHandling]
    too_many_names: Provision[TooManyNames]
    same_person_two_posts_void: Provision[bool]
    candidate_surplus: Provision[Mapping[Post, Surplus]]
    self_nomination_allowed: Provision[bool]
    runoff_floor: Provision[Threshold]
    runoff_requires_turnout: Provision[bool]
    runoff_within_days: Provision[int | None]
    vacancy: Provision[VacancyRule]
    proxy_allowed: Provision[bool]
    proxy_cap: Provision[int | None]
    proxy_candidate_may_hold: Provision[bool]
    proxy_sub_delegation_allowed: Provision[bool]
    proxy_days_before: Provision[int | None]
    proxy_list_days_before: Provision[int | None]
    proxy_unpublished_void: Provision[bool]
    mobile_box_min_monitors: Provision[int]
    mobile_box_requires_approval: Provision[bool]
    recall_start_voters: Provision[Threshold]
    recall_start_representatives: Provision[Threshold | None]
    recall_turnout: Provision[Threshold]
    recall_approval: Provision[Threshold]
    recall_vote_within_days: Provision[int | None]
    by_election_turnout_assembly: Provision[Threshold]
    by_election_turnout_representatives: Provision[Threshold | None]


def _surplus(chair: Surplus, vice_chair: Surplus, member: Surplus) -> Mapping[Post, Surplus]:
    return MappingProxyType(
        {Post.CHAIR: chair, Post.VICE_CHAIR: vice_chair, Post.MEMBER: member, Post.WOMEN_MEMBER: member}
    )


_DIFFERENTIAL = Surplus(1, None)

NATIONAL = ElectionProfile(
    key=ProfileKey.NATIONAL,
    electorate=Electorate.VILLAGE,
    age_reference=citations.AGE_ON_ELECTION_DAY_DEFAULT,
    registration=citations.CW_4,
    non_hukou_min_years=Provision(1, citations.CW_4),
    work_counts_as_residence=Provision(False, citations.CW_4),
    turnout=Provision(MORE_THAN_HALF, citations.CW_7),
    ballot_box=citations.CW_11_DEFAULT,
    winning=Provision(MORE_THAN_HALF, citations.CW_8),
    tie_handling=Provision(TieHandling.REVOTE_AMONG_TIED, citations.CW_9_DEFAULT),
    too_many_names=Provision(TooManyNames.VOID_BALLOT, citations.CW_11_DEFAULT),
    same_person_two_posts_void=Provision(False, citations.CW_11_DEFAULT),
    candidate_surplus=Provision(_surplus(_DIFFERENTIAL, _DIFFERENTIAL, _DIFFERENTIAL), citations.CW_6),
    self_nomination_allowed=Provision(False, citations.CW_6),
    runoff_floor=Provision(ONE_THIRD_OR_MORE, citations.CW_10),
    runoff_requires_turnout=Provision(True, citations.CW_10_TURNOUT_DEFAULT),
    runoff_within_days=Provision(None, citations.CW_10),
    vacancy=Provision(VacancyRule(3, False, True, False, True), citations.CW_10_VACANCY_DEFAULT),
    proxy_allowed=Provision(True, citations.CW_13),
    proxy_cap=Provision(None, citations.CW_13),
    proxy_candidate_may_hold=Provision(True, citations.CW_13),
    proxy_sub_delegation_allowed=Provision(True, citations.CW_13),
    proxy_days_before=Provision(None, citations.CW_13),
    proxy_list_days_before=Provision(None, citations.CW_13),
    proxy_unpublished_void=Provision(False, citations.CW_13),
    mobile_box_min_monitors=Provision(3, citations.CW_14_DEFAULT),
    mobile_box_requires_approval=Provision(False, citations.CW_14_DEFAULT),
    recall_start_voters=Provision(ONE_FIFTH_OR_MORE, citations.CW_15),
    recall_start_representatives=Provision(ONE_THIRD_OR_MORE, citations.CW_15),
    recall_turnout=Provision(MORE_THAN_HALF, citations.CW_16),
    recall_approval=Provision(MORE_THAN_HALF, citations.CW_16),
    recall_vote_within_days=Provision(None, citations.CW_15),
    by_election_turnout_assembly=Provision(MORE_THAN_HALF, citations.CW_17_DEFAULT),
    by_election_turnout_representatives=Provision(TWO_THIRDS_OR_MORE, citations.CW_17_DEFAULT),
)

BEIJING = ElectionProfile(
    key=ProfileKey.BEIJING,
    electorate=Electorate.VILLAGE,
    age_reference=citations.BJ_12,
    registration=citations.CW_4,
    non_hukou_min_years=Provision(1, citations.BJ_13),
    work_counts_as_residence=Provision(True, citations.BJ_13),
    turnout=Provision(MORE_THAN_HALF, citations.BJ_28),
    ballot_box=citations.BJ_28,
    winning=Provision(MORE_THAN_HALF, citations.BJ_29),
    tie_handling=Provision(TieHandling.REVOTE_AMONG_TIED, citations.BJ_29),
    too_many_names=Provision(TooManyNames.VOID_BALLOT, citations.BJ_28),
    same_person_two_posts_void=Provision(False, citations.BJ_28),
    candidate_surplus=Provision(_surplus(Surplus(1, 2), Surplus(1, 2), Surplus(1, 2)), citations.BJ_16),
    self_nomination_allowed=Provision(False, citations.BJ_16),
    runoff_floor=Provision(ONE_THIRD_OR_MORE, citations.BJ_30),
    runoff_requires_turnout=Provision(True, citations.CW_10_TURNOUT_DEFAULT),
    runoff_within_days=Provision(15, citations.BJ_30),
    vacancy=Provision(VacancyRule(4, True, True, False, True), citations.BJ_30),
    proxy_allowed=Provision(True, citations.BJ_25),
    proxy_cap=Provision(3, citations.BJ_25),
    proxy_candidate_may_hold=Provision(False, citations.BJ_25),
    proxy_sub_delegation_allowed=Provision(True, citations.BJ_25),
    proxy_days_before=Provision(1, citations.BJ_25),
    proxy_list_days_before=Provision(None, citations.BJ_25),
    proxy_unpublished_void=Provision(False, citations.BJ_25),
    mobile_box_min_monitors=Provision(3, citations.BJ_23),
    mobile_box_requires_approval=Provision(False, citations.BJ_23),
    recall_start_voters=Provision(ONE_FIFTH_OR_MORE, citations.BJ_33),
    recall_start_representatives=Provision(ONE_THIRD_OR_MORE, citations.BJ_33),
    recall_turnout=Provision(MORE_THAN_HALF, citations.BJ_34),
    recall_approval=Provision(MORE_THAN_HALF, citations.BJ_34),
    recall_vote_within_days=Provision(30, citations.BJ_33),
    by_election_turnout_assembly=Provision(MORE_THAN_HALF, citations.CW_17_DEFAULT),
    by_election_turnout_representatives=Provision(TWO_THIRDS_OR_MORE, citations.CW_17_DEFAULT),
)

SHANGHAI = ElectionProfile(
    key=ProfileKey.SHANGHAI,
    electorate=Electorate.VILLAGE,
    age_reference=citations.SH_9,
    registration=citations.SH_9,
    non_hukou_min_years=Provision(1, citations.SH_9),
    work_counts_as_residence=Provision(False, citations.SH_9),
    turnout=Provision(MORE_THAN_HALF, citations.SH_19),
    ballot_box=citations.SH_19,
    winning=Provision(MORE_THAN_HALF, citations.SH_20),
    tie_handling=Provision(TieHandling.REVOTE_AMONG_TIED, citations.SH_20),
    too_many_names=Provision(TooManyNames.VOID_BALLOT, citations.SH_19),
    same_person_two_posts_void=Provision(False, citations.SH_19),
    candidate_surplus=Provision(_surplus(Surplus(1, 1), Surplus(1, 1), Surplus(1, 3)), citations.SH_12),
    self_nomination_allowed=Provision(False, citations.SH_12),
    runoff_floor=Provision(ONE_THIRD_OR_MORE, citations.SH_21),
    runoff_requires_turnout=Provision(True, citations.CW_10_TURNOUT_DEFAULT),
    runoff_within_days=Provision(30, citations.SH_21),
    vacancy=Provision(VacancyRule(3, False, True, True, True), citations.SH_21),
    proxy_allowed=Provision(True, citations.SH_16),
    proxy_cap=Provision(3, citations.SH_16),
    proxy_candidate_may_hold=Provision(True, citations.SH_16),
    proxy_sub_delegation_allowed=Provision(False, citations.SH_16),
    proxy_days_before=Provision(5, citations.SH_16),
    proxy_list_days_before=Provision(2, citations.SH_16),
    proxy_unpublished_void=Provision(False, citations.SH_16),
    mobile_box_min_monitors=Provision(3, citations.CW_14_DEFAULT),
    mobile_box_requires_approval=Provision(False, citations.CW_14_DEFAULT),
    recall_start_voters=Provision(ONE_FIFTH_OR_MORE, citations.SH_27),
    recall_start_representatives=Provision(ONE_THIRD_OR_MORE, citations.SH_27),
    recall_turnout=Provision(MORE_THAN_HALF, citations.SH_27),
    recall_approval=Provision(MORE_THAN_HALF, citations.SH_27),
    recall_vote_within_days=Provision(30, citations.SH_27),
    by_election_turnout_assembly=Provision(MORE_THAN_HALF, citations.CW_17_DEFAULT),
    by_election_turnout_representatives=Provision(TWO_THIRDS_OR_MORE, citations.CW_17_DEFAULT),
)

ZHEJIANG = ElectionProfile(
    key=ProfileKey.ZHEJIANG,
    electorate=Electorate.VILLAGE,
    age_reference=citations.ZJ_12,
    registration=citations.ZJ_13,
    non_hukou_min_years=Provision(1, citations.ZJ_13),
    work_counts_as_residence=Provision(True, citations.ZJ_13),
    turnout=Provision(MORE_THAN_HALF, citations.ZJ_27),
    ballot_box=citations.ZJ_27,
    winning=Provision(MORE_THAN_HALF, citations.ZJ_28),
    tie_handling=Provision(TieHandling.REVOTE_AMONG_TIED, citations.ZJ_28),
    too_many_names=Provision(TooManyNames.VOID_BALLOT, citations.ZJ_27),
    same_person_two_posts_void=Provision(True, citations.ZJ_27),
    candidate_surplus=Provision(_surplus(_DIFFERENTIAL, _DIFFERENTIAL, _DIFFERENTIAL), citations.ZJ_16),
    self_nomination_allowed=Provision(True, citations.ZJ_20),
    runoff_floor=Provision(ONE_THIRD_OR_MORE, citations.ZJ_29),
    runoff_requires_turnout=Provision(True, citations.CW_10_TURNOUT_DEFAULT),
    runoff_within_days=Provision(30, citations.ZJ_29),
    vacancy=Provision(VacancyRule(3, False, False, False, True), citations.ZJ_30),
    proxy_allowed=Provision(True, citations.ZJ_25),
    proxy_cap=Provision(3, citations.ZJ_25),
    proxy_candidate_may_hold=Provision(False, citations.ZJ_25),
    proxy_sub_delegation_allowed=Provision(False, citations.ZJ_25),
    proxy_days_before=Provision(3, citations.ZJ_25),
    proxy_list_days_before=Provision(1, citations.ZJ_25),
    proxy_unpublished_void=Provision(True, citations.ZJ_25),
    mobile_box_min_monitors=Provision(3, citations.ZJ_24),
    mobile_box_requires_approval=Provision(True, citations.ZJ_24),
    recall_start_voters=Provision(ONE_FIFTH_OR_MORE, citations.ZJ_34),
    recall_start_representatives=Provision(ONE_THIRD_OR_MORE, citations.ZJ_34),
    recall_turnout=Provision(MORE_THAN_HALF, citations.ZJ_36),
    recall_approval=Provision(MORE_THAN_HALF, citations.ZJ_36),
    recall_vote_within_days=Provision(30, citations.ZJ_35),
    by_election_turnout_assembly=Provision(MORE_THAN_HALF, citations.ZJ_38),
    by_election_turnout_representatives=Provision(TWO_THIRDS_OR_MORE, citations.ZJ_38),
)

# 居委会 elections: the national law sets no turnout, winning or run-off rule (JW-5), so every threshold
# below is a default by analogy to the 村委会 rules, flagged UNCONFIRMED so the UI can say so.
RESIDENTS_COMMITTEE = ElectionProfile(
    key=ProfileKey.RESIDENTS_COMMITTEE,
    electorate=Electorate.RESIDENTS,
    age_reference=citations.JW_3_AGE_DEFAULT,
    registration=citations.JW_3_REGISTRATION_DEFAULT,
    non_hukou_min_years=Provision(0, citations.JW_3),
    work_counts_as_residence=Provision(False, citations.JW_3_REGISTRATION_DEFAULT),
    turnout=Provision(MORE_THAN_HALF, citations.JW_5_DEFAULT),
    ballot_box=citations.JW_5_DEFAULT,
    winning=Provision(MORE_THAN_HALF, citations.JW_5_DEFAULT),
    tie_handling=Provision(TieHandling.REVOTE_AMONG_TIED, citations.JW_5_DEFAULT),
    too_many_names=Provision(TooManyNames.VOID_BALLOT, citations.JW_5_DEFAULT),
    same_person_two_posts_void=Provision(False, citations.JW_5_DEFAULT),
    candidate_surplus=Provision(
        _surplus(Surplus(0, None), Surplus(0, None), Surplus(0, None)), citations.JW_5_CANDIDATES
    ),
    self_nomination_allowed=Provision(False, citations.JW_5_DEFAULT),
    runoff_floor=Provision(ONE_THIRD_OR_MORE, citations.JW_5_DEFAULT),
    runoff_requires_turnout=Provision(True, citations.JW_5_DEFAULT),
    runoff_within_days=Provision(None, citations.JW_5_DEFAULT),
    vacancy=Provision(VacancyRule(5, False, True, False, True), citations.JW_5_DEFAULT),
    proxy_allowed=Provision(True, citations.JW_5_DEFAULT),
    proxy_cap=Provision(None, citations.JW_5_DEFAULT),
    proxy_candidate_may_hold=Provision(True, citations.JW_5_DEFAULT),
    proxy_sub_delegation_allowed=Provision(True, citations.JW_5_DEFAULT),
    proxy_days_before=Provision(None, citations.JW_5_DEFAULT),
    proxy_list_days_before=Provision(None, citations.JW_5_DEFAULT),
    proxy_unpublished_void=Provision(False, citations.JW_5_DEFAULT),
    mobile_box_min_monitors=Provision(3, citations.JW_5_DEFAULT),
    mobile_box_requires_approval=Provision(False, citations.JW_5_DEFAULT),
    recall_start_voters=Provision(ONE_FIFTH_OR_MORE, citations.JW_8_START_DEFAULT),
    recall_start_representatives=Provision(None, citations.JW_8_START_DEFAULT),
    recall_turnout=Provision(MORE_THAN_HALF, citations.JW_8),
    recall_approval=Provision(MORE_THAN_HALF, citations.JW_8),
    recall_vote_within_days=Provision(None, citations.JW_8_START_DEFAULT),
    by_election_turnout_assembly=Provision(MORE_THAN_HALF, citations.JW_8),
    by_election_turnout_representatives=Provision(None, citations.JW_8),
)

PROFILES: Mapping[ProfileKey, ElectionProfile] = MappingProxyType(
    {profile.key: profile for profile in (NATIONAL, BEIJING, SHANGHAI, ZHEJIANG, RESIDENTS_COMMITTEE)}
)


def get_profile(*, key: ProfileKey) -> ElectionProfile:
    """The built-in profile for `key`."""
    return PROFILES[key]


@dataclass(frozen=True, kw_only=True)
class ProfileDescription(Explained):
    """A profile's parameters as settings with values and citations, for display."""

    key: ProfileKey
    electorate: Electorate
    name: Text


def _value_text(value: object) -> Text:
    if value is None:
        return texts.NOT_SET
    if isinstance(value, bool):
        return texts.YES if value else texts.NO
    if isinstance(value, int):
        return Text(zh=str(value), en=str(value))
    if isinstance(value, Threshold):
        return texts.threshold_phrase(value.fraction, inclusive=value.inclusive, passed=True)
    if isinstance(value, TieHandling):
        return texts.TIE_HANDLING[value.value]
    if isinstance(value, TooManyNames):
        return texts.TOO_MANY_NAMES[value.value]
    if isinstance(value, VacancyRule):
        return texts.vacancy_value(
            min_elected=value.min_elected,
            requires_chair=value.requires_chair,
            assembly_decides=value.assembly_decides,
            after_first_round=value.after_first_round,
            after_runoff=value.after_runoff,
        )
    assert isinstance(value, Mapping)
    return texts.surplus_value({post.value: (item.minimum, item.maximum) for post, item in value.items()})


def describe_profile(*, profile: ElectionProfile) -> ProfileDescription:
    """Every parameter of a profile as a displayable setting (value, citation, status)."""
    notes: list[Assumption] = []
    for item in fields(profile):
        value = getattr(profile, item.name)
        if isinstance(value, Provision):
            notes.append(
                assumption(code=f"profile.{item.name}", value=_value_text(value.value), citation=value.citation)
            )
        elif isinstance(value, Citation):
            notes.append(assumption(code=f"profile.{item.name}", value=texts.CITATION_ONLY[item.name], citation=value))
    return ProfileDescription(
        key=profile.key,
        electorate=profile.electorate,
        name=texts.PROFILE_NAMES[profile.key.value],
        conditions=(),
        assumptions=tuple(notes),
    )
