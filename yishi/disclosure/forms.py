"""Forms of the staff pages: they parse input; the actions decide."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.disclosure.actions import row_error
from yishi.disclosure.domain.rows import Row, RowError, rows_as_text, rows_from_data, rows_from_text
from yishi.disclosure.models import Notice, NoticeKind
from yishi.places.models import Place, PlaceQuerySet


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlaceChoiceField(forms.ModelChoiceField[Place]):
    def label_from_instance(self, obj: Place) -> str:
        if obj.kind == "community":
            return obj.name
        return f"{obj.parent.name if obj.parent else ''} › {obj.name}"


class NoticeForm(forms.Form):
    """A draft notice as staff type it."""

    place = PlaceChoiceField(
        label=_("Board and place"),
        queryset=Place.objects.none(),
        help_text=_("The community whose board shows the notice, or a compound inside it."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text. A blank line starts a new paragraph; lines starting with “- ” make a list; "
            "**words** are printed bold. Never write a full phone or ID number."
        ),
    )
    rows = forms.CharField(
        label=_("Table rows (accounts)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One row per line: item | amount in yuan | date, for example: 路灯维修 | 1200.00 | 2026-03-01"),
    )
    posted_until = forms.DateField(
        label=_("Posted until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave blank for the usual period of this kind of notice."),
    )
    due_by = forms.DateField(
        label=_("Due by"),
        required=False,
        widget=DateInput(),
        help_text=_("The date by which the law or the deliberation catalogue wants it published, if any."),
    )
    source_url = forms.CharField(
        label=_("Source page"),
        required=False,
        max_length=500,
        help_text=_("Optional: the page of the matter, meeting or vote this notice discloses."),
    )

    def __init__(self, *args: Any, places: PlaceQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, PlaceChoiceField)
        field.queryset = places

    def clean_rows(self) -> tuple[Row, ...]:
        try:
            return rows_from_text(self.cleaned_data.get("rows") or "")
        except RowError as error:
            raise forms.ValidationError(str(row_error(error).message)) from error

    @classmethod
    def initial_from(cls, notice: Notice) -> dict[str, Any]:
        return {
            "place": notice.place_id,
            "kind": notice.kind,
            "title": notice.title,
            "body": notice.body,
            "rows": rows_as_text(rows_from_data(notice.rows or [])),
            "posted_until": notice.posted_until,
            "due_by": notice.due_by,
            "source_url": notice.source_url,
        }


class LedgerForm(forms.Form):
    """Which community's ledgers, for which period."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=Place.objects.none())
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args: Any, communities: PlaceQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communities

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("start")
        end: datetime.date | None = data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
