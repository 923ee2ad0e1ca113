"""Who may plan, spend, flag and open the evaluation, at which place and in which phase: role × place × phase."""

from typing import Any

import pytest

from tests.fixtures import Cast, World
from tests.implementation.builders import actor, add_task, budget_line, decided_matter, granted_fund, spend
from yishi.audit.errors import ActionError
from yishi.evaluation import surveys
from yishi.implementation import actions
from yishi.implementation.models import BudgetLine, Concern, Expense, Task
from yishi.matters.models import MatterStatus

pytestmark = pytest.mark.django_db

# The cast at 幸福社区: the secretary and the director (two committees), the supervisor; the street and district
# officers above it; 刘先生 a resident; the village head holds a committee seat in 桃源村, another community.


def _draft(matter: Any) -> actions.TaskDraft:
    day = matter.created_at.date()
    return actions.TaskDraft(title="清理场地", description="", starts_on=day, due_on=day, owner_body="物业")


def _user(cast: Cast, name: str) -> Any:
    return getattr(cast, name)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("secretary", True),
        ("director", True),
        ("supervisor", False),
        ("street_officer", False),
        ("district_officer", False),
        ("resident", False),
        ("village_head", False),
    ],
)
def test_who_may_spend(world: World, cast: Cast, persona: str, allowed: bool) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world))
    call = lambda: actions.record_expense(  # noqa: E731
        actor=actor(_user(cast, persona)),
        budget_line=line,
        amount="10.00",
        description="材料",
        spent_on=matter.created_at.date(),
    )
    if allowed:
        call()
        assert Expense.objects.count() == 1
    else:
        with pytest.raises(ActionError) as refused:
            call()
        assert refused.value.status == 403
        assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("secretary", True),
        ("director", True),
        ("supervisor", False),
        ("street_officer", False),
        ("resident", False),
        ("village_head", False),
    ],
)
def test_who_may_plan_tasks_and_budget(world: World, cast: Cast, persona: str, allowed: bool) -> None:
    matter = decided_matter(world, cast)
    fund = granted_fund(cast, world)
    user = _user(cast, persona)
    if allowed:
        actions.add_task(actor=actor(user), matter=matter, draft=_draft(matter))
        actions.add_budget_line(actor=actor(user), matter=matter, fund=fund, item="人工", amount="100")
        assert Task.objects.count() == 1 and BudgetLine.objects.count() == 1
    else:
        with pytest.raises(ActionError):
            actions.add_task(actor=actor(user), matter=matter, draft=_draft(matter))
        with pytest.raises(ActionError):
            actions.add_budget_line(actor=actor(user), matter=matter, fund=fund, item="人工", amount="100")
        assert not Task.objects.exists() and not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("supervisor", True),
        ("street_officer", True),
        ("district_officer", True),
        ("secretary", False),
        ("director", False),
        ("resident", False),
        ("village_head", False),
    ],
)
def test_who_may_flag_a_concern(world: World, cast: Cast, persona: str, allowed: bool) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    call = lambda: actions.flag_concern(actor=actor(_user(cast, persona)), text="请说明进度", task=task)  # noqa: E731
    if allowed:
        call()
        assert Concern.objects.count() == 1
    else:
        with pytest.raises(ActionError) as refused:
            call()
        assert refused.value.status == 403
        assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("supervisor", True),
        ("street_officer", False),
        ("secretary", False),
        ("director", False),
        ("resident", False),
        ("village_head", False),
    ],
)
def test_who_may_open_and_close_the_evaluation(world: World, cast: Cast, persona: str, allowed: bool) -> None:
    matter = decided_matter(world, cast, status=MatterStatus.EVALUATING)
    user = _user(cast, persona)
    if allowed:
        survey = surveys.open_evaluation(actor=actor(user), matter=matter)
        surveys.close_evaluation(actor=actor(user), survey=survey)
    else:
        with pytest.raises(ActionError) as refused:
            surveys.open_evaluation(actor=actor(user), matter=matter)
        assert refused.value.status == 403
        survey = surveys.open_evaluation(actor=actor(cast.supervisor), matter=matter)
        with pytest.raises(ActionError):
            surveys.close_evaluation(actor=actor(user), survey=survey)
        survey.refresh_from_db()
        assert survey.is_open


def test_a_village_supervisor_has_no_say_in_another_community(world: World, cast: Cast) -> None:
    from tests.factories import give_role, make_person, make_user

    person = make_person("村监督", world.village_units[0])
    give_role(person, "supervision_member", world.village)
    village_supervisor = make_user(person)
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    with pytest.raises(ActionError):
        actions.flag_concern(actor=actor(village_supervisor), text="?", task=task)
    evaluating = decided_matter(world, cast, status=MatterStatus.EVALUATING, title="已完成")
    with pytest.raises(ActionError):
        surveys.open_evaluation(actor=actor(village_supervisor), matter=evaluating)


@pytest.mark.parametrize(
    "status", [MatterStatus.DELIBERATING, MatterStatus.DECIDING, MatterStatus.EVALUATING, MatterStatus.CLOSED]
)
def test_spending_only_while_the_matter_is_carried_out(world: World, cast: Cast, status: str) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world))
    type(matter).objects.filter(pk=matter.pk).update(status=status)
    with pytest.raises(ActionError) as refused:
        spend(cast, line, "10")
    assert refused.value.code == "matter_not_implementing"
