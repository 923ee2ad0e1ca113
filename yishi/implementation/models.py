"""Carrying out a decided matter (民事民办): tasks and their progress, residents' contributions, funds, budget lines,
expenses, the supervision committee's concerns, published accounts and the completion of the work.

Money is Decimal with two places throughout (NUM-4); the arithmetic lives in yishi.implementation.domain.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.audit.models import Channel as AuditChannel
from yishi.implementation.domain.funds import FundKind as FundKindName
from yishi.implementation.domain.tasks import TaskStatus as TaskStatusName


class TaskStatus(models.TextChoices):
    PLANNED = TaskStatusName.PLANNED, pgettext_lazy("task status", "Planned")
    IN_PROGRESS = TaskStatusName.IN_PROGRESS, pgettext_lazy("task status", "In progress")
    DONE = TaskStatusName.DONE, pgettext_lazy("task status", "Done")
    BLOCKED = TaskStatusName.BLOCKED, pgettext_lazy("task status", "Blocked")


class FundKind(models.TextChoices):
    PUBLIC_BENEFIT = FundKindName.PUBLIC_BENEFIT, _("Public-benefit fund (惠民资金)")
    SELF_GOVERNANCE = FundKindName.SELF_GOVERNANCE, _("Self-governance fund (自治金)")
    COMMUNITY_FOUNDATION = FundKindName.COMMUNITY_FOUNDATION, _("Community foundation (社区基金)")
    REWARD_INSTEAD_OF_SUBSIDY = FundKindName.REWARD_INSTEAD_OF_SUBSIDY, _("Reward instead of subsidy (以奖代补)")
    RESIDENTS = FundKindName.RESIDENTS, _("Residents' contributions (居民自筹)")


class ContributionKind(models.TextChoices):
    LABOUR = "labour", _("Labour (hours of work)")
    MONEY = "money", _("Money")
    MATERIALS = "materials", _("Materials")


class ContributionStage(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    RECEIVED = "received", _("Given")


class ContributionChannel(models.TextChoices):
    ONLINE = AuditChannel.ONLINE, _("Online")
    ASSISTED = AuditChannel.ASSISTED, _("Entered by staff for a resident")
    PAPER = AuditChannel.PAPER, _("Paper, entered by staff")
    MEETING = AuditChannel.MEETING, _("Recorded at a meeting")


def _upload_path(folder: str, filename: str) -> str:
    # The stored name never carries the uploaded file's name, which may hold personal details.
    return f"implementation/{folder}/{timezone.now():%Y/%m}/{filename}"


def _progress_photo_path(instance: "ProgressPhoto", filename: str) -> str:
    return _upload_path("progress", filename)


def _receipt_path(instance: "Receipt", filename: str) -> str:
    return _upload_path("receipts", filename)


class Task(models.Model):
    """A step of the agreed plan, with the person or body who carries it out and its dates."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="implementation_tasks"
    )
    # Denormalised from the matter so that "what awaits me" and the ledgers filter without a join.
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    owner_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementation_tasks",
    )
    owner_body = models.CharField(_("responsible body"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["matter_id", "position", "id"]
        indexes = [
            models.Index(fields=["owner_person", "status"], name="task_owner_status"),
            models.Index(fields=["community", "created_at"], name="task_community_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_person__isnull=False) | ~models.Q(owner_body=""), name="task_has_owner"
            ),
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("starts_on")), name="task_due_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("implementation:task", args=[self.pk])

    @property
    def owner_label(self) -> str:
        """The body and the person responsible, as a page shows them."""
        parts = [self.owner_body] if self.owner_body else []
        if self.owner_person_id is not None and self.owner_person is not None:
            parts.append(self.owner_person.name)
        return " · ".join(parts)


class ProgressUpdate(models.Model):
    """What was done on a task, when, by whom, with photos."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="progress")
    text = models.TextField(_("what was done"))
    status_after = models.CharField(_("status after"), max_length=20, choices=TaskStatus.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=AuditChannel.choices, default=AuditChannel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("by"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.text[:40]}"


class ProgressPhoto(models.Model):
    """A photo of the work, re-encoded on upload without any metadata (yishi.matters.images)."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("image"), upload_to=_progress_photo_path)
    content_type = models.CharField(_("content type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["update_id", "id"]

    def __str__(self) -> str:
        return f"progress photo #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("implementation:progress_photo", args=[self.pk])


class Fund(models.Model):
    """Money a community can spend on its matters: a grant, its self-governance fund, a foundation, a reward,
    or what residents contribute (JW-11: only after their assembly decided, and only voluntarily)."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="implementation_funds"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FundKind.choices)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100)
    source_note = models.CharField(_("where the money comes from"), max_length=200, blank=True)
    granted_amount = models.DecimalField(_("amount granted (yuan)"), max_digits=12, decimal_places=2, default=0)
    # JW-11: the residents' (or villagers') assembly decision that allows raising money from residents.
    decision = models.ForeignKey(
        "decisions.Vote",
        verbose_name=_("assembly decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["community_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="fund_unique_name"),
            models.CheckConstraint(condition=models.Q(granted_amount__gte=0), name="fund_granted_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(kind="residents") | models.Q(granted_amount=0),
                name="fund_residents_not_granted",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """What a matter may spend from a fund, on what."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["matter_id", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="budget_line_positive")]

    def __str__(self) -> str:
        return self.item


class Expense(models.Model):
    """Money spent on a budget line, with its receipts. Never more than the line still holds."""

    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="expenses"
    )
    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="expenses"
    )
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.PROTECT, related_name="expenses"
    )
    description = models.CharField(_("what was paid for"), max_length=200)
    payee = models.CharField(_("paid to"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    spent_on = models.DateField(_("paid on"))
    channel = models.CharField(_("channel"), max_length=20, choices=AuditChannel.choices, default=AuditChannel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["matter_id", "spent_on", "id"]
        indexes = [models.Index(fields=["community", "spent_on"], name="expense_community_spent")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_positive")]

    def __str__(self) -> str:
        return f"{self.description} ¥{self.amount}"


class Receipt(models.Model):
    """A photo of an invoice or receipt for an expense, re-encoded without metadata."""

    expense = models.ForeignKey(Expense, verbose_name=_("expense"), on_delete=models.CASCADE, related_name="receipts")
    image = models.FileField(_("image"), upload_to=_receipt_path)
    content_type = models.CharField(_("content type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["expense_id", "id"]

    def __str__(self) -> str:
        return f"receipt #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("implementation:receipt", args=[self.pk])


class Contribution(models.Model):
    """A resident's pledge or gift of labour, money or materials to a matter's work (always voluntary)."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="contributions"
    )
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=ContributionStage.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    material_description = models.CharField(_("materials"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(pgettext_lazy("measure", "unit"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=ContributionChannel.choices, default=ContributionChannel.ONLINE
    )
    reference = models.CharField(_("paper or visit reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    pledged_at = models.DateTimeField(_("pledged at"), default=timezone.now)
    received_at = models.DateTimeField(_("given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["matter_id", "pledged_at", "id"]
        indexes = [
            models.Index(fields=["community", "kind", "stage", "received_at"], name="contribution_community_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="labour") | models.Q(hours__gt=0), name="contribution_labour_hours"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="money") | models.Q(amount__gt=0, fund__isnull=False),
                name="contribution_money_amount",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="materials") | (models.Q(quantity__gt=0) & ~models.Q(material_description="")),
                name="contribution_materials_quantity",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="received") | models.Q(received_at__isnull=False),
                name="contribution_received_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.matter_id} ({self.kind})"

    @property
    def figure(self) -> str:
        """The hours, yuan or quantity, as a page shows them."""
        if self.kind == ContributionKind.LABOUR:
            return f"{self.hours} h"
        if self.kind == ContributionKind.MONEY:
            return f"¥{self.amount}"
        return f"{self.material_description} {self.quantity}{self.unit}"


class Concern(models.Model):
    """The supervision committee's concern about a task or an expense; it must be answered before the work is done."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="implementation_concerns"
    )
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    expense = models.ForeignKey(
        Expense, verbose_name=_("expense"), null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    text = models.TextField(_("concern"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_name = models.CharField(_("raised by (name)"), max_length=100, blank=True)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_by_name = models.CharField(_("answered by (name)"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["matter_id", "raised_at", "id"]
        indexes = [models.Index(fields=["community", "answered_at"], name="concern_community_open")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(task__isnull=False) & models.Q(expense__isnull=True))
                | (models.Q(task__isnull=True) & models.Q(expense__isnull=False)),
                name="concern_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(answer=""), name="concern_answer_text"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("implementation:concern", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def target_label(self) -> str:
        if self.task_id is not None and self.task is not None:
            return self.task.title
        if self.expense is not None:
            return str(self.expense)
        return ""


class AccountsPublication(models.Model):
    """The accounts of a matter's work for a period, published on the community's board (JW-11, CW-26)."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="accounts_publications"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    income = models.DecimalField(_("income (yuan)"), max_digits=12, decimal_places=2)
    spending = models.DecimalField(_("spending (yuan)"), max_digits=12, decimal_places=2)
    notice = models.ForeignKey(
        "disclosure.Notice", verbose_name=_("notice"), on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("published accounts")
        verbose_name_plural = _("published accounts")
        ordering = ["matter_id", "period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "period_start", "period_end"], name="accounts_unique_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="accounts_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.period_start}–{self.period_end}"


class Completion(models.Model):
    """The work declared done: the implementation result published (实施结果公开) and the matter sent to evaluation."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="completions"
    )
    summary = models.TextField(_("what was achieved"))
    notice = models.ForeignKey(
        "disclosure.Notice", verbose_name=_("notice"), on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("completion of the work")
        verbose_name_plural = _("completions of the work")
        ordering = ["matter_id", "completed_at", "id"]

    def __str__(self) -> str:
        return f"{self.matter_id} @ {self.completed_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("A completion is published and never changed.")
        super().save(*args, **kwargs)
