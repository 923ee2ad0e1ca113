"""Demo matters for `manage.py seed_demo`: realistic matters in Chinese across channels, classes and statuses.

    seed(street=street, rng=rng)                      # about 300 matters in the street's communities
    seed(street=street, rng=rng, scale="district")    # about 50,000 across the district (bulk inserts)
    seed(street=street, rng=rng, scale="tiny")        # about 30, for tests

Matters are drawn from a list of typical matters of urban compounds and villages and carried as far as
this app takes them: raised (online or recorded by staff), merged, triaged by the joint meeting into
each class, answered, declined with a reason, or sent to the street, accepted, referred to departments
and replied. Matters classed for deliberation stay "triaged", some of them overdue, for the later apps'
demos to take up. Rows are written with bulk inserts; one audit record per community says where they
came from. At the small scales each community's triage results are published as lists on its board.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.utils import timezone

from yishi.accounts.models import User
from yishi.audit.actions import Actor, record_audit
from yishi.audit.models import Channel
from yishi.matters.actions import publish_triage_records
from yishi.matters.domain.service_levels import due_date
from yishi.matters.domain.triage import PlaceScope, build_triage_decision
from yishi.matters.domain.triage import TriageClass as ClassName
from yishi.matters.models import (
    Category,
    EventKind,
    FollowReason,
    Matter,
    MatterChannel,
    MatterEvent,
    MatterFollower,
    MatterStatus,
    Notification,
    Referral,
    ReplyResult,
    TriageRecord,
    Urgency,
)
from yishi.matters.notifications import without_sms
from yishi.people import crypto
from yishi.people.demo_data import DEMO_RESIDENTS
from yishi.people.models import Person, RoleAssignment
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

SIZES = {"tiny": 30, "street": 300, "default": 300, "district": 50_000}
BATCH = 2000
DEMO_ACTOR = Actor(user=None, acting_role="demo", channel=Channel.IMPORT)


@dataclass(frozen=True)
class Template:
    """A typical matter: where it sits (building, compound or community), its category and usual triage."""

    title: str
    description: str
    category: str
    level: str
    triage_class: str
    scope: str
    answer: str = ""
    reason: str = ""
    department: str = ""
    government_service: bool = False
    rural: bool | None = None  # None: anywhere; True: villages only; False: urban only


TEMPLATES: tuple[Template, ...] = (
    Template(
        "3号楼电梯经常坏",
        "电梯这个月停了四次,楼里老人多,上下楼很困难,希望彻底检修。",
        "lifts",
        "building",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "小区门口停车乱",
        "早晚高峰小区门口两侧停满车,消防车和救护车进不来。",
        "parking",
        "compound",
        "micro",
        "single_compound",
    ),
    Template(
        "垃圾分类点异味",
        "垃圾分类点夏天异味很重,清运不及时,希望增加清运次数。",
        "sanitation",
        "compound",
        "direct_answer",
        "single_compound",
        answer="已与环卫所协调,自下周起每日清运两次,并加装除臭设备。",
    ),
    Template(
        "老旧小区加装电梯",
        "我们楼是七十年代的六层楼,想加装电梯,请社区组织大家商量费用分摊。",
        "lifts",
        "building",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "村道路灯不亮",
        "村口到三组的路灯坏了半个多月,晚上走路很危险。",
        "roads_lighting",
        "compound",
        "direct_answer",
        "single_compound",
        answer="村委会已报修,电工本周五前更换灯具。",
        rural=True,
    ),
    Template(
        "广场舞噪音扰民",
        "晚上九点半以后广场舞音乐还很响,影响老人和孩子休息。",
        "noise",
        "community",
        "small",
        "whole_community",
    ),
    Template(
        "楼道堆放杂物", "楼道里堆满旧家具和纸箱,堵住了安全出口。", "safety", "building", "urgent", "single_compound"
    ),
    Template(
        "电动车楼道充电",
        "有人把电动车推进楼道充电,飞线很多,存在火灾隐患。",
        "safety",
        "building",
        "urgent",
        "single_compound",
        rural=False,
    ),
    Template(
        "绿化带被占用种菜",
        "小区绿化带被个别住户开垦种菜,还施粪肥,气味难闻。",
        "greening",
        "compound",
        "micro",
        "single_compound",
    ),
    Template(
        "社区卫生服务站开放时间太短",
        "卫生服务站下午四点就关门,上班族配不到药。",
        "public_services",
        "community",
        "big",
        "whole_community",
        department="区卫生健康委员会",
        government_service=True,
    ),
    Template(
        "公交站点离小区太远",
        "最近的公交站要走二十分钟,希望增设站点或开通社区巴士。",
        "roads_lighting",
        "community",
        "big",
        "several_communities",
        department="区交通委员会",
    ),
    Template(
        "物业费上涨不透明",
        "物业公司通知涨价,却没有公布收支情况,业主有意见。",
        "property",
        "compound",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "公共收益去向不明",
        "小区广告位和停车位的收益从来没有公示过。",
        "public_revenue",
        "compound",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "老年食堂饭菜价格",
        "老年助餐点的饭菜涨价了,希望讨论补贴标准和菜品。",
        "elderly_care",
        "community",
        "small",
        "whole_community",
    ),
    Template(
        "儿童游乐设施损坏",
        "儿童滑梯有一处断裂,孩子容易划伤。",
        "children",
        "compound",
        "direct_answer",
        "single_compound",
        answer="物业已将滑梯围挡,维修配件到货后三日内修好。",
    ),
    Template(
        "下水道堵塞反味", "一楼下水道经常堵塞,污水倒灌进厨房。", "facilities", "building", "urgent", "single_compound"
    ),
    Template(
        "路面坑洼积水",
        "社区主路坑洼,下雨后积水没过脚踝。",
        "roads_lighting",
        "community",
        "big",
        "whole_community",
        department="区建设和管理委员会",
        government_service=True,
    ),
    Template(
        "流浪猫过多",
        "小区里流浪猫越来越多,有居民投喂,也有居民担心卫生。",
        "neighbours",
        "compound",
        "micro",
        "single_compound",
    ),
    Template(
        "快递柜位置不合理",
        "快递柜放在消防通道旁,取件的人把通道堵住了。",
        "property",
        "compound",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "要求邻居拆除阳台",
        "楼上邻居扩建阳台,挡住了我家的采光。",
        "neighbours",
        "building",
        "declined",
        "single_compound",
        reason="属于相邻关系民事纠纷,已转人民调解委员会调解,不列入议事协商。",
    ),
    Template(
        "希望增设健身器材",
        "社区里老人多,希望在空地上增设健身器材。",
        "culture",
        "community",
        "small",
        "whole_community",
    ),
    Template(
        "消防通道被私家车占用",
        "消防通道长期被私家车占用,一旦失火后果严重。",
        "safety",
        "compound",
        "urgent",
        "single_compound",
    ),
    Template(
        "小区围墙破损", "小区北侧围墙倒了一段,外来人员随意进出。", "facilities", "compound", "micro", "single_compound"
    ),
    Template(
        "建设电动汽车充电桩",
        "希望在小区停车场建设充电桩,方便新能源车主。",
        "parking",
        "compound",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "公共晒场被占用",
        "组里的公共晒场被人堆放建材,秋收没地方晒谷子。",
        "greening",
        "compound",
        "micro",
        "single_compound",
        rural=True,
    ),
    Template(
        "学校门口上下学拥堵",
        "小学门口上下学时段拥堵严重,涉及周边几个社区。",
        "roads_lighting",
        "community",
        "big",
        "several_communities",
        department="街道城市管理执法中队",
    ),
    Template(
        "顶楼漏水",
        "顶楼屋面防水老化,下雨天家里漏水,希望使用维修资金修缮。",
        "facilities",
        "building",
        "micro",
        "single_compound",
        rural=False,
    ),
    Template(
        "小区门禁系统故障",
        "门禁刷卡经常失灵,老人进不了门。",
        "property",
        "compound",
        "direct_answer",
        "single_compound",
        answer="物业已联系厂家,本周内更换读卡器。",
        rural=False,
    ),
    Template(
        "社区活动室开放时间",
        "活动室周末不开放,上班的居民没法参加活动。",
        "culture",
        "community",
        "direct_answer",
        "whole_community",
        answer="自下月起活动室周六开放,由志愿者值守。",
    ),
    Template(
        "村里饮用水水压不足",
        "高处几户人家水压太低,夏天经常没水。",
        "public_services",
        "community",
        "big",
        "whole_community",
        department="区水务局",
        government_service=True,
        rural=True,
    ),
    Template(
        "要求社区发放个人补贴",
        "希望社区给我家每月发生活补贴。",
        "other",
        "community",
        "declined",
        "whole_community",
        reason="个人困难救助请向社区事务受理服务中心申请,不属于议事协商事项;已告知申请途径。",
    ),
)

CHANNEL_WEIGHTS: tuple[tuple[str, int], ...] = (
    (MatterChannel.WEB, 42),
    (MatterChannel.PHONE, 10),
    (MatterChannel.HOTLINE_12345, 8),
    (MatterChannel.VISIT, 14),
    (MatterChannel.SUGGESTION_BOX, 6),
    (MatterChannel.WECHAT_GROUP, 10),
    (MatterChannel.MEETING, 6),
    (MatterChannel.SUGGESTION_POINT, 4),
)
REPLIES = (
    "已现场查看,列入本月整改计划,预计两周内完成。",
    "已协调相关单位,方案报区里审批后实施。",
    "经研究,纳入明年实事项目,资金已落实。",
)
STREET_RESULTS = (
    "经街道协调,相关部门已完成整改,请居民监督评价。",
    "部门已给出办理方案,街道将跟踪落实并在社区公示。",
)


@dataclass
class _Community:
    place: Place
    compounds: list[Place]
    buildings: dict[int, list[Place]]
    residents: dict[int | None, list[int]]
    staff: tuple[User | None, str]
    street_staff: tuple[User | None, str]


def _age_days(template: Template, rng: random.Random) -> int:
    """How long ago the matter was raised. Matters for deliberation are young: this app carries them only
    to triage, and an old one still waiting would be overdue; the deliberation demo takes them further."""
    mean = {"urgent": 2, "micro": 6, "small": 10}.get(template.triage_class, 45)
    return min(int(rng.expovariate(1 / mean)), 365)


def _weighted_channel(rng: random.Random) -> str:
    return rng.choices([channel for channel, _weight in CHANNEL_WEIGHTS], [w for _c, w in CHANNEL_WEIGHTS])[0]


def _staff_of(place: Place | None, roles: Sequence[str]) -> tuple[User | None, str]:
    """A role holder at the place with their account when they have one (for the demo's actor names)."""
    if place is None:
        return None, ""
    person_ids = list(
        RoleAssignment.objects.filter(place=place, role__in=roles).order_by("pk").values_list("person_id", flat=True)
    )
    if not person_ids:
        return None, ""
    user = User.objects.select_related("person").filter(person_id__in=person_ids).order_by("pk").first()
    if user is not None:
        return user, user.display_name
    person = Person.objects.filter(pk=person_ids[0]).first()
    return None, person.name if person else ""


def _load_community(community: Place) -> _Community:
    places = list(
        Place.objects.within(community)
        .filter(kind__in=[PlaceKind.COMPOUND, PlaceKind.BUILDING])
        .select_related("parent")
        .order_by("path")
    )
    compounds = [place for place in places if place.kind == PlaceKind.COMPOUND]
    buildings: dict[int, list[Place]] = {}
    for place in places:
        if place.kind == PlaceKind.BUILDING and place.parent_id is not None:
            buildings.setdefault(place.parent_id, []).append(place)
    low, high = subtree_bounds(community.path)
    residents: dict[int | None, list[int]] = {None: []}
    compound_index = community.depth + 1
    rows = (
        Person.objects.filter(home__path__gte=low, home__path__lt=high, is_active=True)
        .order_by("pk")
        .values_list("pk", "home__path")[:3000]
    )
    for person_id, path in rows:
        parts = path.strip("/").split("/")
        compound_id = int(parts[compound_index]) if len(parts) > compound_index else None
        residents.setdefault(compound_id, []).append(person_id)
        residents[None].append(person_id)
    return _Community(
        place=community,
        compounds=compounds,
        buildings=buildings,
        residents=residents,
        staff=_staff_of(community, ("committee_member", "party_secretary")),
        street_staff=_staff_of(community.parent, ("street_officer",)),
    )


def _place_for(template: Template, data: _Community, rng: random.Random) -> tuple[Place, Place | None]:
    if template.level == "community" or not data.compounds:
        return data.place, None
    compound = rng.choice(data.compounds)
    if template.level == "building" and data.buildings.get(compound.pk):
        return rng.choice(data.buildings[compound.pk]), compound
    return compound, compound


def seed(*, street: Place, rng: random.Random, scale: str = "default") -> None:
    """Add demo matters to the communities of `street` (of its whole district at district scale)."""
    with without_sms():
        _seed(street=street, rng=rng, scale=scale)


def _seed(*, street: Place, rng: random.Random, scale: str) -> None:
    total = SIZES.get(scale, SIZES["default"])
    area = street.parent if scale == "district" and street.parent is not None else street
    communities = list(Place.objects.within(area).of_kind(PlaceKind.COMMUNITY).order_by("path"))
    if not communities:
        return
    categories = {category.code: category for category in Category.objects.all()}
    demo_people = _demo_residents()
    now = timezone.now()
    shares = [
        total // len(communities) + (1 if index < total % len(communities) else 0) for index in range(len(communities))
    ]
    for community, count in zip(communities, shares, strict=True):
        data = _load_community(community)
        builder = _Builder(data=data, rng=rng, now=now, categories=categories, demo_people=demo_people)
        made = builder.build(count)
        if scale != "district":
            builder.publish()
        record_audit(
            actor=DEMO_ACTOR,
            verb="demo.seed",
            target=community,
            place=community,
            changes={"matters": [0, made]},
            note=f"Demo matters loaded by manage.py seed_demo --scale {scale}.",
        )


def _demo_residents() -> dict[int, int]:
    """Person id → how many demo matters to give them, for the demo residents who sign in by phone."""
    lookups = [crypto.lookup_hash(resident.phone) for resident in DEMO_RESIDENTS]
    return dict.fromkeys(Person.objects.filter(phone_lookup__in=lookups).values_list("pk", flat=True), 2)


class _Builder:
    """Draws one community's matters and writes them, their followers, triages, referrals and timeline."""

    def __init__(
        self,
        *,
        data: _Community,
        rng: random.Random,
        now: datetime.datetime,
        categories: dict[str, Category],
        demo_people: dict[int, int],
    ) -> None:
        self.data = data
        self.rng = rng
        self.now = now
        self.categories = categories
        self.demo_people = demo_people
        rural = data.place.is_rural
        self.templates = [item for item in TEMPLATES if item.rural is None or item.rural == rural]
        self.triages: list[TriageRecord] = []
        self.pending_triages: list[TriageRecord] = []
        self.pending_referrals: list[Referral] = []

    def build(self, count: int) -> int:
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            self._batch(size)
            made += size
        return made

    def _proposer(self, compound: Place | None, channel: str) -> int | None:
        for person_id, remaining in self.demo_people.items():
            if remaining and person_id in self.data.residents.get(compound.pk if compound else None, []):
                self.demo_people[person_id] = remaining - 1
                return person_id
        if channel == MatterChannel.SUGGESTION_BOX and self.rng.random() < 0.5:
            return None  # an unsigned note
        pool = self.data.residents.get(compound.pk if compound else None) or self.data.residents[None]
        return self.rng.choice(pool) if pool else None

    def _batch(self, size: int) -> None:
        rng, data = self.rng, self.data
        staff_user, staff_name = data.staff
        drafts: list[tuple[Matter, Template, int]] = []
        for _ in range(size):
            template = rng.choice(self.templates)
            place, compound = _place_for(template, data, rng)
            channel = _weighted_channel(rng)
            age_days = _age_days(template, rng)
            created = self.now - datetime.timedelta(days=age_days, minutes=rng.randint(0, 1439))
            matter = Matter(
                title=template.title,
                description=template.description,
                place=place,
                community=data.place,
                compound=compound,
                category=self.categories.get(template.category) or self.categories["other"],
                channel=channel,
                channel_reference=f"{created:%Y%m%d}-{rng.randint(1, 99):02d}" if channel != MatterChannel.WEB else "",
                proposer_id=self._proposer(compound, channel),
                recorded_by=staff_user if channel != MatterChannel.WEB else None,
                anonymous_to_public=rng.random() < 0.15,
                urgency=Urgency.URGENT if template.triage_class == "urgent" else Urgency.NORMAL,
                status=MatterStatus.PROPOSED,
                created_at=created,
            )
            drafts.append((matter, template, age_days))
        matters = Matter.objects.bulk_create([matter for matter, _template, _age in drafts])
        followers: list[MatterFollower] = []
        events: list[MatterEvent] = []
        for matter, (_draft, template, age_days) in zip(matters, drafts, strict=True):
            if matter.proposer_id is not None:
                followers.append(
                    MatterFollower(
                        matter=matter,
                        person_id=matter.proposer_id,
                        reason=FollowReason.PROPOSER,
                        created_at=matter.created_at,
                    )
                )
            kind = EventKind.RAISED if matter.channel == MatterChannel.WEB else EventKind.RECORDED
            events.append(
                MatterEvent(
                    matter=matter,
                    kind=kind,
                    occurred_at=matter.created_at,
                    actor=staff_user if kind == EventKind.RECORDED else None,
                    actor_name=staff_name if kind == EventKind.RECORDED else "",
                    channel=Channel.ASSISTED if kind == EventKind.RECORDED else Channel.ONLINE,
                    status_to=MatterStatus.PROPOSED,
                    data={"channel": matter.channel, "photos": 0},
                )
            )
            pool = data.residents.get(matter.compound_id) or data.residents[None]
            supporters = {
                person
                for person in rng.sample(pool, min(len(pool), rng.choice((0, 0, 1, 2, 4))))
                if person != matter.proposer_id
            }
            for person_id in supporters:
                joined = matter.created_at + datetime.timedelta(hours=rng.randint(1, 72))
                followers.append(
                    MatterFollower(matter=matter, person_id=person_id, reason=FollowReason.ALSO_MINE, created_at=joined)
                )
                events.append(
                    MatterEvent(matter=matter, kind=EventKind.FOLLOWED, occurred_at=joined, channel=Channel.ONLINE)
                )
            matter.follower_count = len(supporters) + (1 if matter.proposer_id else 0)
            self._advance(matter, template, age_days, events)
        MatterFollower.objects.bulk_create(followers, batch_size=BATCH)
        self._merge_some(matters, events)
        Matter.objects.bulk_update(
            matters,
            ["status", "triage_class", "scope", "responsible_level", "responsible_place", "triaged_at", "due_on",
             "responded_at", "street_accepted_at", "merged_into", "follower_count"],
            batch_size=500,
        )  # fmt: skip
        triages = list(self.pending_triages)
        TriageRecord.objects.bulk_create(triages, batch_size=BATCH)
        self.triages.extend(triages)
        for event in events:
            triage = event.data.pop("_triage", None) if event.data else None
            if triage is not None:
                event.data["triage_id"] = triage.pk
        MatterEvent.objects.bulk_create(events, batch_size=BATCH)
        Referral.objects.bulk_create(self.pending_referrals, batch_size=BATCH)
        self._notify_demo_residents(matters)
        self.pending_triages = []
        self.pending_referrals = []

    def _advance(self, matter: Matter, template: Template, age_days: int, events: list[MatterEvent]) -> None:
        """Carry the matter as far as its age allows: triage, then the street's handling of big matters."""
        rng = self.rng
        if age_days < 5 and rng.random() < 0.5:
            return  # still waiting for the joint meeting
        triage_class = ClassName(template.triage_class)
        if triage_class is ClassName.MICRO and rng.random() < 0.1:
            triage_class = ClassName.URGENT
        triaged_at = min(
            matter.created_at + datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 8)), self.now
        )
        street = self.data.place.parent
        compound = matter.compound
        if triage_class is ClassName.MICRO and compound is None:
            triage_class = ClassName.SMALL
        scope = (
            template.scope
            if triage_class is not ClassName.SMALL or template.scope != "single_compound"
            else "several_compounds"
        )
        decision = build_triage_decision(
            triage_class=triage_class,
            scope=_scope(scope, triage_class),
            government_service=template.government_service and triage_class is ClassName.BIG,
            street_id=street.pk if triage_class is ClassName.BIG and street else None,
            reason=template.reason,
        )
        responsible = {"street": street, "community": self.data.place, "compound": compound}[decision.level.value]
        if responsible is None:
            return
        due = due_date(triaged_at=triaged_at, triage_class=decision.triage_class)
        staff_user, staff_name = self.data.staff
        triage = TriageRecord(
            matter=matter,
            community=self.data.place,
            triaged_by=staff_user,
            triaged_by_name=staff_name or "两委联席会议",
            acting_role="committee_member",
            channel=Channel.MEETING,
            triaged_at=triaged_at,
            triage_class=decision.triage_class,
            scope=decision.scope,
            government_service=decision.government_service,
            responsible_level=decision.level,
            responsible_place=responsible,
            reason=decision.reason,
            answer=template.answer if decision.triage_class is ClassName.DIRECT_ANSWER else "",
            joint_meeting_reference=f"{triaged_at:%Y年%m月%d日}两委联席会议",
            due_on=due,
        )
        self.pending_triages.append(triage)
        status = {
            ClassName.BIG: MatterStatus.REFERRED,
            ClassName.DIRECT_ANSWER: MatterStatus.ANSWERED_DIRECTLY,
            ClassName.DECLINED: MatterStatus.DECLINED,
        }.get(decision.triage_class, MatterStatus.TRIAGED)
        matter.status = status
        matter.triage_class = decision.triage_class
        matter.scope = decision.scope
        matter.responsible_level = decision.level
        matter.responsible_place = responsible
        matter.triaged_at = triaged_at
        matter.due_on = due
        matter.responded_at = triaged_at if status in (MatterStatus.ANSWERED_DIRECTLY, MatterStatus.DECLINED) else None
        kind = {
            ClassName.DIRECT_ANSWER: EventKind.ANSWERED,
            ClassName.DECLINED: EventKind.DECLINED,
        }.get(decision.triage_class, EventKind.TRIAGED)
        events.append(
            MatterEvent(
                matter=matter,
                kind=kind,
                occurred_at=triaged_at,
                actor=staff_user,
                actor_name=staff_name,
                acting_role="committee_member",
                channel=Channel.MEETING,
                text=template.answer if kind == EventKind.ANSWERED else decision.reason,
                status_from=MatterStatus.PROPOSED,
                status_to=status,
                data={
                    "_triage": triage,
                    "triage_class": decision.triage_class.value,
                    "level": decision.level.value,
                    "place_name": responsible.name,
                    "is_rural": responsible.is_rural,
                    "due_on": due.isoformat() if due else "",
                    "reason": "",
                    "answer": "",
                    "previous_class": "",
                },
            )
        )
        if decision.triage_class is ClassName.BIG and street is not None:
            self._street(matter, template, triaged_at, street, events)

    def _street(
        self,
        matter: Matter,
        template: Template,
        triaged_at: datetime.datetime,
        street: Place,
        events: list[MatterEvent],
    ) -> None:
        rng = self.rng
        user, name = self.data.street_staff
        elapsed = (self.now - triaged_at).days
        if elapsed < 2 and rng.random() < 0.7:
            return
        accepted = triaged_at + datetime.timedelta(days=1, hours=rng.randint(0, 6))
        matter.street_accepted_at = accepted
        common: dict[str, Any] = {
            "actor": user,
            "actor_name": name,
            "acting_role": "street_officer",
            "channel": Channel.ONLINE,
        }
        events.append(MatterEvent(matter=matter, kind=EventKind.STREET_ACCEPTED, occurred_at=accepted, **common))
        requested = accepted + datetime.timedelta(days=1)
        if requested > self.now:
            return
        department = template.department or "街道城市管理执法中队"
        referral = Referral(
            matter=matter,
            street=street,
            department_name=department,
            request=f"请现场核查“{template.title}”并提出办理方案。",
            requested_at=requested,
            requested_by=user,
        )
        events.append(
            MatterEvent(
                matter=matter,
                kind=EventKind.DEPARTMENT_REQUESTED,
                occurred_at=requested,
                text=referral.request,
                data={"department": department},
                **common,
            )
        )
        replied = requested + datetime.timedelta(days=rng.randint(5, 15))
        if replied < self.now and elapsed > 12:
            referral.reply_text = rng.choice(REPLIES)
            referral.result = rng.choice([ReplyResult.RESOLVED, ReplyResult.RESOLVED, ReplyResult.PARTLY_RESOLVED])
            referral.replied_at = replied
            referral.replied_by = user
            events.append(
                MatterEvent(
                    matter=matter,
                    kind=EventKind.DEPARTMENT_REPLIED,
                    occurred_at=replied,
                    text=referral.reply_text,
                    data={"department": department, "result": referral.result},
                    **common,
                )
            )
            answered = replied + datetime.timedelta(days=1)
            if answered < self.now:
                matter.status = MatterStatus.REPLIED
                matter.responded_at = answered
                events.append(
                    MatterEvent(
                        matter=matter,
                        kind=EventKind.STREET_REPLIED,
                        occurred_at=answered,
                        text=rng.choice(STREET_RESULTS),
                        status_from=MatterStatus.REFERRED,
                        status_to=MatterStatus.REPLIED,
                        **common,
                    )
                )
        self.pending_referrals.append(referral)

    def _merge_some(self, matters: list[Matter], events: list[MatterEvent]) -> None:
        """A few new matters repeat an open one of the same title: the joint meeting merged them."""
        open_by_title: dict[str, Matter] = {}
        for matter in sorted(matters, key=lambda item: item.created_at):
            target = open_by_title.get(matter.title)
            if matter.status == MatterStatus.PROPOSED and target is not None and self.rng.random() < 0.3:
                matter.status = MatterStatus.MERGED
                matter.merged_into = target
                target.follower_count += matter.follower_count
                events.append(
                    MatterEvent(
                        matter=matter,
                        kind=EventKind.MERGED,
                        occurred_at=min(matter.created_at + datetime.timedelta(days=2), self.now),
                        channel=Channel.MEETING,
                        status_from=MatterStatus.PROPOSED,
                        status_to=MatterStatus.MERGED,
                        data={"into_id": target.pk, "into_title": target.title},
                    )
                )
            elif matter.status not in (MatterStatus.DECLINED, MatterStatus.ANSWERED_DIRECTLY):
                open_by_title[matter.title] = matter
        merged_followers = [
            MatterFollower(
                matter=matter.merged_into, person_id=matter.proposer_id, reason=FollowReason.MERGED, via=matter
            )
            for matter in matters
            if matter.merged_into is not None and matter.proposer_id is not None
        ]
        MatterFollower.objects.bulk_create(merged_followers, batch_size=BATCH, ignore_conflicts=True)

    def _notify_demo_residents(self, matters: list[Matter]) -> None:
        """The demo residents who sign in by phone find unread news about their matters at home."""
        demo_ids = set(self.demo_people)
        notes = [
            Notification(
                person_id=matter.proposer_id,
                title=f"{matter.title}:已分流为{ClassName(matter.triage_class).label.zh_hans}",
                title_en=f"{matter.title}: triaged as a {ClassName(matter.triage_class).label.en}",
                url=matter.get_absolute_url(),
                matter=matter,
                created_at=matter.triaged_at or matter.created_at,
            )
            for matter in matters
            if matter.proposer_id in demo_ids and matter.triage_class
        ]
        Notification.objects.bulk_create(notes)

    def publish(self) -> None:
        """Publish the community's triage results as lists on its public board (at most 60 per list)."""
        records = sorted(self.triages, key=lambda record: record.triaged_at)
        ids = iter([record.pk for record in records])
        while chunk := list(islice(ids, 60)):
            batch = list(
                TriageRecord.objects.filter(pk__in=chunk)
                .select_related("matter__place__parent", "matter__category", "matter__proposer", "responsible_place")
                .order_by("triaged_at", "pk")
            )
            publish_triage_records(actor=Actor.system(), community=self.data.place, records=batch)


def _scope(scope: str, triage_class: ClassName) -> PlaceScope:
    if triage_class is ClassName.MICRO:
        return PlaceScope.SINGLE_COMPOUND
    return PlaceScope(scope)
