"""Forms of the implementation pages: they only parse; the actions check and refuse."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.implementation.models import ContributionChannel, ContributionKind, FundKind, TaskStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    # Text, not FloatField: amounts stay exact decimals (NUM-4); the action parses and refuses them.
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    description = forms.CharField(
        label=_("What is to be done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_person = forms.TypedChoiceField(label=_("Responsible person"), required=False, coerce=int, empty_value=None)
    owner_body = forms.CharField(
        label=_("Responsible body"),
        required=False,
        max_length=200,
        help_text=_("Such as the property company, the owners' committee or a volunteer team."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].choices = [("", _("— nobody in particular —")), *people]  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status of the task now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("— unchanged —")), *TaskStatus.choices]  # type: ignore[attr-defined]


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class PledgeForm(forms.Form):
    kind = forms.ChoiceField(label=_("I give"), choices=ContributionKind.choices, widget=forms.RadioSelect)
    hours = forms.CharField(
        label=_("Hours of work"), required=False, max_length=10, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    amount = _money_field(_("Amount (yuan)"), required=False)
    fund = forms.TypedChoiceField(label=_("Into the fund"), required=False, coerce=int, empty_value=None)
    material_description = forms.CharField(label=_("Materials"), required=False, max_length=200)
    quantity = forms.CharField(
        label=_("Quantity"), required=False, max_length=12, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.CharField(
        label=pgettext_lazy("measure", "Unit"), required=False, max_length=20, help_text=_("Such as bags, pieces, m².")
    )
    task = forms.TypedChoiceField(label=_("For the task"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("Note"), required=False, max_length=400)
    voluntary = forms.BooleanField(
        label=_("I give this of my own free will."),
        required=False,
        help_text=_("Contributions are always voluntary (Art. 16 of the Residents' Committees Organic Law)."),
    )

    def __init__(self, *args: Any, funds: list[tuple[int, str]], tasks: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [("", _("— choose —")), *funds]  # type: ignore[attr-defined]
        self.fields["task"].choices = [("", _("— any task —")), *tasks]  # type: ignore[attr-defined]


class AssistedContributionForm(PledgeForm):
    person = forms.IntegerField(label=_("Resident"), widget=forms.HiddenInput)
    received = forms.BooleanField(
        label=_("Already given (hours worked, money handed over, materials delivered)"), required=False
    )
    channel = forms.ChoiceField(
        label=_("How the resident told us"),
        choices=[
            (ContributionChannel.ASSISTED, ContributionChannel.ASSISTED.label),
            (ContributionChannel.PAPER, ContributionChannel.PAPER.label),
            (ContributionChannel.MEETING, ContributionChannel.MEETING.label),
        ],
    )
    reference = forms.CharField(label=_("Paper or visit reference"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voluntary"].label = _("The resident gives this of their own free will.")


class FundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of fund"), choices=FundKind.choices)
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200)
    granted_amount = _money_field(
        _("Amount granted (yuan)"),
        required=False,
        help_text=_("Leave empty for a residents' contributions fund: it holds what residents give."),
    )
    source_note = forms.CharField(label=_("Where the money comes from"), required=False, max_length=400)
    decision = forms.TypedChoiceField(
        label=_("Assembly decision"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Needed before a residents' contributions fund may collect money."),
    )

    def __init__(self, *args: Any, decisions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("", _("— none —")), *decisions]  # type: ignore[attr-defined]


class LinkDecisionForm(forms.Form):
    fund = forms.TypedChoiceField(label=_("Residents' contributions fund"), coerce=int)
    decision = forms.TypedChoiceField(label=_("Assembly decision"), coerce=int)

    def __init__(
        self, *args: Any, funds: list[tuple[int, str]], decisions: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = funds  # type: ignore[attr-defined]
        self.fields["decision"].choices = decisions  # type: ignore[attr-defined]


class BudgetLineForm(forms.Form):
    fund = forms.TypedChoiceField(label=_("From the fund"), coerce=int)
    item = forms.CharField(label=_("Budget line"), max_length=200, help_text=_("Such as materials, labour, design."))
    amount = _money_field(_("Amount (yuan)"))

    def __init__(self, *args: Any, funds: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = funds  # type: ignore[attr-defined]


class ExpenseForm(forms.Form):
    budget_line = forms.TypedChoiceField(label=_("Budget line"), coerce=int)
    description = forms.CharField(label=_("What was paid for"), max_length=400)
    payee = forms.CharField(label=_("Paid to"), required=False, max_length=200)
    amount = _money_field(_("Amount (yuan)"))
    spent_on = forms.DateField(label=_("Paid on"), widget=DATE)
    task = forms.TypedChoiceField(label=_("For the task"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, lines: list[tuple[int, str]], tasks: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].choices = lines  # type: ignore[attr-defined]
        self.fields["task"].choices = [("", _("— no particular task —")), *tasks]  # type: ignore[attr-defined]


class ConcernForm(forms.Form):
    text = forms.CharField(label=_("What concerns the supervision committee"), widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class AccountsForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)


class CompletionForm(forms.Form):
    summary = forms.CharField(
        label=_("What was achieved"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published on the community's board as the implementation result."),
    )
