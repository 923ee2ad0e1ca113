"""The basis of a decision: the roll each basis implies, the plain-words catalogue, and the proposal from a matter."""

import pytest

from yishi.decisions.domain.basis import (
    BASIS_INFO,
    MEETING_BASES,
    NAMED_ONLY_BASES,
    ONLINE_ELECTORATES,
    Electorate,
    MatterFacts,
    Reach,
    VoteBasis,
    allowed_for,
    electorate_for,
    suggest_basis,
)
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Status
from yishi.decisions.domain.meetings import ResidentsAssemblyMode, VillageMatter, VillagersAssemblyMode
from yishi.decisions.domain.owners import OwnersMatter
from yishi.decisions.domain.village import ResolvingBody

B, E = VoteBasis, Electorate


@pytest.mark.parametrize(
    ("basis", "arguments", "expected"),
    [
        (B.OWNERS, {}, E.OWNERS),
        (B.RESIDENTS_ASSEMBLY, {"residents_mode": ResidentsAssemblyMode.ALL_RESIDENTS}, E.ADULTS),
        (
            B.RESIDENTS_ASSEMBLY,
            {"residents_mode": ResidentsAssemblyMode.HOUSEHOLD_REPRESENTATIVES},
            E.HOUSEHOLD_REPRESENTATIVES,
        ),
        (B.RESIDENTS_ASSEMBLY, {"residents_mode": ResidentsAssemblyMode.GROUP_REPRESENTATIVES}, E.REPRESENTATIVES),
        (B.RESIDENTS_REPRESENTATIVES, {}, E.REPRESENTATIVES),
        (B.VILLAGERS_ASSEMBLY, {"villagers_mode": VillagersAssemblyMode.INDIVIDUAL}, E.ADULTS),
        (B.VILLAGERS_ASSEMBLY, {"villagers_mode": VillagersAssemblyMode.HOUSEHOLD}, E.HOUSEHOLD_REPRESENTATIVES),
        (B.VILLAGER_GROUP, {"villagers_mode": VillagersAssemblyMode.INDIVIDUAL}, E.ADULTS),
        (B.VILLAGER_REPRESENTATIVES, {}, E.ASSEMBLY_MEMBERS),
        (B.FOUR_TWO_RESOLUTION, {"resolving_body": ResolvingBody.VILLAGER_REPRESENTATIVES}, E.ASSEMBLY_MEMBERS),
        (
            B.FOUR_TWO_RESOLUTION,
            {"resolving_body": ResolvingBody.VILLAGERS_ASSEMBLY, "villagers_mode": VillagersAssemblyMode.HOUSEHOLD},
            E.HOUSEHOLD_REPRESENTATIVES,
        ),
        (B.ONLINE, {"online_electorate": E.OWNERS}, E.OWNERS),
        (B.ONLINE, {"online_electorate": E.HOUSEHOLD_REPRESENTATIVES}, E.HOUSEHOLD_REPRESENTATIVES),
    ],
)
def test_each_basis_implies_its_roll(basis: VoteBasis, arguments: dict[str, object], expected: Electorate) -> None:
    assert electorate_for(basis=basis, **arguments) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("basis", "arguments", "field"),
    [
        (B.RESIDENTS_ASSEMBLY, {}, "residents_mode"),
        (B.VILLAGERS_ASSEMBLY, {}, "villagers_mode"),
        (B.FOUR_TWO_RESOLUTION, {}, "resolving_body"),
        (B.FOUR_TWO_RESOLUTION, {"resolving_body": ResolvingBody.VILLAGERS_ASSEMBLY}, "villagers_mode"),
        (B.ONLINE, {}, "online_electorate"),
    ],
)
def test_a_missing_mode_is_an_error(basis: VoteBasis, arguments: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as raised:
        electorate_for(basis=basis, **arguments)  # type: ignore[arg-type]
    assert raised.value.code is ErrorCode.MISSING_FIELD
    assert raised.value.field == field


@pytest.mark.parametrize("electorate", [E.REPRESENTATIVES, E.ASSEMBLY_MEMBERS])
def test_an_online_vote_is_of_residents_households_or_owners(electorate: Electorate) -> None:
    assert electorate not in ONLINE_ELECTORATES
    with pytest.raises(DomainError) as raised:
        electorate_for(basis=B.ONLINE, online_electorate=electorate)
    assert raised.value.code is ErrorCode.INVALID_CHOICE


def test_every_basis_is_described_in_both_languages() -> None:
    assert set(BASIS_INFO) == set(VoteBasis)
    for info in BASIS_INFO.values():
        for text in (info.name, info.plain, info.rule):
            assert text.zh and text.en
        for setting in info.settings:
            assert setting.label.zh and setting.label.en
            # Configurable, from a secondary source, or a fact the vote records (the CW-21 authorisation).
            assert setting.citation.configurable or setting.citation.rule_ref in {"YZ-8", "CW-21"}


def test_configurable_settings_are_flagged_as_the_law_has_them() -> None:
    owners = {note.citation.rule_ref: note.citation.status for note in BASIS_INFO[B.OWNERS].settings}
    assert owners == {
        "YZ-5": Status.UNCONFIRMED,
        "YZ-10": Status.UNCONFIRMED,
        "YZ-11": Status.UNCONFIRMED,
        "YZ-8": Status.SECONDARY,
    }
    assert BASIS_INFO[B.ONLINE].citation.status is Status.CUSTOM
    assert BASIS_INFO[B.VILLAGERS_ASSEMBLY].citation.status is Status.CONFIRMED
    assert BASIS_INFO[B.OWNERS].plain.zh.startswith("业主共同决定（")


def test_meetings_and_named_bases() -> None:
    assert B.OWNERS not in MEETING_BASES and B.ONLINE not in MEETING_BASES
    assert len(MEETING_BASES) == 6
    assert {B.OWNERS} == NAMED_ONLY_BASES


@pytest.mark.parametrize(
    ("basis", "rural", "urban"),
    [
        (B.OWNERS, True, True),
        (B.ONLINE, True, True),
        (B.RESIDENTS_ASSEMBLY, False, True),
        (B.RESIDENTS_REPRESENTATIVES, False, True),
        (B.VILLAGERS_ASSEMBLY, True, False),
        (B.VILLAGER_REPRESENTATIVES, True, False),
        (B.VILLAGER_GROUP, True, False),
        (B.FOUR_TWO_RESOLUTION, True, False),
    ],
)
def test_bases_belong_to_villages_or_cities(basis: VoteBasis, rural: bool, urban: bool) -> None:
    assert allowed_for(basis=basis, is_rural=True) is rural
    assert allowed_for(basis=basis, is_rural=False) is urban


# --- suggest_basis: seed 004's routing, as DOMAIN.md "Decide" states it -------------------------------


def test_maintenance_fund_goes_to_the_owners_with_its_item() -> None:
    suggestion = suggest_basis(
        facts=MatterFacts(reach=Reach.BUILDING, is_rural=False, owners_matter=OwnersMatter.RAISE_MAINTENANCE_FUND)
    )
    assert suggestion.basis is B.OWNERS
    assert suggestion.electorate is E.OWNERS
    assert suggestion.owners_matter is OwnersMatter.RAISE_MAINTENANCE_FUND
    assert suggestion.citation.rule_ref == "YZ-1"
    assert not suggestion.unconfirmed
    assert "业主共同决定" in suggestion.reason.zh


def test_adding_a_lift_is_flagged_unconfirmed() -> None:
    suggestion = suggest_basis(
        facts=MatterFacts(reach=Reach.BUILDING, is_rural=False, owners_matter=OwnersMatter.INSTALL_ELEVATOR)
    )
    assert suggestion.basis is B.OWNERS
    assert suggestion.unconfirmed
    assert suggestion.citation.rule_ref == "YZ-5"


@pytest.mark.parametrize("reach", [Reach.BUILDING, Reach.COMPOUND])
def test_one_compound_votes_online(reach: Reach) -> None:
    suggestion = suggest_basis(facts=MatterFacts(reach=reach, is_rural=False))
    assert suggestion.basis is B.ONLINE
    assert suggestion.electorate is E.ADULTS
    assert B.OWNERS in suggestion.alternatives
    assert suggestion.citation.status is Status.CUSTOM


@pytest.mark.parametrize("reach", [Reach.SEVERAL_COMPOUNDS, Reach.COMMUNITY])
def test_the_whole_community_goes_to_the_residents_assembly(reach: Reach) -> None:
    suggestion = suggest_basis(facts=MatterFacts(reach=reach, is_rural=False))
    assert suggestion.basis is B.RESIDENTS_ASSEMBLY
    assert suggestion.residents_mode is ResidentsAssemblyMode.ALL_RESIDENTS
    assert suggestion.alternatives[0] is B.RESIDENTS_REPRESENTATIVES
    assert suggestion.citation.rule_ref == "JW-7"


def test_a_villagers_group_decides_its_own_matter() -> None:
    suggestion = suggest_basis(facts=MatterFacts(reach=Reach.COMPOUND, is_rural=True))
    assert suggestion.basis is B.VILLAGER_GROUP
    assert suggestion.villagers_mode is VillagersAssemblyMode.INDIVIDUAL
    assert suggestion.citation.rule_ref == "CW-25"


def test_a_listed_matter_of_one_group_still_follows_four_two() -> None:
    suggestion = suggest_basis(
        facts=MatterFacts(reach=Reach.COMPOUND, is_rural=True, village_matter=VillageMatter.HOMESTEADS)
    )
    assert suggestion.basis is B.FOUR_TWO_RESOLUTION
    assert suggestion.resolving_body is ResolvingBody.VILLAGERS_ASSEMBLY


def test_a_village_matter_follows_four_two_before_the_assembly() -> None:
    suggestion = suggest_basis(facts=MatterFacts(reach=Reach.COMMUNITY, is_rural=True))
    assert suggestion.basis is B.FOUR_TWO_RESOLUTION
    assert suggestion.resolving_body is ResolvingBody.VILLAGERS_ASSEMBLY
    assert suggestion.electorate is E.ADULTS
    assert suggestion.citation.rule_ref == "SY-1"


def test_the_representatives_resolve_an_unlisted_matter() -> None:
    suggestion = suggest_basis(
        facts=MatterFacts(reach=Reach.COMMUNITY, is_rural=True, has_representatives_assembly=True)
    )
    assert suggestion.resolving_body is ResolvingBody.VILLAGER_REPRESENTATIVES
    assert suggestion.electorate is E.ASSEMBLY_MEMBERS


def test_a_listed_matter_needs_the_assemblys_authorisation_cw21() -> None:
    listed = {"reach": Reach.COMMUNITY, "is_rural": True, "has_representatives_assembly": True}
    unauthorised = suggest_basis(facts=MatterFacts(**listed, village_matter=VillageMatter.LAND_COMPENSATION))
    assert unauthorised.resolving_body is ResolvingBody.VILLAGERS_ASSEMBLY
    authorised = suggest_basis(
        facts=MatterFacts(**listed, village_matter=VillageMatter.LAND_COMPENSATION, representatives_authorised=True)
    )
    assert authorised.resolving_body is ResolvingBody.VILLAGER_REPRESENTATIVES
    assert authorised.village_matter is VillageMatter.LAND_COMPENSATION
