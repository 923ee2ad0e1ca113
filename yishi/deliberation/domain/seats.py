"""Who sits at a deliberation meeting: the seat templates of seed 004 as data, and the check that they are filled.

Seed 004 (宜昌 "五民工作法") describes two levels of deliberation bodies:

- community or village level (村/社区议事协商委员会): "协商主体一般为'4+N'，'4'指社区(村)'两委'成员、居(村)民代表、
  常住外来人口代表、社会组织代表，'N'为相关利益方" — the same four seats in towns and villages;
- compound or villagers' group level (小区/村民小组议事协商会): in towns "'5+N'，'5'指社区'两委'成员、小区党支部成员、
  业主委员会成员、物业服务企业和社会组织负责人"; in villages "'4+N'，'4'指村'两委'成员、村民小组(党小组)长、村民代表和
  社会组织负责人".

Reading of the rural templates. At the village level the four seats are those of the community level, with the
"常住外来人口" named as they are called in villages, new villagers (新村民). At the villagers' group level the seed
lists the group (party-group) leaders, the villager representatives and the heads of social organisations; a group
rarely has a social organisation of its own, so that seat may be taken by a representative of the new villagers
instead (the seat rule suggests both). The "N" are the stakeholders of the matters on the agenda.

A template is data: each seat rule names its category, its label in both languages, the roles whose holders are
suggested for it and where those roles must be held, and the residence statuses suggested when no role fits.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from yishi.deliberation.domain.texts import DeliberationDomainError, Message
from yishi.people.domain.roles import Role


class SeatCategory(StrEnum):
    """The kind of seat a participant takes at the table."""

    TWO_COMMITTEES = "two_committees"
    RESIDENT_REPRESENTATIVES = "resident_representatives"
    NON_REGISTERED_RESIDENTS = "non_registered_residents"
    SOCIAL_ORGANISATIONS = "social_organisations"
    COMPOUND_PARTY_BRANCH = "compound_party_branch"
    OWNERS_COMMITTEE = "owners_committee"
    PROPERTY_COMPANY = "property_company"
    VILLAGER_REPRESENTATIVES = "villager_representatives"
    GROUP_LEADERS = "group_leaders"
    STAKEHOLDERS = "stakeholders"
    GUESTS = "guests"

    @property
    def label(self) -> Message:
        """The category's general name in both languages (a template may name its seat more precisely)."""
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: Mapping[SeatCategory, Message] = MappingProxyType(
    {
        SeatCategory.TWO_COMMITTEES: Message(zh_hans="“两委”成员", en="two-committee members"),
        SeatCategory.RESIDENT_REPRESENTATIVES: Message(zh_hans="居民代表", en="resident representatives"),
        SeatCategory.NON_REGISTERED_RESIDENTS: Message(
            zh_hans="常住外来人口代表", en="representatives of non-registered residents"
        ),
        SeatCategory.SOCIAL_ORGANISATIONS: Message(zh_hans="社会组织代表", en="social-organisation representatives"),
        SeatCategory.COMPOUND_PARTY_BRANCH: Message(zh_hans="小区党支部成员", en="compound party-branch members"),
        SeatCategory.OWNERS_COMMITTEE: Message(zh_hans="业主委员会成员", en="owners'-committee members"),
        SeatCategory.PROPERTY_COMPANY: Message(zh_hans="物业服务企业负责人", en="property-company managers"),
        SeatCategory.VILLAGER_REPRESENTATIVES: Message(zh_hans="村民代表", en="villager representatives"),
        SeatCategory.GROUP_LEADERS: Message(
            zh_hans="村民小组（党小组）长", en="villagers'-group (party-group) leaders"
        ),
        SeatCategory.STAKEHOLDERS: Message(zh_hans="利益相关方", en="stakeholders"),
        SeatCategory.GUESTS: Message(zh_hans="列席人员", en="invited guests"),
    }
)


class RoleScope(StrEnum):
    """Where a role must be held for its holder to be suggested for a seat."""

    AT_COMMUNITY = "at_community"  # at the community (village) itself: its two committees
    WITHIN_COMMUNITY = "within_community"  # at the community or any place inside it
    WITHIN_PLACE = "within_place"  # at the meeting's place or inside it


class TemplateCode(StrEnum):
    COMMUNITY_4N = "community_4n"
    COMPOUND_5N = "compound_5n"
    VILLAGE_4N = "village_4n"
    VILLAGE_GROUP_4N = "village_group_4n"


NON_REGISTERED_STATUSES: frozenset[str] = frozenset({"long_term", "migrant"})


@dataclass(frozen=True, kw_only=True)
class SeatRule:
    """One of the fixed seats of a template ("4" or "5"): who fills it and how many at least."""

    category: SeatCategory
    label: Message
    roles: frozenset[Role] = frozenset()
    scope: RoleScope = RoleScope.WITHIN_PLACE
    residence_statuses: frozenset[str] = frozenset()
    # Also suggest holders of the role anywhere in the community who live within the meeting's place: party
    # members are registered with the community's party organisation but sit for the branch of their compound.
    or_living_within_place: bool = False
    minimum: int = 1


@dataclass(frozen=True, kw_only=True)
class SeatTemplate:
    """The seats of a deliberation body at one level, town or village."""

    code: TemplateCode
    name: Message
    level: str  # the place kind it is meant for: "community" or "compound"
    rural: bool
    rules: tuple[SeatRule, ...]

    @property
    def formula(self) -> str:
        """ "4+N" or "5+N"."""
        return f"{len(self.rules)}+N"

    @property
    def categories(self) -> tuple[SeatCategory, ...]:
        """The fixed categories in the template's order."""
        return tuple(rule.category for rule in self.rules)

    def rule_for(self, category: SeatCategory) -> SeatRule | None:
        return next((rule for rule in self.rules if rule.category is category), None)

    def seat_label(self, category: SeatCategory) -> Message:
        """The template's own name for a seat, or the category's general name."""
        rule = self.rule_for(category)
        return rule.label if rule is not None else category.label


_COMMITTEE = frozenset({Role.COMMITTEE_MEMBER, Role.PARTY_SECRETARY})

COMMUNITY_4N = SeatTemplate(
    code=TemplateCode.COMMUNITY_4N,
    name=Message(zh_hans="社区议事协商“4+N”", en='community "4+N"'),
    level="community",
    rural=False,
    rules=(
        SeatRule(
            category=SeatCategory.TWO_COMMITTEES,
            label=Message(zh_hans="社区“两委”成员", en="community two-committee members"),
            roles=_COMMITTEE,
            scope=RoleScope.AT_COMMUNITY,
        ),
        SeatRule(
            category=SeatCategory.RESIDENT_REPRESENTATIVES,
            label=CATEGORY_LABELS[SeatCategory.RESIDENT_REPRESENTATIVES],
            roles=frozenset({Role.RESIDENT_REPRESENTATIVE}),
            scope=RoleScope.WITHIN_PLACE,
        ),
        SeatRule(
            category=SeatCategory.NON_REGISTERED_RESIDENTS,
            label=CATEGORY_LABELS[SeatCategory.NON_REGISTERED_RESIDENTS],
            scope=RoleScope.WITHIN_PLACE,
            residence_statuses=NON_REGISTERED_STATUSES,
        ),
        SeatRule(
            category=SeatCategory.SOCIAL_ORGANISATIONS,
            label=CATEGORY_LABELS[SeatCategory.SOCIAL_ORGANISATIONS],
            roles=frozenset({Role.SOCIAL_ORGANISATION_DELEGATE}),
            scope=RoleScope.WITHIN_COMMUNITY,
        ),
    ),
)

COMPOUND_5N = SeatTemplate(
    code=TemplateCode.COMPOUND_5N,
    name=Message(zh_hans="小区议事协商“5+N”", en='compound "5+N"'),
    level="compound",
    rural=False,
    rules=(
        SeatRule(
            category=SeatCategory.TWO_COMMITTEES,
            label=Message(zh_hans="社区“两委”成员", en="community two-committee members"),
            roles=_COMMITTEE,
            scope=RoleScope.AT_COMMUNITY,
        ),
        SeatRule(
            category=SeatCategory.COMPOUND_PARTY_BRANCH,
            label=CATEGORY_LABELS[SeatCategory.COMPOUND_PARTY_BRANCH],
            roles=frozenset({Role.PARTY_SECRETARY, Role.PARTY_MEMBER}),
            scope=RoleScope.WITHIN_PLACE,
            or_living_within_place=True,
        ),
        SeatRule(
            category=SeatCategory.OWNERS_COMMITTEE,
            label=CATEGORY_LABELS[SeatCategory.OWNERS_COMMITTEE],
            roles=frozenset({Role.OWNERS_COMMITTEE_MEMBER}),
            scope=RoleScope.WITHIN_PLACE,
        ),
        SeatRule(
            category=SeatCategory.PROPERTY_COMPANY,
            label=CATEGORY_LABELS[SeatCategory.PROPERTY_COMPANY],
            roles=frozenset({Role.PROPERTY_STAFF}),
            scope=RoleScope.WITHIN_PLACE,
        ),
        SeatRule(
            category=SeatCategory.SOCIAL_ORGANISATIONS,
            label=Message(zh_hans="社会组织负责人", en="heads of social organisations"),
            roles=frozenset({Role.SOCIAL_ORGANISATION_DELEGATE}),
            scope=RoleScope.WITHIN_COMMUNITY,
        ),
    ),
)

VILLAGE_4N = SeatTemplate(
    code=TemplateCode.VILLAGE_4N,
    name=Message(zh_hans="村议事协商“4+N”", en='village "4+N"'),
    level="community",
    rural=True,
    rules=(
        SeatRule(
            category=SeatCategory.TWO_COMMITTEES,
            label=Message(zh_hans="村“两委”成员", en="village two-committee members"),
            roles=_COMMITTEE,
            scope=RoleScope.AT_COMMUNITY,
        ),
        SeatRule(
            category=SeatCategory.VILLAGER_REPRESENTATIVES,
            label=CATEGORY_LABELS[SeatCategory.VILLAGER_REPRESENTATIVES],
            roles=frozenset({Role.RESIDENT_REPRESENTATIVE}),
            scope=RoleScope.WITHIN_PLACE,
        ),
        SeatRule(
            category=SeatCategory.NON_REGISTERED_RESIDENTS,
            label=Message(
                zh_hans="新村民（常住外来人口）代表", en="representatives of new villagers (non-registered residents)"
            ),
            scope=RoleScope.WITHIN_PLACE,
            residence_statuses=NON_REGISTERED_STATUSES,
        ),
        SeatRule(
            category=SeatCategory.SOCIAL_ORGANISATIONS,
            label=CATEGORY_LABELS[SeatCategory.SOCIAL_ORGANISATIONS],
            roles=frozenset({Role.SOCIAL_ORGANISATION_DELEGATE}),
            scope=RoleScope.WITHIN_COMMUNITY,
        ),
    ),
)

VILLAGE_GROUP_4N = SeatTemplate(
    code=TemplateCode.VILLAGE_GROUP_4N,
    name=Message(zh_hans="村民小组议事协商“4+N”", en='villagers\'-group "4+N"'),
    level="compound",
    rural=True,
    rules=(
        SeatRule(
            category=SeatCategory.TWO_COMMITTEES,
            label=Message(zh_hans="村“两委”成员", en="village two-committee members"),
            roles=_COMMITTEE,
            scope=RoleScope.AT_COMMUNITY,
        ),
        SeatRule(
            category=SeatCategory.GROUP_LEADERS,
            label=CATEGORY_LABELS[SeatCategory.GROUP_LEADERS],
            # The people roles know no "villagers'-group leader" yet: the group's building (户组) leaders and the
            # party secretary held at the group (党小组长) are suggested; staff may seat anyone.
            roles=frozenset({Role.BUILDING_LEADER, Role.PARTY_SECRETARY}),
            scope=RoleScope.WITHIN_PLACE,
        ),
        SeatRule(
            category=SeatCategory.VILLAGER_REPRESENTATIVES,
            label=CATEGORY_LABELS[SeatCategory.VILLAGER_REPRESENTATIVES],
            roles=frozenset({Role.RESIDENT_REPRESENTATIVE}),
            scope=RoleScope.WITHIN_PLACE,
            or_living_within_place=True,
        ),
        SeatRule(
            category=SeatCategory.SOCIAL_ORGANISATIONS,
            label=Message(
                zh_hans="社会组织负责人（或新村民代表）",
                en="heads of social organisations (or new villagers' representatives)",
            ),
            roles=frozenset({Role.SOCIAL_ORGANISATION_DELEGATE}),
            scope=RoleScope.WITHIN_COMMUNITY,
            residence_statuses=NON_REGISTERED_STATUSES,
        ),
    ),
)

TEMPLATES: Mapping[TemplateCode, SeatTemplate] = MappingProxyType(
    {template.code: template for template in (COMMUNITY_4N, COMPOUND_5N, VILLAGE_4N, VILLAGE_GROUP_4N)}
)


def get_template(code: str) -> SeatTemplate:
    """The template with this code; raises DeliberationDomainError for an unknown one."""
    try:
        return TEMPLATES[TemplateCode(code)]
    except ValueError as error:
        raise DeliberationDomainError(
            code="seats.template_unknown", zh_hans="未知的席位模板。", en="Unknown seat template."
        ) from error


def template_for(*, place_kind: str, is_rural: bool) -> SeatTemplate:
    """The template a meeting at a place of this kind starts from: 4+N for a community or village, 5+N for an
    urban compound, the villagers'-group 4+N for a group."""
    if place_kind == "community":
        return VILLAGE_4N if is_rural else COMMUNITY_4N
    if place_kind == "compound":
        return VILLAGE_GROUP_4N if is_rural else COMPOUND_5N
    raise DeliberationDomainError(
        code="seats.place_kind",
        zh_hans="议事协商会议在社区（村）或小区（村民小组）召开。",
        en="A deliberation meeting is held for a community (village) or a compound (villagers' group).",
    )


def rule_matches(
    rule: SeatRule,
    *,
    role: str,
    role_place_path: str,
    community_path: str,
    meeting_place_path: str,
    home_path: str = "",
) -> bool:
    """Whether holding `role` at the place with path `role_place_path` suggests its holder (living at `home_path`)
    for the seat."""
    if role not in rule.roles:
        return False
    if rule.scope is RoleScope.AT_COMMUNITY:
        return role_place_path == community_path
    if rule.scope is RoleScope.WITHIN_COMMUNITY:
        return role_place_path.startswith(community_path)
    if role_place_path.startswith(meeting_place_path):
        return True
    return (
        rule.or_living_within_place
        and role_place_path.startswith(community_path)
        and bool(home_path)
        and home_path.startswith(meeting_place_path)
    )


class Severity(StrEnum):
    """Whether unfilled seats stop the meeting from being convened (scheduled) or only warn (ad hoc)."""

    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True)
class SeatGap:
    """A category of the template with fewer people than it needs."""

    category: SeatCategory
    label: Message
    needed: int
    filled: int


@dataclass(frozen=True, kw_only=True)
class SeatCheck:
    template: SeatTemplate
    gaps: tuple[SeatGap, ...]
    severity: Severity

    @property
    def is_complete(self) -> bool:
        return not self.gaps

    @property
    def blocks(self) -> bool:
        """Unfilled seats of a scheduled meeting: it cannot be convened yet."""
        return bool(self.gaps) and self.severity is Severity.BLOCKING


STAKEHOLDERS_LABEL = Message(zh_hans="利益相关方（N）", en="stakeholders (N)")


def check_seats(
    *, template: SeatTemplate, filled: Mapping[str, int], ad_hoc: bool, needs_stakeholders: bool
) -> SeatCheck:
    """Which template seats are not filled yet. A meeting about matters needs at least one stakeholder (the "N").

    For a scheduled meeting the gaps block convening; an ad hoc meeting (an urgent matter, a meeting on site)
    may go ahead with them, and the gaps are a warning on its record.
    """
    if any(count < 0 for count in filled.values()):
        raise DeliberationDomainError(
            code="seats.negative_count", zh_hans="席位人数不能为负数。", en="A seat count cannot be negative."
        )
    gaps = [
        SeatGap(category=rule.category, label=rule.label, needed=rule.minimum, filled=filled.get(rule.category, 0))
        for rule in template.rules
        if filled.get(rule.category, 0) < rule.minimum
    ]
    if needs_stakeholders and filled.get(SeatCategory.STAKEHOLDERS, 0) < 1:
        gaps.append(
            SeatGap(
                category=SeatCategory.STAKEHOLDERS,
                label=STAKEHOLDERS_LABEL,
                needed=1,
                filled=filled.get(SeatCategory.STAKEHOLDERS, 0),
            )
        )
    return SeatCheck(template=template, gaps=tuple(gaps), severity=Severity.WARNING if ad_hoc else Severity.BLOCKING)


def categories_of(template: SeatTemplate) -> tuple[SeatCategory, ...]:
    """Every category a seat at a meeting of this template may have: the fixed ones, stakeholders, guests."""
    return (*template.categories, SeatCategory.STAKEHOLDERS, SeatCategory.GUESTS)
