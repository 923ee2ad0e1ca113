"""Forms of the deliberation pages: they parse input only; every rule is checked by the actions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.deliberation.domain.hall import POST_MAX, REASON_MAX
from yishi.deliberation.models import MeetingKind, OutcomeRoute, Position, Scheduling, SeatTemplateChoice, Venue


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    place = forms.TypedChoiceField(label=_("For"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    is_dialogue = forms.BooleanField(
        label=_("Hold it as a democratic dialogue (民主恳谈会)"),
        required=False,
        help_text=_("Only for a deliberation meeting."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    purpose = forms.CharField(
        label=_("What is to be discussed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent with the invitations, so that everyone can prepare."),
    )
    scheduling = forms.ChoiceField(
        label=_("Scheduled or ad hoc"),
        choices=Scheduling.choices,
        widget=forms.RadioSelect,
        initial=Scheduling.SCHEDULED,
        help_text=_("An ad hoc meeting (an urgent matter, on site) may go ahead with seats still empty."),
    )
    venue = forms.ChoiceField(label=_("Venue"), choices=Venue.choices, widget=forms.RadioSelect, initial=Venue.ROOM)
    location = forms.CharField(label=_("Where exactly (room, spot or online link)"), max_length=400, required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends at (optional)"), widget=DateTimeLocalInput(), required=False)
    seat_template = forms.ChoiceField(
        label=_("Seat template"),
        choices=[("", _("Chosen from the place")), *list(SeatTemplateChoice.choices)],
        required=False,
    )
    chair = forms.TypedChoiceField(label=_("Chair"), coerce=int, choices=(), required=False, empty_value=None)
    matters = forms.TypedMultipleChoiceField(
        label=_("Matters on the agenda"),
        coerce=int,
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for a meeting that stands alone."),
    )

    def __init__(
        self,
        *args: Any,
        places: list[tuple[int, str]],
        chairs: list[tuple[int, str]],
        matters: list[tuple[int, str]],
        with_matters: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places  # type: ignore[attr-defined]
        self.fields["chair"].choices = [("", _("Not named yet")), *chairs]  # type: ignore[attr-defined]
        if with_matters:
            self.fields["matters"].choices = matters  # type: ignore[attr-defined]
        else:
            del self.fields["matters"]


class SeatForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Seat"), choices=())
    note = forms.CharField(label=_("Note (for example: owners'-committee chair)"), max_length=200, required=False)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the meeting cancelled?"), widget=forms.Textarea(attrs={"rows": 3}))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    speaker = forms.TypedChoiceField(label=_("Speaker"), coerce=int, choices=(), required=False, empty_value=None)
    speaker_name = forms.CharField(
        label=_("Or the speaker's name (someone without a seat)"), max_length=100, required=False
    )
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, choices=(), required=False, empty_value=None
    )
    summary = forms.CharField(label=_("What they said"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: list[tuple[int, str]], agenda: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [("", _("Choose a participant")), *people]  # type: ignore[attr-defined]
        self.fields["agenda_item"].choices = [("", _("The meeting as a whole")), *agenda]  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, choices=(), required=False, empty_value=None
    )
    text = forms.CharField(label=_("Agreed outcome (协商意见)"), widget=forms.Textarea(attrs={"rows": 6}))
    route = forms.ChoiceField(label=_("Next step"), choices=OutcomeRoute.choices, widget=forms.RadioSelect)
    vote_required = forms.BooleanField(
        label=_("The law requires a vote on this matter"),
        required=False,
        help_text=_(
            "For example the residents' meeting for matters of the whole community, or the owners' assembly for "
            "shared parts and the maintenance fund (Civil Code Art. 278). A consultation does not replace such a vote."
        ),
    )

    def __init__(self, *args: Any, agenda: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agenda is None:
            del self.fields["agenda_item"]
        else:
            self.fields["agenda_item"].choices = [("", _("The meeting's topic")), *agenda]  # type: ignore[attr-defined]


class DissentForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Who dissents"), coerce=int, choices=(), required=False, empty_value=None)
    name = forms.CharField(label=_("Or their name"), max_length=100, required=False)
    text = forms.CharField(label=_("What they hold"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Choose a participant")), *people]  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your review"),
        choices=[
            ("approve", _("Approve: publish it and move the matter on")),
            ("send_back", _("Send it back for revision")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons (required when sending back)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PostForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your position"), choices=Position.choices, widget=forms.RadioSelect, required=False
    )
    text = forms.CharField(
        label=_("Your opinion"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": POST_MAX}),
        required=False,
        help_text=_("At most %(limit)s characters. Be kind; posts that break the rules are hidden with the reason.")
        % {"limit": POST_MAX},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 2, "maxlength": POST_MAX}))
    parent = forms.IntegerField(widget=forms.HiddenInput)


class AssistedPostForm(PostForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(
        label=_("Where it was said (visit, phone call, paper slip no.)"), max_length=200, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}), max_length=2000
    )


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Opinion group"), max_length=200, required=False)
    description = forms.CharField(label=_("What they hold"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    offline_supporters = forms.IntegerField(
        label=_("Supporters heard offline (meetings, visits)"), min_value=0, initial=0, required=False
    )
    posts = forms.TypedMultipleChoiceField(
        label=_("Posts in this group"), coerce=int, choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, posts: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = posts or []  # type: ignore[attr-defined]


class SummaryForm(forms.Form):
    common_ground = forms.CharField(
        label=_("The common ground (最大公约数)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What every opinion group can accept."),
    )
