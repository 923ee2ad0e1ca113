"""The legal basis of a decision: who votes, under which rule, and a proposal of it from what a matter touches.

DOMAIN.md "Decide" (seed 004): residents of one compound → an online vote of those residents; the whole
community, or where the law requires → the 居民会议 (JW-6, JW-7) or the 居民代表会议; shared parts of a
building or its maintenance fund → the owners' joint decision (民法典第二百七十八条, YZ-1 to YZ-4);
villages → 四议两公开 (SY-1), whose resolution is a 村民会议 (CW-19) or 村民代表会议 (CW-24, CW-21).
`suggest_basis` only proposes; staff confirm the basis before a vote opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from yishi.decisions.domain import citations
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Citation
from yishi.decisions.domain.meetings import ResidentsAssemblyMode, VillageMatter, VillagersAssemblyMode
from yishi.decisions.domain.owners import UNCONFIRMED_MATTERS, OwnersMatter
from yishi.decisions.domain.texts import Text
from yishi.decisions.domain.village import ResolvingBody

T = TypeVar("T")


class VoteBasis(StrEnum):
    """The provision a vote is held under."""

    OWNERS = "owners"
    RESIDENTS_ASSEMBLY = "residents_assembly"
    RESIDENTS_REPRESENTATIVES = "residents_representatives"
    VILLAGERS_ASSEMBLY = "villagers_assembly"
    VILLAGER_REPRESENTATIVES = "villager_representatives"
    VILLAGER_GROUP = "villager_group"
    ONLINE = "online"
    FOUR_TWO_RESOLUTION = "four_two_resolution"


class Electorate(StrEnum):
    """Who is on the roll: residents 18+, household representatives, owners (YZ-7 head count),
    representatives (居民代表 / 村民小组代表), or all members of the 村民代表会议 (CW-22)."""

    ADULTS = "adults"
    HOUSEHOLD_REPRESENTATIVES = "household_representatives"
    OWNERS = "owners"
    REPRESENTATIVES = "representatives"
    ASSEMBLY_MEMBERS = "assembly_members"


class Reach(StrEnum):
    """How far the places a matter touches reach."""

    BUILDING = "building"
    COMPOUND = "compound"
    SEVERAL_COMPOUNDS = "several_compounds"
    COMMUNITY = "community"


# Bases decided in a meeting: attendance is recorded and the decision is over those present.
MEETING_BASES = frozenset(
    {
        VoteBasis.RESIDENTS_ASSEMBLY,
        VoteBasis.RESIDENTS_REPRESENTATIVES,
        VoteBasis.VILLAGERS_ASSEMBLY,
        VoteBasis.VILLAGER_REPRESENTATIVES,
        VoteBasis.VILLAGER_GROUP,
        VoteBasis.FOUR_TWO_RESOLUTION,
    }
)
# Bases that belong to villages (村民委员会组织法) or to urban communities (城市居民委员会组织法).
RURAL_BASES = frozenset(
    {
        VoteBasis.VILLAGERS_ASSEMBLY,
        VoteBasis.VILLAGER_REPRESENTATIVES,
        VoteBasis.VILLAGER_GROUP,
        VoteBasis.FOUR_TWO_RESOLUTION,
    }
)
URBAN_BASES = frozenset({VoteBasis.RESIDENTS_ASSEMBLY, VoteBasis.RESIDENTS_REPRESENTATIVES})
# YZ-9: an owner's vote must be signed by the owner (指导规则第二十二条), so owners' ballots are named.
NAMED_ONLY_BASES = frozenset({VoteBasis.OWNERS})


def electorate_for(
    *,
    basis: VoteBasis,
    residents_mode: ResidentsAssemblyMode | None = None,
    villagers_mode: VillagersAssemblyMode | None = None,
    resolving_body: ResolvingBody | None = None,
    online_electorate: Electorate | None = None,
) -> Electorate:
    """The roll a basis implies (JW-6 modes, CW-19/CW-25 modes, CW-22 members, YZ-7 owners)."""
    if basis is VoteBasis.OWNERS:
        return Electorate.OWNERS
    if basis is VoteBasis.RESIDENTS_ASSEMBLY:
        return _RESIDENTS_MODE_ELECTORATE[_required(residents_mode, "residents_mode")]
    if basis is VoteBasis.RESIDENTS_REPRESENTATIVES:
        return Electorate.REPRESENTATIVES
    if basis is VoteBasis.VILLAGER_REPRESENTATIVES:
        return Electorate.ASSEMBLY_MEMBERS
    if basis in (VoteBasis.VILLAGERS_ASSEMBLY, VoteBasis.VILLAGER_GROUP):
        return _VILLAGERS_MODE_ELECTORATE[_required(villagers_mode, "villagers_mode")]
    if basis is VoteBasis.FOUR_TWO_RESOLUTION:
        if _required(resolving_body, "resolving_body") is ResolvingBody.VILLAGER_REPRESENTATIVES:
            return Electorate.ASSEMBLY_MEMBERS
        return _VILLAGERS_MODE_ELECTORATE[_required(villagers_mode, "villagers_mode")]
    chosen = _required(online_electorate, "online_electorate")
    if chosen not in ONLINE_ELECTORATES:
        raise DomainError(ErrorCode.INVALID_CHOICE, field="online_electorate")
    return chosen


ONLINE_ELECTORATES = frozenset({Electorate.ADULTS, Electorate.HOUSEHOLD_REPRESENTATIVES, Electorate.OWNERS})

_RESIDENTS_MODE_ELECTORATE: Mapping[ResidentsAssemblyMode, Electorate] = MappingProxyType(
    {
        ResidentsAssemblyMode.ALL_RESIDENTS: Electorate.ADULTS,
        ResidentsAssemblyMode.HOUSEHOLD_REPRESENTATIVES: Electorate.HOUSEHOLD_REPRESENTATIVES,
        ResidentsAssemblyMode.GROUP_REPRESENTATIVES: Electorate.REPRESENTATIVES,
    }
)
_VILLAGERS_MODE_ELECTORATE: Mapping[VillagersAssemblyMode, Electorate] = MappingProxyType(
    {
        VillagersAssemblyMode.INDIVIDUAL: Electorate.ADULTS,
        VillagersAssemblyMode.HOUSEHOLD: Electorate.HOUSEHOLD_REPRESENTATIVES,
    }
)


def _required(value: T | None, field: str) -> T:
    if value is None:
        raise DomainError(ErrorCode.MISSING_FIELD, field=field)
    return value


@dataclass(frozen=True)
class SettingNote:
    """A setting of a basis that is configurable or rests on an unconfirmed or local rule."""

    label: Text
    citation: Citation


@dataclass(frozen=True)
class BasisInfo:
    """A basis in plain words: its name, what it is for, the rule that applies and what may be configured."""

    name: Text
    plain: Text
    rule: Text
    citation: Citation
    settings: tuple[SettingNote, ...] = ()


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


_RESIDENCE_SETTING = SettingNote(
    _t(
        "非户籍常住居民、流动人口是否列入名单（本地规定，默认：户籍与常住居民）",
        "whether non-registered long-term residents and migrants are on the roll "
        "(local rules; default: registered and long-term residents)",
    ),
    citations.JW_3_REGISTRATION_DEFAULT,
)

BASIS_INFO: Mapping[VoteBasis, BasisInfo] = MappingProxyType(
    {
        VoteBasis.OWNERS: BasisInfo(
            name=_t("业主共同决定", "Owners' joint decision"),
            plain=_t(
                "业主共同决定（筹集维修资金、改建重建等重大事项，或选聘物业等一般事项）",
                "Owners decide together (raising the maintenance fund, rebuilding and other major matters, "
                "or ordinary ones such as choosing the property manager)",
            ),
            rule=_t(
                "参与表决的业主须占专有部分面积和人数各三分之二以上；一般事项须参与表决面积和人数各过半数同意，"
                "筹集维修资金、改建重建、改变共有部分用途须各四分之三以上同意。一人多套按一人计，"
                "建设单位未售房屋合计按一人计，共有房屋推选一人表决；业主须本人签名（实名表决）。",
                "Owners holding two thirds or more of the exclusive area and two thirds or more of the owners "
                "must take part; ordinary matters need more than half of the participating area and owners, "
                "raising the maintenance fund, rebuilding or changing the use of common parts three quarters "
                "or more of both. One owner of several units counts once, all the developer's unsold units "
                "count once, co-owners choose one of them to vote; ballots are signed (named).",
            ),
            citation=citations.YZ_1,
            settings=(
                SettingNote(
                    _t("加装电梯按重大事项还是一般事项表决", "whether adding a lift is a major or an ordinary matter"),
                    citations.YZ_5_ELEVATOR,
                ),
                SettingNote(
                    _t(
                        "未参与表决的业主是否计入多数（默认不计入）",
                        "whether owners who did not vote are added to the majority (default: no)",
                    ),
                    citations.YZ_10,
                ),
                SettingNote(
                    _t(
                        "无效票是否计为参与表决（默认计入）",
                        "whether spoiled ballots count as taking part (default: yes)",
                    ),
                    citations.YZ_11,
                ),
                SettingNote(_t("共有房屋由共有人推选一人表决", "co-owners choose one of them to vote"), citations.YZ_8),
            ),
        ),
        VoteBasis.RESIDENTS_ASSEMBLY: BasisInfo(
            name=_t("居民会议", "Residents' assembly"),
            plain=_t(
                "居民会议（涉及全体居民利益的重要问题）",
                "Residents' assembly (important questions affecting all residents)",
            ),
            rule=_t(
                "须有全体十八周岁以上居民、户的代表或居民小组选举的代表过半数出席方可举行；决定须经出席人过半数通过。",
                "More than half of all residents aged 18 or over, of the household representatives, or of the "
                "residents' groups' representatives must attend; a decision needs more than half of those present.",
            ),
            citation=citations.JW_6,
            settings=(_RESIDENCE_SETTING,),
        ),
        VoteBasis.RESIDENTS_REPRESENTATIVES: BasisInfo(
            name=_t("居民代表会议", "Residents' representatives' assembly"),
            plain=_t(
                "居民代表会议（居民代表讨论决定社区事务）",
                "Residents' representatives' assembly (representatives decide community affairs)",
            ),
            rule=_t(
                "国家法律未规定出席和表决比例；默认过半数代表出席、出席人过半数同意，可按本地规定调整。",
                "National law sets no quorum or majority; by default more than half of the representatives attend "
                "and more than half of those present agree, adjustable to local rules.",
            ),
            citation=citations.RESIDENTS_REPRESENTATIVES_DEFAULT,
            settings=(
                SettingNote(
                    _t("出席比例与通过比例", "quorum and majority"), citations.RESIDENTS_REPRESENTATIVES_DEFAULT
                ),
            ),
        ),
        VoteBasis.VILLAGERS_ASSEMBLY: BasisInfo(
            name=_t("村民会议", "Villagers' assembly"),
            plain=_t("村民会议（涉及村民利益的重大事项）", "Villagers' assembly (major matters of the village)"),
            rule=_t(
                "须有本村十八周岁以上村民过半数，或三分之二以上的户的代表参加；决定须经到会人员过半数通过。",
                "More than half of the villagers aged 18 or over, or two thirds or more of the household "
                "representatives, must attend; a decision needs more than half of those present.",
            ),
            citation=citations.CW_19,
            settings=(_RESIDENCE_SETTING,),
        ),
        VoteBasis.VILLAGER_REPRESENTATIVES: BasisInfo(
            name=_t("村民代表会议", "Villager representatives' assembly"),
            plain=_t(
                "村民代表会议（经村民会议授权的事项）",
                "Villager representatives' assembly (matters the villagers' assembly authorised)",
            ),
            rule=_t(
                "须有三分之二以上组成人员参加；决定须经到会人员过半数同意。村组法第二十四条所列事项须有村民会议授权。",
                "Two thirds or more of its members must attend; a decision needs more than half of those present. "
                "Matters listed in Art. 24 need the villagers' assembly's authorisation.",
            ),
            citation=citations.CW_24,
            settings=(SettingNote(_t("村民会议的授权", "the villagers' assembly's authorisation"), citations.CW_21),),
        ),
        VoteBasis.VILLAGER_GROUP: BasisInfo(
            name=_t("村民小组会议", "Villagers' group meeting"),
            plain=_t("村民小组会议（本组的事项）", "Villagers' group meeting (matters of one group)"),
            rule=_t(
                "须有本组十八周岁以上村民三分之二以上，或三分之二以上的户的代表参加；决定须经到会人员过半数同意。",
                "Two thirds or more of the group's villagers aged 18 or over, or of its household representatives, "
                "must attend; a decision needs more than half of those present.",
            ),
            citation=citations.CW_25,
            settings=(_RESIDENCE_SETTING,),
        ),
        VoteBasis.ONLINE: BasisInfo(
            name=_t("居民线上表决", "Residents' online vote"),
            plain=_t(
                "本小区（社区）居民线上表决（小区内部事务）",
                "Online vote of the compound's (community's) residents (matters inside a compound)",
            ),
            rule=_t(
                "表决规则由社区自定：参与率（占名单人数）与通过比例（占投票人数或名单人数）均可设置；"
                "不行使法律规定的业主共同决定或居民会议职权。",
                "The community sets the rule: the turnout (of the roll) and the passing share (of the votes cast "
                "or of the roll) are configurable; it does not replace an owners' joint decision or a residents' "
                "assembly where the law requires one.",
            ),
            citation=citations.ONLINE_RULE,
            settings=(
                SettingNote(_t("参与率", "turnout"), citations.ONLINE_RULE),
                SettingNote(_t("通过比例及其基数", "passing share and its base"), citations.ONLINE_RULE),
                SettingNote(
                    _t(
                        "谁可表决：成年居民、户代表或业主",
                        "who votes: adult residents, household representatives or owners",
                    ),
                    citations.ONLINE_RULE,
                ),
            ),
        ),
        VoteBasis.FOUR_TWO_RESOLUTION: BasisInfo(
            name=_t("四议两公开：村民会议或村民代表会议决议", "Four deliberations, two disclosures: the resolution"),
            plain=_t(
                "村级重大事项“四议两公开”的决议（第四步）",
                'The resolution step of the village\'s "four deliberations, two disclosures"',
            ),
            rule=_t(
                "党组织提议、两委商议、党员大会审议之后，由村民会议或村民代表会议按其法定人数和多数决议，"
                "然后公开决议和实施结果。",
                "After the party organisation's proposal, the two committees' deliberation and the party members' "
                "review, the villagers' assembly or the representatives' assembly resolves under its own quorum "
                "and majority; the resolution and its results are then published.",
            ),
            citation=citations.SY_1,
            settings=(
                SettingNote(
                    _t(
                        "“一肩挑”村合并第一、二步；党员大会出席比例",
                        "merging steps 1 and 2; the party meeting's quorum",
                    ),
                    citations.SY_1_LOCAL,
                ),
                SettingNote(_t("村民会议的授权", "the villagers' assembly's authorisation"), citations.CW_21),
            ),
        ),
    }
)


@dataclass(frozen=True, kw_only=True)
class MatterFacts:
    """What a matter touches, as far as choosing the basis of its decision goes."""

    reach: Reach
    is_rural: bool
    owners_matter: OwnersMatter | None = None
    village_matter: VillageMatter = VillageMatter.OTHER
    has_representatives_assembly: bool = False
    representatives_authorised: bool = False


@dataclass(frozen=True, kw_only=True)
class BasisSuggestion:
    """A proposed basis with its settings, the reason in words, and the other bases staff may choose."""

    basis: VoteBasis
    electorate: Electorate
    residents_mode: ResidentsAssemblyMode | None = None
    villagers_mode: VillagersAssemblyMode | None = None
    resolving_body: ResolvingBody | None = None
    owners_matter: OwnersMatter | None = None
    village_matter: VillageMatter | None = None
    alternatives: tuple[VoteBasis, ...] = ()
    reason: Text
    citation: Citation
    unconfirmed: bool = False


_REASONS: Mapping[str, Text] = MappingProxyType(
    {
        "owners": _t(
            "涉及建筑物共有部分或维修资金，由业主共同决定，按人数和专有部分面积双重计算。",
            "It touches the building's common parts or its maintenance fund: the owners decide together, "
            "by head count and by exclusive area.",
        ),
        "village_group": _t(
            "只涉及一个村民小组，由村民小组会议决定。",
            "It concerns one villagers' group only: the group meeting decides.",
        ),
        "four_two_assembly": _t(
            "村级重大事项实行“四议两公开”，由村民会议决议。",
            'A major village matter follows "four deliberations, two disclosures"; the villagers\' assembly resolves.',
        ),
        "four_two_representatives": _t(
            "村级重大事项实行“四议两公开”，由村民代表会议决议（须在其职权或授权范围内）。",
            'A major village matter follows "four deliberations, two disclosures"; the representatives\' '
            "assembly resolves (within its powers or authorisation).",
        ),
        "online": _t(
            "只涉及本小区（楼栋）居民，由这些居民线上表决。",
            "It concerns the residents of one compound (building): those residents vote online.",
        ),
        "community": _t(
            "涉及全体居民利益的重要问题，提请居民会议讨论决定；也可由居民代表会议决定。",
            "An important question affecting all residents goes to the residents' assembly; the "
            "representatives' assembly is the alternative.",
        ),
    }
)


def suggest_basis(*, facts: MatterFacts) -> BasisSuggestion:
    """Propose the basis of a decision from what the matter touches; staff confirm it."""
    if facts.owners_matter is not None:
        unconfirmed = facts.owners_matter in UNCONFIRMED_MATTERS
        return BasisSuggestion(
            basis=VoteBasis.OWNERS,
            electorate=Electorate.OWNERS,
            owners_matter=facts.owners_matter,
            reason=_REASONS["owners"],
            citation=citations.YZ_5_ELEVATOR if unconfirmed else citations.YZ_1,
            unconfirmed=unconfirmed,
        )
    if facts.is_rural:
        return _village(facts)
    if facts.reach in (Reach.BUILDING, Reach.COMPOUND):
        return BasisSuggestion(
            basis=VoteBasis.ONLINE,
            electorate=Electorate.ADULTS,
            alternatives=(VoteBasis.OWNERS, VoteBasis.RESIDENTS_ASSEMBLY),
            reason=_REASONS["online"],
            citation=citations.ONLINE_RULE,
        )
    return BasisSuggestion(
        basis=VoteBasis.RESIDENTS_ASSEMBLY,
        electorate=Electorate.ADULTS,
        residents_mode=ResidentsAssemblyMode.ALL_RESIDENTS,
        alternatives=(VoteBasis.RESIDENTS_REPRESENTATIVES, VoteBasis.ONLINE),
        reason=_REASONS["community"],
        citation=citations.JW_7,
    )


def _village(facts: MatterFacts) -> BasisSuggestion:
    listed = facts.village_matter is not VillageMatter.OTHER
    if facts.reach in (Reach.BUILDING, Reach.COMPOUND) and not listed:
        return BasisSuggestion(
            basis=VoteBasis.VILLAGER_GROUP,
            electorate=Electorate.ADULTS,
            villagers_mode=VillagersAssemblyMode.INDIVIDUAL,
            alternatives=(VoteBasis.FOUR_TWO_RESOLUTION,),
            reason=_REASONS["village_group"],
            citation=citations.CW_25,
        )
    # CW-21: a listed matter goes to the 代表会议 only under the assembly's authorisation.
    representatives = facts.has_representatives_assembly and (not listed or facts.representatives_authorised)
    if representatives:
        return BasisSuggestion(
            basis=VoteBasis.FOUR_TWO_RESOLUTION,
            electorate=Electorate.ASSEMBLY_MEMBERS,
            resolving_body=ResolvingBody.VILLAGER_REPRESENTATIVES,
            village_matter=facts.village_matter,
            alternatives=(VoteBasis.VILLAGERS_ASSEMBLY, VoteBasis.VILLAGER_REPRESENTATIVES),
            reason=_REASONS["four_two_representatives"],
            citation=citations.SY_1,
        )
    return BasisSuggestion(
        basis=VoteBasis.FOUR_TWO_RESOLUTION,
        electorate=Electorate.ADULTS,
        resolving_body=ResolvingBody.VILLAGERS_ASSEMBLY,
        villagers_mode=VillagersAssemblyMode.INDIVIDUAL,
        village_matter=facts.village_matter,
        alternatives=(VoteBasis.VILLAGERS_ASSEMBLY, VoteBasis.VILLAGER_REPRESENTATIVES),
        reason=_REASONS["four_two_assembly"],
        citation=citations.SY_1,
    )


def allowed_for(*, basis: VoteBasis, is_rural: bool) -> bool:
    """Whether a basis applies in a village (村组法) or an urban community (居组法); owners and online votes in both."""
    if basis in RURAL_BASES:
        return is_rural
    if basis in URBAN_BASES:
        return not is_rural
    return True
