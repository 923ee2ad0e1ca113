"""Demo implementation for `manage.py seed_demo`: the decided matters of the street carried out through the actions.

    seed(street=street, rng=rng)                  # every community whose two committees have a demo account
    seed(street=street, rng=rng, scale="tiny")

Runs after the deliberation and decisions demos, which leave matters "being carried out". For each community where
a member of the two committees and of the supervision committee can sign in (the demo accounts), its decided
matters get: the community's public-benefit fund (seed 004: 每个社区20万元), tasks with owners and dates, budget
lines, expenses within them, residents' volunteer hours and a gift of materials (entered by staff, assisted), a
concern of the supervision committee with its answer, progress on every task, the accounts of the period and, for
all but the last matter, "work done" with its published implementation result, so that the evaluation demo can ask
the residents. The steps go through the actions, so the timeline, the notices and the audit record are real.
"""

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.implementation import actions
from yishi.implementation.models import Fund, FundKind, Task
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.notifications import without_sms
from yishi.people.models import Person, RoleAssignment
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

TASKS = (
    ("制定施工方案并公示", "方案和报价在公开栏公示七天,收集居民意见。", "社区居委会"),
    ("采购材料", "按公示的清单采购,保留发票。", "物业服务中心"),
    ("组织施工", "避开午休和夜间施工,志愿者协助维持秩序。", "施工单位"),
    ("验收并清理现场", "邀请居民代表和监督委员会共同验收。", "居民志愿者服务队"),
)
PROGRESS = ("已按计划完成。", "居民代表到场查看,提出的问题已整改。", "材料已到货,清单与公示一致。")


def _user_with_role(community: Place, roles: Sequence[str]) -> User | None:
    person_ids = RoleAssignment.objects.filter(place=community, role__in=roles).values_list("person_id", flat=True)
    return User.objects.filter(person_id__in=list(person_ids), is_active=True).order_by("pk").first()


def _residents(community: Place, rng: random.Random, count: int) -> list[Person]:
    low, high = subtree_bounds(community.path)
    ids = list(
        Person.objects.filter(is_active=True, home__path__gte=low, home__path__lt=high)
        .order_by("pk")
        .values_list("pk", flat=True)[:300]
    )
    return list(Person.objects.filter(pk__in=rng.sample(ids, min(count, len(ids)))).order_by("pk"))


def _fund(staff: Actor, community: Place) -> Fund:
    name = f"{timezone.localdate().year}年惠民资金"
    existing = Fund.objects.filter(community=community, name=name).first()
    if existing is not None:
        return existing
    return actions.create_fund(
        actor=staff,
        community=community,
        kind=FundKind.PUBLIC_BENEFIT,
        name=name,
        granted_amount="200000.00",
        source_note="区财政惠民资金,每个社区 20 万元",
    )


def _carry_out(
    *, matter: Matter, staff: Actor, supervisor: Actor, fund: Fund, rng: random.Random, finish: bool
) -> None:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=rng.randint(20, 40))
    tasks: list[Task] = []
    for index, (title, description, body) in enumerate(TASKS):
        tasks.append(
            actions.add_task(
                actor=staff,
                matter=matter,
                draft=actions.TaskDraft(
                    title=title,
                    description=description,
                    starts_on=start + datetime.timedelta(days=index * 5),
                    due_on=start + datetime.timedelta(days=index * 5 + 7),
                    owner_body=body,
                    owner_person=staff.user.person if index == 0 and staff.user is not None else None,
                ),
            )
        )
    materials = Decimal(rng.randint(80, 300) * 100)
    labour = Decimal(rng.randint(20, 80) * 100)
    material_line = actions.add_budget_line(actor=staff, matter=matter, fund=fund, item="材料费", amount=materials)
    labour_line = actions.add_budget_line(actor=staff, matter=matter, fund=fund, item="人工费", amount=labour)
    first = actions.record_expense(
        actor=staff,
        budget_line=material_line,
        amount=(materials * Decimal("0.62")).quantize(Decimal("0.01")),
        description="材料一批(见发票)",
        payee="五金建材店",
        spent_on=start + datetime.timedelta(days=8),
        task=tasks[1],
    )
    actions.record_expense(
        actor=staff,
        budget_line=labour_line,
        amount=(labour * Decimal("0.9")).quantize(Decimal("0.01")),
        description="施工人工费",
        payee="施工单位",
        spent_on=start + datetime.timedelta(days=14),
        task=tasks[2],
    )
    assisted = Actor(user=staff.user, acting_role=staff.acting_role, channel=Channel.ASSISTED)
    for person in _residents(matter.community, rng, rng.randint(4, 8)):
        actions.record_contribution(
            actor=assisted,
            matter=matter,
            person=person,
            draft=actions.ContributionDraft(kind="labour", hours=str(rng.choice((2, 3, 4, 6))), task=tasks[2]),
            voluntary=True,
            received=True,
            reference="志愿服务签到表",
        )
    donor = _residents(matter.community, rng, 1)
    if donor:
        actions.record_contribution(
            actor=assisted,
            matter=matter,
            person=donor[0],
            draft=actions.ContributionDraft(kind="materials", material_description="绿植", quantity="12", unit="盆"),
            voluntary=True,
            received=True,
        )
    concern = actions.flag_concern(
        actor=supervisor, text="材料费发票金额与公示报价不一致,请说明差额原因。", expense=first
    )
    actions.answer_concern(
        actor=staff, concern=concern, answer="公示报价含运费和安装辅材;差额部分的清单已补充到公开栏。"
    )
    for task in tasks if finish else tasks[:2]:
        actions.add_progress(actor=staff, task=task, text=rng.choice(PROGRESS), status="done")
    if not finish:
        actions.add_progress(actor=staff, task=tasks[2], text="施工进行中,已完成约一半。", status="in_progress")
        return
    actions.publish_accounts(actor=staff, matter=matter, start=start, end=today)
    actions.complete_work(
        actor=staff,
        matter=matter,
        summary=f"“{matter.title}”已按居民议定的方案实施完成,经居民代表和监督委员会验收。",
    )


def seed(*, street: Place, rng: random.Random, scale: str = "default") -> None:
    """Carry out the street's decided matters in the communities whose staff have demo accounts."""
    # Demo data texts nobody: the notifications of the steps (work done, results published) stay in the app.
    with without_sms():
        _seed(street=street, rng=rng)


def _seed(*, street: Place, rng: random.Random) -> None:
    communities = Place.objects.within(street).of_kind(PlaceKind.COMMUNITY).order_by("path")
    for community in communities:
        staff_user = _user_with_role(community, ("committee_member", "party_secretary"))
        supervisor_user = _user_with_role(community, ("supervision_member",))
        if staff_user is None or supervisor_user is None:
            continue
        matters = list(
            Matter.objects.filter(community=community, status=MatterStatus.IMPLEMENTING)
            .select_related("community", "place")
            .order_by("pk")[:3]
        )
        if not matters:
            continue
        staff = Actor(user=staff_user, acting_role="committee_member", channel=Channel.ONLINE)
        supervisor = Actor(user=supervisor_user, acting_role="supervision_member", channel=Channel.ONLINE)
        fund = _fund(staff, community)
        for index, matter in enumerate(matters):
            # With several decided matters, the last stays in progress; a single one is finished for evaluation.
            finish = len(matters) == 1 or index < len(matters) - 1
            _carry_out(matter=matter, staff=staff, supervisor=supervisor, fund=fund, rng=rng, finish=finish)
