"""Forms of the election pages: input parsing only; every rule is applied by the actions."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.elections.models import (
    AssemblyBody,
    ByElectionBody,
    Candidate,
    MobileBox,
    ObjectionKind,
    Post,
    ProfileChoice,
    Rating,
    Relation,
    ReviewBody,
    Round,
    ThresholdChoice,
    VoterRegistration,
)
from yishi.people.models import Person

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RegistrationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.name)


class RegistrationsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.name)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    registration_opens_on = forms.DateField(label=_("Registration opens on"), widget=DATE)
    election_day = forms.DateField(label=_("Election day"), widget=DATE)
    chair = forms.IntegerField(label=_("Seats: chair"), min_value=1, max_value=1, initial=1)
    vice_chair = forms.IntegerField(label=_("Seats: vice-chairs"), min_value=0, max_value=4, initial=1)
    member = forms.IntegerField(label=_("Seats: members"), min_value=0, max_value=8, initial=3)
    women_member = forms.IntegerField(
        label=_("Seats: women's member (a separate line on the ballot)"), min_value=0, max_value=1, initial=0
    )
    profile = forms.ChoiceField(
        label=_("Rule profile"),
        choices=[("", _("The district's profile")), *list(ProfileChoice.choices)],
        required=False,
    )
    turnout_rule = forms.ChoiceField(
        label=_("Turnout threshold"),
        choices=[("", _("As the profile says")), *list(ThresholdChoice.choices)],
        required=False,
        help_text=_("Only where the profile's rule is unconfirmed or local."),
    )
    winning_rule = forms.ChoiceField(
        label=_("Winning threshold"),
        choices=[("", _("As the profile says")), *list(ThresholdChoice.choices)],
        required=False,
        help_text=_("Only where the profile's rule is unconfirmed or local."),
    )
    proxy_cap = forms.IntegerField(
        label=_("Proxies one person may hold"),
        min_value=1,
        max_value=9,
        required=False,
        help_text=_("Only where the profile's rule is unconfirmed or local."),
    )
    multi_ethnic = forms.BooleanField(label=_("Several ethnic groups live here"), required=False)
    term_years = forms.IntegerField(label=_("Term in years"), min_value=1, max_value=5, initial=5)

    def seats(self) -> dict[str, int]:
        return {post: int(self.cleaned_data[post] or 0) for post in Post.values}


class DistrictProfileForm(forms.Form):
    profile = forms.ChoiceField(
        label=_("Village election profile of the district"),
        choices=[item for item in ProfileChoice.choices if item[0] != ProfileChoice.RESIDENTS_COMMITTEE],
    )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CommitteeMemberForm(forms.Form):
    person = PersonChoiceField(label=_("Member"), queryset=Person.objects.none())
    is_chair = forms.BooleanField(label=_("Chairs the election committee"), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class RegisterForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    hukou_here = forms.ChoiceField(
        label=_("Household registration (户籍)"),
        choices=[("", _("As the resident roll says")), ("yes", _("Registered here")), ("no", _("Not registered here"))],
        required=False,
    )
    lives_here = forms.ChoiceField(
        label=_("Lives here"),
        choices=[("", _("As the resident roll says")), ("yes", _("Yes")), ("no", _("No, lives elsewhere"))],
        required=False,
    )
    expressed_wish = forms.BooleanField(
        label=_("Asked to vote here (registered here, living elsewhere)"), required=False
    )
    applied = forms.BooleanField(label=_("Applied to vote here (living here without registration)"), required=False)
    approval_body = forms.ChoiceField(
        label=_("Approved by"), choices=[("", "—"), *list(AssemblyBody.choices)], required=False
    )
    approval_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    approval_reference = forms.CharField(label=_("Minutes reference of the approval"), max_length=200, required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

    @staticmethod
    def tristate(value: str) -> bool | None:
        return None if not value else value == "yes"


class RemoveForm(forms.Form):
    registration = RegistrationChoiceField(label=_("Voter"), queryset=VoterRegistration.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, registrations: QuerySet[VoterRegistration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations  # type: ignore[attr-defined]


class ObjectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong"), choices=ObjectionKind.choices)
    subject = PersonChoiceField(label=_("About whom"), queryset=Person.objects.none(), required=False)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = people  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    upheld = forms.ChoiceField(
        label=pgettext_lazy("election", "Decision"),
        choices=[("yes", _("Uphold")), ("no", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NominationForm(forms.Form):
    post = forms.ChoiceField(label=pgettext_lazy("election", "Post"), choices=())
    person = RegistrationChoiceField(label=_("Nominee"), queryset=VoterRegistration.objects.none())
    nominators = RegistrationsChoiceField(
        label=_("Nominated by (registered voters)"), queryset=VoterRegistration.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        posts: list[tuple[str, str]],
        registrations: QuerySet[VoterRegistration],
        staff: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = posts  # type: ignore[attr-defined]
        self.fields["person"].queryset = registrations  # type: ignore[attr-defined]
        if staff:
            self.fields["nominators"].queryset = registrations  # type: ignore[attr-defined]
            self.fields["nominators"].required = True
        else:
            del self.fields["nominators"]


class AnswerForm(forms.Form):
    accept = forms.ChoiceField(
        label=_("Answer"),
        choices=[("yes", pgettext_lazy("election", "Accept")), ("no", _("Decline"))],
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Plans for the office"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    location = forms.CharField(label=_("Location"), max_length=200)
    attendees = forms.IntegerField(label=_("Voters attending"), min_value=0)
    notes = forms.CharField(label=_("Questions and answers"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ProxyForm(forms.Form):
    grantor = RegistrationChoiceField(label=_("Absent voter"), queryset=VoterRegistration.objects.none())
    holder = RegistrationChoiceField(
        label=_("Proxy holder (close relative)"), queryset=VoterRegistration.objects.none()
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    written_reference = forms.CharField(label=_("Written authorisation (reference)"), max_length=200, required=False)
    grantor_away = forms.BooleanField(label=_("The voter is away during the election"), required=False, initial=True)

    def __init__(self, *args: Any, registrations: QuerySet[VoterRegistration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantor"].queryset = registrations  # type: ignore[attr-defined]
        self.fields["holder"].queryset = registrations  # type: ignore[attr-defined]


class OpenRoundForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    voting_day = forms.DateField(label=_("Voting day"), widget=DATE, initial=datetime.date.today)


class StationForm(forms.Form):
    registration = RegistrationChoiceField(label=_("Voter"), queryset=VoterRegistration.objects.none())
    by_proxy = forms.BooleanField(label=_("The proxy holder votes for this voter"), required=False)

    def __init__(self, *args: Any, registrations: QuerySet[VoterRegistration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations  # type: ignore[attr-defined]


class MobileBoxForm(forms.Form):
    name = forms.CharField(label=_("Name of the box (its route)"), max_length=100)
    monitors = forms.ModelMultipleChoiceField(label=_("Vote monitors"), queryset=Person.objects.none())
    township_approved = forms.BooleanField(label=_("Approved by the township"), required=False)
    voter_list_published = forms.BooleanField(label=_("List of voters to be served published"), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["monitors"].queryset = people  # type: ignore[attr-defined]
        self.fields["monitors"].label_from_instance = lambda obj: obj.name  # type: ignore[attr-defined]


class ServeForm(StationForm):
    box = forms.ModelChoiceField(label=_("Mobile box"), queryset=MobileBox.objects.none())

    def __init__(self, *args: Any, boxes: QuerySet[MobileBox], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["box"].queryset = boxes  # type: ignore[attr-defined]


class BatchForm(forms.Form):
    label = forms.CharField(label=_("Ballot box"), max_length=100, required=False)
    mobile_box = forms.ModelChoiceField(
        label=_("Counts a mobile box"), queryset=MobileBox.objects.none(), required=False
    )
    ballots_in_box = forms.IntegerField(label=_("Ballots in the box"), min_value=0)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0)
    spoiled = forms.IntegerField(label=_("Spoiled ballots"), min_value=0, initial=0)

    def __init__(self, *args: Any, round_: Round, labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile_box"].queryset = round_.mobile_boxes.filter(batch__isnull=True)  # type: ignore[attr-defined]
        for key, label in labels.items():
            self.fields[f"option_{key}"] = forms.IntegerField(label=label, min_value=0, initial=0)

    def counts(self) -> dict[int, int]:
        return {
            int(name.removeprefix("option_")): int(value or 0)
            for name, value in self.cleaned_data.items()
            if name.startswith("option_")
        }


class RecallForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for the recall"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class SignForm(forms.Form):
    person = PersonChoiceField(label=_("Signer"), queryset=Person.objects.none())
    as_representative = forms.BooleanField(label=_("Signs as a representative"), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("The member's response"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ByElectionForm(forms.Form):
    body = forms.ChoiceField(label=_("Held by"), choices=ByElectionBody.choices)
    post = forms.ChoiceField(label=pgettext_lazy("election", "Post"), choices=Post.choices)
    seats = forms.IntegerField(label=pgettext_lazy("election", "Seats"), min_value=1, max_value=5, initial=1)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    members = forms.IntegerField(label=_("Members of the assembly"), min_value=1)
    voters = forms.IntegerField(label=_("Members who voted"), min_value=1)
    votes = forms.CharField(
        label=_("Votes, one person a line: name and votes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: 张三 41"),
    )


class ReviewOpenForm(forms.Form):
    year = forms.IntegerField(label=pgettext_lazy("election", "Year"), min_value=2000, max_value=2100)
    body = forms.ChoiceField(label=_("Who rates"), choices=ReviewBody.choices)


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report of the year's work"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )


class RatingForm(forms.Form):
    def __init__(
        self, *args: Any, mandates: list[Any], rater_people: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if rater_people is not None:
            self.fields["rater"] = PersonChoiceField(label=_("Resident (assisted)"), queryset=rater_people)
        for mandate in mandates:
            self.fields[f"mandate_{mandate.pk}"] = forms.ChoiceField(
                label=f"{mandate.person.name} · {mandate.get_post_display()}",
                choices=Rating.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def ratings(self) -> dict[int, str]:
        return {
            int(name.removeprefix("mandate_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("mandate_") and value
        }


__all__ = ["Candidate"]
