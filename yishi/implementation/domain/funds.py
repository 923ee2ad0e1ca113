"""Kinds of fund, and which decision may authorise raising money from residents (JW-11).

居民委员会组织法第十六条 (JW-11): public-benefit work may be funded by residents only after a 居民会议
decision, and only voluntarily ("经居民会议讨论决定，可以根据自愿原则向居民筹集"). In a village the funding of
public works is for the 村民会议, or the 村民代表会议 it authorised (村民委员会组织法第二十四条(三), CW-21), and
the resolution is taken through 四议两公开 where that is the practice (SY-1).
"""

from enum import StrEnum


class FundKind(StrEnum):
    """Where a fund's money comes from (seed 004: 惠民资金, 社区公益基金, 以奖代补; seed 001: 自治金)."""

    PUBLIC_BENEFIT = "public_benefit"
    SELF_GOVERNANCE = "self_governance"
    COMMUNITY_FOUNDATION = "community_foundation"
    REWARD_INSTEAD_OF_SUBSIDY = "reward_instead_of_subsidy"
    RESIDENTS = "residents"


# The vote bases (yishi.decisions.domain.basis.VoteBasis values) whose passed decision authorises collecting
# money from residents.
URBAN_FUNDRAISING_BASES = frozenset({"residents_assembly"})
RURAL_FUNDRAISING_BASES = frozenset({"villagers_assembly", "villager_representatives", "four_two_resolution"})


def collects_from_residents(kind: FundKind) -> bool:
    """Whether the fund's money is raised from residents (and so needs their assembly's decision)."""
    return kind is FundKind.RESIDENTS


def authorising_bases(*, is_rural: bool) -> frozenset[str]:
    """The vote bases that may authorise raising money from residents in an urban community or a village."""
    return RURAL_FUNDRAISING_BASES if is_rural else URBAN_FUNDRAISING_BASES


def decision_authorises(*, basis: str, is_rural: bool, counted: bool, valid: bool, passed: bool) -> bool:
    """Whether a vote is a counted, valid and passed decision of a body that may authorise the fundraising."""
    return counted and valid and passed and basis in authorising_bases(is_rural=is_rural)
