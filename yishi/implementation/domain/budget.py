"""Budgets and funds: what is left to spend, and whether a new expense or allocation fits (exact Decimal)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from yishi.implementation.domain.money import ZERO


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The exact sum of amounts."""
    return sum(amounts, ZERO)


@dataclass(frozen=True, kw_only=True)
class SpendingCheck:
    """An expense against what a budget line still holds, with the figures a refusal shows."""

    budget: Decimal
    spent: Decimal
    amount: Decimal

    @property
    def remaining(self) -> Decimal:
        """What the line holds before this expense."""
        return self.budget - self.spent

    @property
    def fits(self) -> bool:
        """Whether the expense stays within the line; spending exactly what remains is allowed."""
        return self.amount <= self.remaining

    @property
    def excess(self) -> Decimal:
        """By how much the expense goes over (zero when it fits)."""
        return max(self.amount - self.remaining, ZERO)


def check_spending(*, budget: Decimal, spent: Decimal, amount: Decimal) -> SpendingCheck:
    """Compare an expense with a budget line's remaining amount."""
    return SpendingCheck(budget=budget, spent=spent, amount=amount)


@dataclass(frozen=True, kw_only=True)
class FundPosition:
    """A fund's money: granted, collected from residents, allocated to budget lines and spent."""

    granted: Decimal
    collected: Decimal
    allocated: Decimal
    spent: Decimal

    @property
    def available(self) -> Decimal:
        """Money in the fund not yet allocated to any budget line."""
        return self.granted + self.collected - self.allocated

    @property
    def balance(self) -> Decimal:
        """Money in the fund not yet spent."""
        return self.granted + self.collected - self.spent

    def fits(self, amount: Decimal) -> bool:
        """Whether a new budget line of `amount` can be drawn from the fund."""
        return amount <= self.available
