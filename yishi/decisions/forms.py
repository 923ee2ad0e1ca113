"""Forms of the vote pages: nothing clever — they parse what staff and residents type; the actions decide."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.decisions.actions import RuleFraction, VoteSettings
from yishi.decisions.models import (
    BallotChannel,
    Basis,
    Electorate,
    MatterClassOverride,
    OptionKind,
    OwnersMatter,
    ResidenceRule,
    ResidentsMode,
    ResolvingBody,
    Secrecy,
    ThresholdBase,
    VillageMatter,
    VillagersMode,
)
from yishi.matters.models import MatterStatus

_FRACTION = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")
ONLINE_ELECTORATE_CHOICES = [
    (Electorate.ADULTS.value, Electorate.ADULTS.label),
    (Electorate.HOUSEHOLD_REPRESENTATIVES.value, Electorate.HOUSEHOLD_REPRESENTATIVES.label),
    (Electorate.OWNERS.value, Electorate.OWNERS.label),
]
STAFF_CHANNEL_CHOICES = [
    (BallotChannel.PAPER.value, BallotChannel.PAPER.label),
    (BallotChannel.ASSISTED.value, BallotChannel.ASSISTED.label),
    (BallotChannel.MEETING.value, BallotChannel.MEETING.label),
]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class BasisForm(forms.Form):
    """Step one: the basis, in plain words."""

    basis = forms.ChoiceField(label=_("Legal basis"), choices=Basis.choices, widget=forms.RadioSelect)


class VoteForm(forms.Form):
    """Step two: the question, the place, the window, the ballot and the basis's settings."""

    title = forms.CharField(label=_("Title"), max_length=100)
    question = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One question, answered yes or no.")
    )
    place = forms.TypedChoiceField(label=_("Who votes: the people of"), coerce=int)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME_WIDGET)
    secrecy = forms.ChoiceField(label=_("Ballot"), choices=Secrecy.choices, widget=forms.RadioSelect, initial="named")
    allow_change = forms.BooleanField(label=_("A named ballot may be changed until the close"), required=False)
    # Owners (YZ-1 to YZ-11)
    owners_matter = forms.ChoiceField(
        label=_("Item of Civil Code Art. 278"), choices=_blank(OwnersMatter.choices), required=False
    )
    matter_class_override = forms.ChoiceField(
        label=_("Adding a lift is decided as"),
        choices=[("", _("the default (major matter, unconfirmed)")), *MatterClassOverride.choices],
        required=False,
    )
    count_non_voters = forms.BooleanField(
        label=_("Add owners who did not vote to the majority (only where the management statute says so)"),
        required=False,
    )
    spoiled_counts_as_participating = forms.BooleanField(
        label=_("Spoiled ballots count as taking part"), required=False, initial=True
    )
    # Meetings (JW-6, CW-19, CW-24, CW-25, SY-1)
    residents_mode = forms.ChoiceField(label=_("Who attends"), choices=ResidentsMode.choices, required=False)
    villagers_mode = forms.ChoiceField(label=_("Quorum counted by"), choices=VillagersMode.choices, required=False)
    resolving_body = forms.ChoiceField(
        label=_("The assembly that resolves"), choices=ResolvingBody.choices, required=False
    )
    village_matter = forms.ChoiceField(
        label=_("Matter of Art. 24 of the Villagers' Committees Organic Law"),
        choices=VillageMatter.choices,
        required=False,
    )
    authorised = forms.BooleanField(label=_("Authorised by the villagers' assembly"), required=False)
    authorisation_reference = forms.CharField(
        label=_("Authorisation (meeting and date)"), max_length=200, required=False
    )
    # A configured rule (online votes; the residents' representatives' assembly)
    online_electorate = forms.ChoiceField(label=_("Who votes"), choices=ONLINE_ELECTORATE_CHOICES, required=False)
    quorum = forms.CharField(
        label=_("Turnout needed (share of the roll, such as 1/2; blank: none)"), max_length=9, required=False
    )
    quorum_inclusive = forms.BooleanField(label=_("Exactly that share is enough (以上)"), required=False, initial=True)
    threshold = forms.CharField(
        label=_("Share of agree votes needed to pass (such as 1/2)"), max_length=9, required=False
    )
    threshold_inclusive = forms.BooleanField(
        label=_("Exactly that share is enough (以上); otherwise more is needed (超过)"), required=False
    )
    threshold_base = forms.ChoiceField(label=_("Share of"), choices=ThresholdBase.choices, required=False)
    residence_rule = forms.ChoiceField(
        label=_("Residents on the roll"),
        choices=ResidenceRule.choices,
        initial=ResidenceRule.REGISTERED_AND_LONG_TERM,
        required=False,
    )

    def __init__(self, *args: Any, places: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places  # type: ignore[attr-defined]

    def _fraction(self, name: str) -> RuleFraction | None:
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return None
        match = _FRACTION.match(raw.replace("／", "/"))
        if match is None:
            self.add_error(name, _("Write the share as a fraction such as 1/2 or 2/3."))
            return None
        inclusive = bool(self.cleaned_data.get(f"{name}_inclusive"))
        return RuleFraction(int(match.group(1)), int(match.group(2)), inclusive=inclusive)

    def settings(self) -> VoteSettings:
        """The basis's settings as typed (call after is_valid); the action checks them against the law."""
        data = self.cleaned_data
        quorum, threshold = self._fraction("quorum"), self._fraction("threshold")
        return VoteSettings(
            residents_mode=data.get("residents_mode") or "",
            villagers_mode=data.get("villagers_mode") or "",
            resolving_body=data.get("resolving_body") or "",
            owners_matter=data.get("owners_matter") or "",
            matter_class_override=data.get("matter_class_override") or "",
            count_non_voters=bool(data.get("count_non_voters")),
            spoiled_counts_as_participating=bool(data.get("spoiled_counts_as_participating")),
            village_matter=data.get("village_matter") or VillageMatter.OTHER,
            authorised=bool(data.get("authorised")),
            authorisation_reference=data.get("authorisation_reference") or "",
            online_electorate=data.get("online_electorate") or "",
            quorum=quorum,
            threshold=threshold,
            threshold_base=data.get("threshold_base") or ThresholdBase.VOTES_CAST,
            residence_rule=data.get("residence_rule") or ResidenceRule.REGISTERED_AND_LONG_TERM,
        )


class RollSourceForm(forms.Form):
    residence_rule = forms.ChoiceField(label=_("Residents on the roll"), choices=ResidenceRule.choices)
    online_electorate = forms.ChoiceField(label=_("Who votes"), choices=ONLINE_ELECTORATE_CHOICES, required=False)


class BallotForm(forms.Form):
    """The resident's ballot: one choice, then a confirmation."""

    option = forms.ChoiceField(
        label=_("Your choice"),
        choices=[(kind, label) for kind, label in OptionKind.choices if kind != OptionKind.SPOILED],
        widget=forms.RadioSelect,
    )
    entry = forms.IntegerField(required=False, widget=forms.HiddenInput)
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    change = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EnterBallotForm(forms.Form):
    """Staff enter a ballot for one line of the roll."""

    option = forms.ChoiceField(label=_("Choice on the ballot"), choices=OptionKind.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("How the ballot came in"), choices=STAFF_CHANNEL_CHOICES, widget=forms.RadioSelect
    )
    paper_reference = forms.CharField(label=_("Paper ballot reference"), max_length=100, required=False)
    witness = forms.CharField(label=_("Witness"), max_length=100, required=False)
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args: Any, spoiled: bool, meeting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not spoiled:
            self.fields["option"].choices = [  # type: ignore[attr-defined]
                (kind, label) for kind, label in OptionKind.choices if kind != OptionKind.SPOILED
            ]
        if not meeting:
            self.fields["channel"].choices = STAFF_CHANNEL_CHOICES[:2]  # type: ignore[attr-defined]


class AuthorityForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    person = forms.TypedChoiceField(label=_("Who may vote for this line"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("agent", _("Agent with a written authority")), ("chosen_co_owner", _("Co-owner chosen to vote"))],
    )
    reference = forms.CharField(label=_("Written authority (reference)"), max_length=200, required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class HandsForm(forms.Form):
    agree = forms.IntegerField(label=_("Agree"), min_value=0)
    disagree = forms.IntegerField(label=_("Disagree"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstain (including hands not raised)"), min_value=0)


class PublishForm(forms.Form):
    if_failed = forms.ChoiceField(
        label=_("If the motion failed, the matter"),
        choices=[
            (MatterStatus.DELIBERATING.value, _("goes back to deliberation")),
            (MatterStatus.CLOSED.value, _("is closed")),
        ],
        initial=MatterStatus.DELIBERATING.value,
        required=False,
    )


class FourTwoStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"))
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    resolution_vote = forms.TypedChoiceField(
        label=_("The assembly's vote"), coerce=int, required=False, empty_value=None
    )
    party_members = forms.IntegerField(label=_("Party members"), min_value=0, required=False)
    party_present = forms.IntegerField(label=_("Party members present"), min_value=0, required=False)

    def __init__(self, *args: Any, steps: list[tuple[str, str]], votes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps  # type: ignore[attr-defined]
        self.fields["resolution_vote"].choices = [("", "—"), *votes]  # type: ignore[attr-defined]
