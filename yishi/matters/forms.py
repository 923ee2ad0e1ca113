"""Forms of the matters pages: they only parse and render; the actions decide what is acceptable."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.matters.models import Category, MatterChannel, PlaceScope, ReplyResult, TriageClass, Urgency


class CategoryField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class MatterForm(forms.Form):
    """A matter as a resident tells it; staff use the same fields when they record it for someone."""

    title = forms.CharField(
        label=_("Title"),
        required=False,
        help_text=_("In a few words, for example “The lift of building 3 keeps breaking down”."),
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("What is the matter?"),
        required=False,
        help_text=_("What is wrong, where exactly, since when, and what you would like to see done."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
    )
    place = forms.TypedChoiceField(label=_("Where"), coerce=int, required=False)
    category = CategoryField(label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=None)
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"), choices=Urgency.choices, initial=Urgency.NORMAL, widget=forms.RadioSelect
    )
    anonymous_to_public = forms.BooleanField(
        label=_("Hide my name from the public"),
        required=False,
        help_text=_("Staff still see who raised it, so that they can tell you what happens."),
    )

    def __init__(
        self, *args: Any, places: list[tuple[int, str]], categories: Any, similar_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        if similar_url:
            # While the title is typed, similar open matters of the community appear below it (htmx).
            self.fields["title"].widget.attrs.update(
                {
                    "hx-get": similar_url,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": "#similar",
                    "hx-swap": "innerHTML",
                }
            )


class RecordForm(MatterForm):
    """Staff record a matter that reached them through another channel."""

    channel = forms.ChoiceField(
        label=_("How did it reach you?"),
        choices=[choice for choice in MatterChannel.choices if choice[0] != MatterChannel.WEB],
        initial=MatterChannel.VISIT,
    )
    channel_reference = forms.CharField(
        label=_("Paper or visit reference"),
        required=False,
        help_text=_("For example the 12345 ticket number, the visit log page or the letter's number."),
        widget=forms.TextInput(attrs={"maxlength": 100}),
    )
    proposer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TriageForm(forms.Form):
    """The joint meeting's triage of one matter."""

    triage_class = forms.ChoiceField(label=_("Class"), choices=TriageClass.choices, widget=forms.RadioSelect)
    scope = forms.ChoiceField(label=_("How far does it reach?"), choices=PlaceScope.choices, widget=forms.RadioSelect)
    government_service = forms.BooleanField(
        label=_("It concerns street administration or a basic public service"), required=False
    )
    place = forms.TypedChoiceField(label=_("Place it concerns"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("Reason (published)"),
        required=False,
        help_text=_("Required when declining or re-classifying; it appears on the public board."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
    )
    answer = forms.CharField(
        label=_("Answer to the resident"),
        required=False,
        help_text=_("Required for a direct answer: what will be done, by whom and when."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
    )
    joint_meeting_reference = forms.CharField(
        label=_("Joint meeting of the two committees"),
        required=False,
        help_text=_("For example “Joint meeting of 5 March 2026”."),
        widget=forms.TextInput(attrs={"maxlength": 120}),
    )
    publish = forms.BooleanField(
        label=_("Publish the result on the public board now"),
        required=False,
        initial=True,
        help_text=_("Untick to publish the meeting's results together as one list from the queue."),
    )

    def __init__(self, *args: Any, places: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.TextInput(attrs={"maxlength": 200})
    )

    def __init__(self, *args: Any, targets: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = targets  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 5000})
    )


class DepartmentForm(forms.Form):
    department_name = forms.CharField(
        label=_("Department"),
        required=False,
        help_text=_("For example “District housing bureau” or “Street urban management team”."),
        widget=forms.TextInput(attrs={"maxlength": 100}),
    )
    request = forms.CharField(
        label=_("What is asked of it"), required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000})
    )


class ReplyForm(forms.Form):
    reply_text = forms.CharField(
        label=_("The department's reply"), required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000})
    )
    result = forms.ChoiceField(
        label=pgettext_lazy("reply", "Result"), choices=ReplyResult.choices, widget=forms.RadioSelect
    )


class ResultForm(forms.Form):
    text = forms.CharField(
        label=_("What came of it (published to residents)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
    )
