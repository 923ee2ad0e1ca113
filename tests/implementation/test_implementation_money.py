"""Funds, budget lines and expenses: exact Decimal, refusals with the figures, nothing written on refusal; JW-11."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests.fixtures import Cast, World
from tests.implementation.builders import (
    actor,
    assembly_vote,
    budget_line,
    decided_matter,
    granted_fund,
    jpeg,
    spend,
)
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord
from yishi.implementation import actions, queries
from yishi.implementation.domain.budget import check_spending
from yishi.implementation.domain.money import AmountError, parse_money
from yishi.implementation.models import BudgetLine, Contribution, Expense, Fund, Receipt

pytestmark = pytest.mark.django_db


def test_expense_within_the_line_is_recorded_with_its_receipt_and_audit(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world), amount="1000.00")
    expense = spend(cast, line, "999.99", receipts=[jpeg()])
    assert expense.amount == Decimal("999.99")
    assert Receipt.objects.filter(expense=expense).count() == 1
    audit = AuditRecord.objects.get(verb="expense.record")
    assert audit.changes["remaining"] == ["1000.00", "0.01"]
    # Exactly what remains is still allowed; a cent more is not.
    spend(cast, line, "0.01")
    assert queries.spent_on_line(line) == Decimal("1000.00")


def test_expense_over_the_line_is_refused_with_exact_figures_and_writes_nothing(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world), amount="1000.00")
    spend(cast, line, "600.10")
    expenses, audits = Expense.objects.count(), AuditRecord.objects.count()
    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        spend(cast, line, "400.00", receipts=[jpeg()])
    assert refused.value.code == "expense_over_budget"
    assert refused.value.field == "amount"
    message = str(refused.value.message)
    for figure in ("¥400.00", "¥1000.00", "¥600.10", "¥399.90", "¥0.10"):
        assert figure in message
    assert "超出" in message
    assert Expense.objects.count() == expenses
    assert AuditRecord.objects.count() == audits
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-5", "amount_amount_negative"),
        ("0", "amount_amount_not_positive"),
        ("12.345", "amount_amount_precision"),
        ("abc", "amount_amount_invalid"),
        ("1e12", "amount_amount_too_large"),
    ],
)
def test_bad_expense_amounts_are_refused_in_chinese(world: World, cast: Cast, amount: str, code: str) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world))
    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        spend(cast, line, amount)
    assert refused.value.code == code
    assert any("\u4e00" <= character <= "\u9fff" for character in str(refused.value.message))
    assert not Expense.objects.exists()


def test_floats_are_never_money() -> None:
    with pytest.raises(AmountError):
        parse_money(0.1)
    assert parse_money("¥1,200.5") == Decimal("1200.50")
    check = check_spending(budget=Decimal("0.30"), spent=Decimal("0.10"), amount=Decimal("0.20"))
    assert check.fits and check.remaining == Decimal("0.20") and check.excess == Decimal("0.00")


def test_expense_in_the_future_or_without_text_is_refused(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world))
    with pytest.raises(ActionError) as future:
        spend(cast, line, "10", spent_on=timezone.localdate() + datetime.timedelta(days=1))
    assert future.value.code == "expense_date_future"
    with pytest.raises(ActionError) as empty:
        spend(cast, line, "10", description="   ")
    assert empty.value.code == "description_empty"
    assert not Expense.objects.exists()


def test_budget_line_cannot_exceed_what_the_fund_has_left(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    fund = granted_fund(cast, world, amount="1500.00")
    budget_line(cast, matter, fund, amount="1000.00")
    with translation.override("en"), pytest.raises(ActionError) as refused:
        budget_line(cast, matter, fund, amount="500.01")
    assert refused.value.code == "budget_over_fund"
    assert "¥500.00 left" in str(refused.value.message)
    assert "¥0.01 too much" in str(refused.value.message)
    budget_line(cast, matter, fund, amount="500.00")
    assert BudgetLine.objects.filter(fund=fund).count() == 2


def test_budget_line_from_another_communitys_fund_is_refused(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    village_fund = actions.create_fund(
        actor=actor(cast.village_head),
        community=world.village,
        kind="self_governance",
        name="村自治金",
        granted_amount="800",
    )
    with pytest.raises(ActionError) as refused:
        budget_line(cast, matter, village_fund)
    assert refused.value.code == "budget_fund_elsewhere"


def _residents_fund(cast: Cast, world: World, **extra: object) -> Fund:
    return actions.create_fund(
        actor=actor(cast.director),
        community=world.community,
        kind="residents",
        name="晾衣架居民自筹",
        **extra,  # type: ignore[arg-type]
    )


def _money_pledge(cast: Cast, matter: object, fund: Fund, amount: str = "50") -> Contribution:
    return actions.pledge(
        actor=actor(cast.resident, "resident"),
        matter=matter,  # type: ignore[arg-type]
        draft=actions.ContributionDraft(kind="money", amount=amount, fund=fund),
        voluntary=True,
    )


def test_jw11_a_residents_fund_collects_nothing_without_a_passed_assembly_decision(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    fund = _residents_fund(cast, world)
    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        _money_pledge(cast, matter, fund)
    assert refused.value.code == "fund_not_authorised"
    assert "居民会议" in str(refused.value.message) or "居民" in str(refused.value.message)
    assert not Contribution.objects.exists()
    vote = assembly_vote(world, cast)
    actions.link_fund_decision(actor=actor(cast.director), fund=fund, decision=vote)
    pledge = _money_pledge(cast, matter, fund, "50.00")
    assert pledge.amount == Decimal("50.00") and pledge.stage == "pledged"


@pytest.mark.parametrize(
    "vote_kwargs",
    [
        {"passed": False},
        {"valid": False},
        {"basis": "online"},
        {"basis": "owners"},
        {"basis": "residents_representatives"},
        {"status": "closed", "counted": False},
    ],
    ids=["failed", "no-quorum", "online-vote", "owners", "representatives", "not-counted"],
)
def test_jw11_only_a_counted_passed_residents_assembly_authorises(
    world: World, cast: Cast, vote_kwargs: dict[str, object]
) -> None:
    vote = assembly_vote(world, cast, **vote_kwargs)  # type: ignore[arg-type]
    with pytest.raises(ActionError) as refused:
        _residents_fund(cast, world, decision=vote)
    assert refused.value.code == "fund_decision_not_authorising"
    assert not Fund.objects.exists()


def test_jw11_a_decision_of_another_community_does_not_count(world: World, cast: Cast) -> None:
    vote = assembly_vote(world, cast, community=world.other_community)
    with pytest.raises(ActionError) as refused:
        _residents_fund(cast, world, decision=vote)
    assert refused.value.code == "fund_decision_elsewhere"


def test_jw11_a_village_raises_money_with_its_villagers_assembly(world: World, cast: Cast) -> None:
    vote = assembly_vote(world, cast, basis="villagers_assembly", community=world.village)
    fund = actions.create_fund(
        actor=actor(cast.village_head), community=world.village, kind="residents", name="修路自筹", decision=vote
    )
    assert fund.decision == vote
    urban_basis = assembly_vote(world, cast, basis="residents_assembly", community=world.village)
    with pytest.raises(ActionError):
        actions.create_fund(
            actor=actor(cast.village_head), community=world.village, kind="residents", name="其他", decision=urban_basis
        )


def test_a_residents_fund_has_no_granted_amount_and_money_given_is_collected(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as refused:
        _residents_fund(cast, world, granted_amount="1000")
    assert refused.value.code == "fund_residents_granted"
    matter = decided_matter(world, cast)
    fund = _residents_fund(cast, world, decision=assembly_vote(world, cast))
    pledge = _money_pledge(cast, matter, fund, "120.50")
    assert queries.fund_position(fund).available == Decimal("0.00")
    actions.receive_contribution(actor=actor(cast.director), contribution=pledge)
    position = queries.fund_position(fund)
    assert position.collected == Decimal("120.50") and position.available == Decimal("120.50")
    line = budget_line(cast, matter, fund, amount="120.50")
    spend(cast, line, "100.25")
    assert queries.fund_position(fund).balance == Decimal("20.25")


def test_contributions_are_voluntary(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        actions.pledge(
            actor=actor(cast.resident, "resident"),
            matter=matter,
            draft=actions.ContributionDraft(kind="labour", hours="3"),
            voluntary=False,
        )
    assert refused.value.code == "contribution_not_voluntary"
    assert "自愿" in str(refused.value.message)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        ({"kind": "labour", "hours": "-2"}, "hours_amount_negative"),
        ({"kind": "labour", "hours": "1.25"}, "hours_amount_precision"),
        ({"kind": "materials", "material_description": "水泥", "quantity": "-1"}, "quantity_amount_negative"),
        ({"kind": "materials", "material_description": "", "quantity": "3"}, "contribution_materials_empty"),
        ({"kind": "gold"}, "contribution_kind_unknown"),
    ],
)
def test_bad_pledges_are_refused(world: World, cast: Cast, draft: dict[str, str], code: str) -> None:
    matter = decided_matter(world, cast)
    with pytest.raises(ActionError) as refused:
        actions.pledge(
            actor=actor(cast.resident, "resident"),
            matter=matter,
            draft=actions.ContributionDraft(**draft),  # type: ignore[arg-type]
            voluntary=True,
        )
    assert refused.value.code == code
    assert not Contribution.objects.exists()


def test_a_resident_of_another_community_cannot_pledge(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    with pytest.raises(ActionError) as refused:
        actions.pledge(
            actor=actor(cast.villager, "resident"),
            matter=matter,
            draft=actions.ContributionDraft(kind="labour", hours="2"),
            voluntary=True,
        )
    assert refused.value.status == 403
