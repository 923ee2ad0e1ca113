"""Forms of the roster pages: they parse input; the actions judge it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.people.models import ImportMode, ResidenceStatus, Role, Sex
from yishi.people.permissions import today
from yishi.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def place_choices(places: list[Place], labels: dict[int, str] | None = None) -> list[tuple[int, str]]:
    """Choices for a place select, indented by depth so the tree shows in the list."""
    labels = labels or {}
    if not places:
        return []
    top = min(place.depth for place in places)
    return [
        (place.pk, "\u3000" * (place.depth - top) + labels.get(place.pk, f"{place.name} ({place.get_kind_display()})"))
        for place in places
    ]


class RosterSearchForm(forms.Form):
    # Any place id is accepted here (a building or unit opened from the place pages); the view checks reach.
    place = forms.IntegerField(label=_("Place"), required=False, widget=forms.Select)
    q = forms.CharField(label=_("Name contains"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Exact phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].widget.choices = place_choices(places)  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    """A resident's facts as staff enter them. Phone and ID number may stay blank (assisted participation)."""

    name = forms.CharField(label=_("Full name"), max_length=50)
    home = forms.TypedChoiceField(label=_("Address"), coerce=int)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        help_text=_("Leave blank for a resident without a phone: staff then enter what they say or sign."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("Resident ID number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    residence_status = forms.ChoiceField(
        label=_("Residence status"), choices=ResidenceStatus.choices, initial=ResidenceStatus.REGISTERED
    )
    resident_since = forms.DateField(label=_("Living here since"), required=False, widget=DATE)
    ethnicity = forms.CharField(label=_("Ethnic group"), max_length=20, required=False)
    has_political_rights = forms.BooleanField(
        label=_("Has political rights (untick only when a court has deprived the person of them)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, homes: list[tuple[int, str]], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home"].choices = homes  # type: ignore[attr-defined]
        if editing:
            self.fields["phone"].help_text = _("Leave blank to keep the number on record.")
            self.fields["id_number"].help_text = _("Leave blank to keep the number on record.")


class RevealForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Which number"), choices=[("phone", _("Phone number")), ("id_number", _("ID number"))]
    )
    reason = forms.CharField(
        label=_("Why do you need the full number?"),
        max_length=200,
        help_text=_("Your name, the time and this reason are recorded."),
    )


class HouseholdForm(forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=40, required=False)
    is_representative = forms.BooleanField(
        label=_("This person represents the household"), required=False, initial=True
    )


class JoinHouseholdForm(forms.Form):
    household = forms.TypedChoiceField(label=_("Household"), coerce=int)
    is_representative = forms.BooleanField(label=_("This person represents the household"), required=False)

    def __init__(self, *args: Any, households: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "join")
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = households  # type: ignore[attr-defined]


class OwnershipForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Dwelling unit"), coerce=int)
    since = forms.DateField(label=_("Owner since (optional)"), required=False, widget=DATE)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "own")
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class UnitOwnerForm(forms.Form):
    """An owner of a unit: a resident of it (co-owners one by one) or an organisation such as the developer."""

    owner = forms.TypedChoiceField(label=_("Resident"), coerce=int, required=False, empty_value=None)
    organisation_name = forms.CharField(
        label=_("Or an owning organisation"),
        max_length=100,
        required=False,
        help_text=_("For example the developer of a unit not yet sold."),
    )
    is_developer_unsold = forms.BooleanField(label=_("The developer's unsold or undelivered unit"), required=False)
    since = forms.DateField(label=_("Owner since (optional)"), required=False, widget=DATE)

    def __init__(self, *args: Any, residents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("(an organisation, named below)")), *residents]  # type: ignore[attr-defined]


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    place = forms.TypedChoiceField(label=_("Held at"), coerce=int)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until (optional)"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "role")
        kwargs.setdefault("initial", {"starts_on": today()})
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(places)  # type: ignore[attr-defined]


class EndRoleForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)


class ImportForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Import into"), coerce=int)
    # Empty files reach the import, which says so in its own words.
    file = forms.FileField(
        allow_empty_file=True,
        label=_("Roster file (.xlsx or .csv)"),
        help_text=_("At most 10 MB. The first row holds the column names, in Chinese or English."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"}
        ),
    )

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(places)  # type: ignore[attr-defined]


class CommitForm(forms.Form):
    mode = forms.ChoiceField(choices=ImportMode.choices, widget=forms.HiddenInput)
    expected_rows = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I understand that the rows with errors will be left out."), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == ImportMode.VALID_ONLY and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm that the rows with errors will be left out."))
        return data


class ExportForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Place"), coerce=int)
    file_format = forms.ChoiceField(
        label=_("File format"), choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv)"))], initial="xlsx"
    )
    include_full_numbers = forms.BooleanField(
        label=_("Include full phone and ID numbers (recorded in the audit log)"), required=False
    )

    def __init__(self, *args: Any, places: list[Place], may_reveal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(places)  # type: ignore[attr-defined]
        if not may_reveal:
            del self.fields["include_full_numbers"]
