"""Builders for the implementation and evaluation tests: a decided matter being carried out, an assembly decision,
actors and small photos. They set the scene with rows; the tests then act through actions, pages and the API."""

import datetime
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from PIL import Image

from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.decisions.models import Result, Vote, VoteStatus
from yishi.implementation import actions
from yishi.implementation.models import BudgetLine, Fund, Task
from yishi.matters.models import Category, Matter, MatterFollower, MatterStatus
from yishi.places.models import Place


def actor(user: User, role: str = "", channel: str = Channel.ONLINE) -> Actor:
    return Actor(user=user, acting_role=role, channel=channel)


def decided_matter(
    world: World, cast: Cast, *, place: Place | None = None, status: str = MatterStatus.IMPLEMENTING, **extra: Any
) -> Matter:
    """A micro matter of 阳光小区 whose plan was decided and is now carried out; 刘先生 raised it."""
    where = place or world.compound
    matter = Matter.objects.create(
        title=extra.pop("title", "阳光小区加装晾衣架"),
        description="小区内缺少晾晒场地,居民商议加装公共晾衣架。",
        place=where,
        community=world.community,
        compound=world.compound if where.path.startswith(world.compound.path) else None,
        category=Category.objects.order_by("position").first(),
        proposer=cast.resident.person,
        status=status,
        triage_class=extra.pop("triage_class", "micro"),
        scope="single_compound",
        responsible_level=extra.pop("responsible_level", "compound"),
        responsible_place=extra.pop("responsible_place", world.compound),
        **extra,
    )
    MatterFollower.objects.create(matter=matter, person=cast.resident.person, reason="proposer")
    return matter


def assembly_vote(
    world: World,
    cast: Cast,
    *,
    basis: str = "residents_assembly",
    passed: bool = True,
    valid: bool = True,
    status: str = VoteStatus.PUBLISHED,
    community: Place | None = None,
    counted: bool = True,
) -> Vote:
    """A residents' assembly decision to raise money for the work, counted (or not) with the given result."""
    now = timezone.now()
    where = community or world.community
    vote = Vote.objects.create(
        title="居民自筹晾衣架资金",
        question="是否同意按自愿原则向居民筹集晾衣架资金?",
        place=where,
        community=where,
        basis=basis,
        electorate="adults",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now - datetime.timedelta(days=2),
        status=status,
        created_by=cast.director,
    )
    if counted:
        Result.objects.create(
            vote=vote,
            rule="test",
            passed=passed,
            valid=valid,
            figures={},
            case={},
            outcome={},
            conditions={},
            explanation={},
            counted_at=now - datetime.timedelta(days=2),
        )
    return vote


def jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(output, format="JPEG")
    return output.getvalue()


def add_task(cast: Cast, matter: Matter, **overrides: Any) -> Task:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "采购晾衣架",
        "description": "采购不锈钢晾衣架 6 组。",
        "starts_on": today,
        "due_on": today + datetime.timedelta(days=14),
        "owner_body": "阳光物业",
        "owner_person": None,
    }
    values.update(overrides)
    return actions.add_task(
        actor=actor(cast.director, "committee_member"), matter=matter, draft=actions.TaskDraft(**values)
    )


def granted_fund(cast: Cast, world: World, amount: str = "5000.00", name: str = "2026年惠民资金") -> Fund:
    return actions.create_fund(
        actor=actor(cast.director, "committee_member"),
        community=world.community,
        kind="public_benefit",
        name=name,
        granted_amount=amount,
    )


def budget_line(cast: Cast, matter: Matter, fund: Fund, amount: str = "1000.00", item: str = "材料费") -> BudgetLine:
    return actions.add_budget_line(
        actor=actor(cast.director, "committee_member"), matter=matter, fund=fund, item=item, amount=amount
    )


def spend(cast: Cast, line: BudgetLine, amount: str, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "description": "不锈钢晾衣架 6 组",
        "spent_on": timezone.localdate(),
        "payee": "五金店",
    }
    values.update(overrides)
    return actions.record_expense(
        actor=actor(cast.director, "committee_member"), budget_line=line, amount=amount, **values
    )


ZERO = Decimal("0.00")
