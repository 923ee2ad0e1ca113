"""The admin shows the implementation records read-only: every change goes through the actions and their audit."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.implementation.models import (
    AccountsPublication,
    BudgetLine,
    Completion,
    Concern,
    Contribution,
    Expense,
    Fund,
    Task,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "matter", "owner_body", "owner_person", "due_on", "status")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ("name", "community", "kind", "granted_amount", "decision")
    list_filter = ("kind",)


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ("item", "matter", "fund", "amount")


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ("description", "matter", "budget_line", "amount", "spent_on")
    date_hierarchy = "spent_on"


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("matter", "person", "kind", "stage", "hours", "amount", "channel")
    list_filter = ("kind", "stage", "channel")


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ("matter", "text", "raised_at", "answered_at")


@admin.register(AccountsPublication)
class AccountsPublicationAdmin(ReadOnlyAdmin):
    list_display = ("matter", "period_start", "period_end", "income", "spending", "notice")


@admin.register(Completion)
class CompletionAdmin(ReadOnlyAdmin):
    list_display = ("matter", "completed_at", "notice")
