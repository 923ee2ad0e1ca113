"""Roster import and export pages: upload, the preview with its error report, the import itself, exports."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.people import queries, roster_import
from yishi.people.acting import actor_for
from yishi.people.domain.roles import Capability
from yishi.people.domain.roster import COLUMNS, RosterFileError, message
from yishi.people.forms import CommitForm, ExportForm, ImportForm
from yishi.people.models import ImportMode, ImportStatus
from yishi.people.pages import form_error, refused
from yishi.people.permissions import places_where, scope_filter
from yishi.people.roster_check import current_language
from yishi.people.roster_export import export_roster
from yishi.people.spreadsheets import MAX_UPLOAD_BYTES, human_size, write_xlsx
from yishi.places.models import Place

ERRORS_SHOWN = 200


def _import_places(user: Any) -> list[Place]:
    queryset = Place.objects.filter(kind__in=roster_import.IMPORT_PLACE_KINDS)
    scope = scope_filter(user, Capability.IMPORT_ROSTER)
    if scope is not None:
        queryset = queryset.filter(scope)
    return list(queryset.order_by("path")[:500])


def _download(content: bytes, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a roster file for a community (or a street or district)."""
    places = _import_places(request.user)
    if not places:
        return refused(request, NotPermitted(_("None of your roles lets you import a roster.")))
    form = ImportForm(request.POST or None, request.FILES or None, places=places)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        place = Place.objects.get(pk=form.cleaned_data["place"])
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise RosterFileError("file_too_large", limit=human_size(MAX_UPLOAD_BYTES))
            content = upload.read()
            batch = roster_import.upload_roster(
                actor=actor_for(request.user, Capability.IMPORT_ROSTER, place, channel=Channel.IMPORT),
                place=place,
                file_name=upload.name or "roster",
                content=content,
            )
        except RosterFileError as error:
            form.add_error("file", error.message(current_language()))
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            return redirect("people:import_batch", batch_id=batch.pk)
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "batches": queries.list_batches(user=request.user),
        "columns": [(column.zh, column.en) for column in COLUMNS],
        "limit": human_size(MAX_UPLOAD_BYTES),
    }
    return render(request, "people/import_start.html", context, status=status)


COLUMN_HELP = {
    "name": gettext_lazy("The resident's name; blank on rows that only record a unit or an organisation owner."),
    "sex": gettext_lazy("男 or 女 (male or female); may be blank."),
    "ethnicity": gettext_lazy("For example 汉族; may be blank."),
    "birth_date": gettext_lazy("Like 1975-05-01; taken from the ID number when blank."),
    "phone": gettext_lazy("An 11-digit mobile or a landline with area code; blank for residents without a phone."),
    "id_number": gettext_lazy("18 characters; format the column as text so Excel keeps every digit. May be blank."),
    "residence_status": gettext_lazy("户籍 (registered), 常住 (long-term) or 流动 (migrant); 户籍 when blank."),
    "resident_since": gettext_lazy("The day the resident moved in, like 2015-09-01; may be blank."),
    "community": gettext_lazy("The community or village; may be blank when importing into one community."),
    "compound": gettext_lazy("The compound or villagers' group; created when missing."),
    "building": gettext_lazy("The building; created when missing."),
    "unit": gettext_lazy("The dwelling unit (room number); created when missing."),
    "exclusive_area": gettext_lazy("The unit's exclusive area in m², at most two decimals; required for owners."),
    "area_source": gettext_lazy("不动产登记 (register), 实测 (surveyed) or 购房合同 (contract)."),
    "owner": gettext_lazy("是 when this resident owns the unit, else 否 or blank. Co-owners each have their own row."),
    "organisation_name": gettext_lazy("An owning organisation, such as the developer, on a row without a name."),
    "developer_unsold": gettext_lazy("是 for the developer's unsold or undelivered unit."),
    "household_number": gettext_lazy("The household number (户号); members of one household share it."),
    "household_head": gettext_lazy("是 for the member who represents the household."),
    "role": gettext_lazy("居民代表, 楼组长, 党员, 志愿者, 业委会委员 or 社会组织代表; several separated by 、"),
}


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty roster with the column names, and a second sheet that explains each column."""
    language = current_language()
    headers = [column.header(language) for column in COLUMNS]
    help_rows = [[column.zh, column.en, str(COLUMN_HELP[column.field.value])] for column in COLUMNS]
    content = write_xlsx(
        [
            (_("Roster"), headers, []),
            (_("Columns"), [_("Chinese name"), _("English name"), _("What to write")], help_rows),
        ]
    )
    return _download(
        content,
        name="roster-template.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _batch_context(request: HttpRequest, batch: Any) -> dict[str, Any]:
    language = current_language()
    errors = [
        {
            "row": item["row"],
            "column": item.get("column") or item.get("field") or "",
            "message": item["en"] if language == "en" else item["zh"],
        }
        for item in batch.errors[:ERRORS_SHOWN]
    ]
    notice = batch.notice.get(language, "") if batch.notice else ""
    return {
        "batch": batch,
        "errors": errors,
        "errors_hidden": max(0, batch.error_count - len(errors)),
        "notice": notice,
        "summary": batch.summary or {},
        "all_form": CommitForm(initial={"mode": ImportMode.ALL, "expected_rows": batch.valid_rows}),
        "valid_form": CommitForm(initial={"mode": ImportMode.VALID_ONLY, "expected_rows": batch.valid_rows}),
    }


@login_required
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The state of an import: its progress while running, else the preview with the report, or the result."""
    try:
        batch = roster_import.get_batch(user=request.user, batch_id=batch_id)
    except ActionError as error:
        return refused(request, error)
    if request.headers.get("HX-Request") == "true":
        response = render(request, "people/_import_progress.html", {"batch": batch})
        if not batch.is_running:
            # The work is done: reload the page to show the report or the result.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "people/import_batch.html", _batch_context(request, batch))


@login_required
@require_POST
def import_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Import every row (when all are valid) or, when explicitly confirmed, only the valid ones."""
    try:
        batch = roster_import.get_batch(user=request.user, batch_id=batch_id)
    except ActionError as error:
        return refused(request, error)
    form = CommitForm(request.POST)
    if form.is_valid():
        try:
            batch = roster_import.commit_batch(
                actor=actor_for(request.user, Capability.IMPORT_ROSTER, batch.place, channel=Channel.IMPORT),
                batch=batch,
                mode=form.cleaned_data["mode"],
                expected_rows=form.cleaned_data["expected_rows"],
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            if batch.status == ImportStatus.IMPORTED:
                messages.success(request, _("The roster was imported."))
            return redirect("people:import_batch", batch_id=batch.pk)
    context = _batch_context(request, batch)
    context["valid_form" if request.POST.get("mode") == ImportMode.VALID_ONLY else "all_form"] = form
    return render(request, "people/import_batch.html", context, status=400)


@login_required
@require_POST
def import_discard(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        batch = roster_import.get_batch(user=request.user, batch_id=batch_id)
        roster_import.discard_batch(
            actor=actor_for(request.user, Capability.IMPORT_ROSTER, batch.place, channel=Channel.IMPORT), batch=batch
        )
    except ActionError as error:
        return refused(request, error)
    messages.success(request, _("The import was discarded and its file deleted."))
    return redirect("people:import")


@login_required
@require_GET
def import_errors(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The error report as an .xlsx file: row, column and message in the page's language."""
    try:
        batch = roster_import.get_batch(user=request.user, batch_id=batch_id)
    except ActionError as error:
        return refused(request, error)
    language = current_language()
    rows = [
        [item["row"], item.get("column") or item.get("field") or "", item["en"] if language == "en" else item["zh"]]
        for item in batch.errors
    ]
    if batch.error_count > len(batch.errors):
        rows.append(["", "", message("too_many_errors", language, shown=len(batch.errors), total=batch.error_count)])
    content = write_xlsx([(_("Errors"), [_("Row"), _("Column"), _("Problem")], rows)])
    return _download(
        content,
        name=f"roster-import-{batch.pk}-errors.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Download a place's roster in the import's format; full numbers only when permitted and asked for."""
    places = _import_places(request.user)
    if not places:
        return refused(request, NotPermitted(_("None of your roles lets you export the roster.")))
    user: Any = request.user
    may_reveal = user.is_superuser or places_where(user, Capability.REVEAL_PERSONAL_DATA).exists()
    initial = {"place": request.GET.get("place")} if request.GET.get("place", "").isdigit() else None
    form = ExportForm(request.POST or None, places=places, may_reveal=may_reveal, initial=initial)
    if request.method == "POST" and form.is_valid():
        place = Place.objects.get(pk=form.cleaned_data["place"])
        try:
            exported = export_roster(
                actor=actor_for(request.user, Capability.IMPORT_ROSTER, place),
                place=place,
                file_format=form.cleaned_data["file_format"],
                include_full_numbers=bool(form.cleaned_data.get("include_full_numbers")),
                language=current_language(),
            )
        except NotPermitted as error:
            return refused(request, error)
        except ActionError as error:
            form_error(form, error)
        else:
            return _download(exported.content, name=exported.name, content_type=exported.content_type)
    status = 400 if form.is_bound else 200
    return render(request, "people/export.html", {"form": form}, status=status)
