"""Pages of the model-community index: district and street dashboards with rankings, a community's indicators with
their definitions and figures, qualitative scoring, and framework versions. Thin: parse, call one action or query,
render. Every chart has a table beside it; tables export as CSV and Excel."""

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.evaluation import index_actions
from yishi.evaluation.domain.exact import round_half_up
from yishi.evaluation.domain.framework import Framework, IndicatorKind, Unit
from yishi.evaluation.domain.indicators import Assessment, Count, Measurement, Median, NoData, Ratio
from yishi.evaluation.domain.scoring import ScoreBreakdown
from yishi.evaluation.index_framework import framework_to_data
from yishi.evaluation.index_models import FrameworkVersion
from yishi.evaluation.index_queries import AreaIndex, area_index, community_index, framework_in_force, trend
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can, places_where
from yishi.places.models import Place, PlaceKind

# The navigation entry's label (web/_nav.html); translated in this app's catalogue.
NAV_LABEL = _("Model-community index")

# --- presentation ---------------------------------------------------------------------------------------------


def _lang() -> str:
    return get_language() or "zh-hans"


def _number(value: Fraction, places: int = 2) -> str:
    return str(round_half_up(value, places=places).normalize() if value else Decimal(0))


def show_value(unit: Unit, measurement: Measurement) -> str:
    """A measurement as a person reads it; NO_DATA is "no data", never 0 %."""
    if isinstance(measurement, NoData):
        return gettext("no data")
    if unit is Unit.SHARE:
        return f"{round_half_up(measurement.value * 100, places=1)} %"
    if unit is Unit.PER_100_HOUSEHOLDS:
        return gettext("%(n)s per 100 households") % {"n": _number(measurement.value, 1)}
    if unit is Unit.DAYS:
        return gettext("%(n)s days") % {"n": _number(measurement.value, 1)}
    if unit is Unit.HOURS_PER_RESIDENT:
        return gettext("%(n)s hours per resident") % {"n": _number(measurement.value)}
    if unit is Unit.POINTS:
        return gettext("%(n)s points") % {"n": _number(measurement.value)}
    return _number(measurement.value, 0)


def show_figures(measurement: Measurement) -> str:
    """The figures behind a value: numerator and denominator, sample size, parts, assessors."""
    if isinstance(measurement, Ratio):
        scale = " × 100" if measurement.scale != 1 else ""
        return f"{_number(measurement.numerator)} / {_number(measurement.denominator)}{scale}"
    if isinstance(measurement, Median):
        return gettext("median of %(n)s") % {"n": measurement.sample_size}
    if isinstance(measurement, Count):
        return ", ".join(f"{name}: {count}" for name, count in measurement.parts) or "0"
    if isinstance(measurement, Assessment):
        return gettext("mean of %(n)s scores") % {"n": measurement.assessors}
    return "—"


def show_points(points: Decimal | None) -> str:
    return gettext("no data") if points is None else str(points)


@dataclass(frozen=True)
class IndicatorRow:
    dimension: str
    code: str
    name: str
    definition: str
    kind: str
    is_qualitative: bool
    value: str
    figures: str
    points: str
    weight: Decimal


def indicator_rows(framework: Framework, breakdown: ScoreBreakdown) -> list[IndicatorRow]:
    language = _lang()
    rows = []
    for dimension in framework.dimensions:
        for indicator in dimension.indicators:
            score = breakdown.indicator(indicator.code)
            rows.append(
                IndicatorRow(
                    dimension=dimension.name.in_language(language),
                    code=indicator.code,
                    name=indicator.name.in_language(language),
                    definition=indicator.definition.in_language(language),
                    kind=str(indicator.kind),
                    is_qualitative=indicator.kind is not IndicatorKind.QUANTITATIVE,
                    value=show_value(indicator.unit, score.measurement),
                    figures=show_figures(score.measurement),
                    points=show_points(score.points),
                    weight=indicator.weight,
                )
            )
    return rows


# --- helpers --------------------------------------------------------------------------------------------------


def _actor(request: HttpRequest, role: str = "") -> Actor:
    return Actor(user=request.user, acting_role=role)  # type: ignore[arg-type]


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    try:
        year = int(raw)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= timezone.localdate().year + 1 else timezone.localdate().year


def _place(place_id: int, kinds: tuple[str, ...]) -> Place:
    place = Place.objects.filter(pk=place_id, kind__in=kinds).select_related("parent").first()
    if place is None:
        raise NotFound()
    return place


def _refused(request: HttpRequest, error: ActionError) -> HttpResponse:
    return render(request, "evaluation/index_refused.html", {"message": error.message}, status=error.status)


def _export(request: HttpRequest, name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse | None:
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 Chinese correctly with a BOM
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(header)
        for row in rows:
            sheet.append([str(cell) for cell in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return None


# --- pages ----------------------------------------------------------------------------------------------------


@login_required
def index_home(request: HttpRequest) -> HttpResponse:
    """Go to the widest dashboard the user may see."""
    places = sorted(places_where(request.user, Capability.VIEW_DASHBOARD), key=lambda place: place.depth)  # type: ignore[arg-type]
    for place in places:
        if place.kind in (PlaceKind.DISTRICT, PlaceKind.STREET):
            return HttpResponseRedirect(reverse("evaluation:index_area", args=[place.pk]))
        if place.kind == PlaceKind.COMMUNITY:
            return HttpResponseRedirect(reverse("evaluation:index_community", args=[place.pk]))
        if place.depth == 0:
            district = Place.objects.filter(kind=PlaceKind.DISTRICT).order_by("path").first()
            if district is not None:
                return HttpResponseRedirect(reverse("evaluation:index_area", args=[district.pk]))
    return _refused(request, NotPermitted())


def area_table(index: AreaIndex) -> tuple[list[str], list[list[Any]]]:
    """The ranking of communities with the figures behind each rank (dimension points, households)."""
    language = _lang()
    header = [gettext("Rank"), gettext("Community"), gettext("Street"), gettext("Index")]
    header += [dimension.name.in_language(language) for dimension in index.framework.dimensions]
    header += [gettext("Households"), gettext("Indicators without data")]
    rows: list[list[Any]] = []
    entries = [(str(entry.rank), entry.figures) for entry in index.community_ranking.entries]
    entries += [("—", item.figures) for item in index.community_ranking.unranked]
    for rank, breakdown in entries:
        item = index.communities[breakdown.unit_id]
        street = index.streets.get(item.community.parent_id or 0)
        rows.append(
            [rank, item.community.name, street.name if street else "", show_points(breakdown.total)]
            + [show_points(dimension.points) for dimension in breakdown.dimensions]
            + [item.households, len(breakdown.excluded_indicators)]
        )
    return header, rows


@login_required
def area(request: HttpRequest, place_id: int) -> HttpResponse:
    """District or street dashboard: total, streets compared, communities ranked, each with its figures."""
    try:
        place = _place(place_id, (PlaceKind.DISTRICT, PlaceKind.STREET))
        if not can(request.user, Capability.VIEW_DASHBOARD, place):  # type: ignore[arg-type]
            raise NotPermitted()
    except ActionError as error:
        return _refused(request, error)
    year = _year(request)
    index = area_index(place, year)
    header, rows = area_table(index)
    exported = _export(request, f"index-{place.pk}-{year}", header, rows)
    if exported is not None:
        return exported
    street_rows: list[dict[str, Any]] = []
    for entry in index.street_ranking.entries:
        rollup = entry.figures
        street_rows.append(
            {
                "rank": entry.rank,
                "street": index.streets[entry.unit_id],
                "total": show_points(rollup.total),
                "members": len(rollup.members),
                "without_data": len(rollup.excluded_members),
                "households": rollup.households,
            }
        )
    for rollup_input in index.street_ranking.unranked:
        rollup = rollup_input.figures
        street_rows.append(
            {
                "rank": "—",
                "street": index.streets[rollup.unit_id],
                "total": show_points(None),
                "members": len(rollup.members),
                "without_data": len(rollup.excluded_members),
                "households": rollup.households,
            }
        )
    chart = {
        "communities": {
            "labels": [row[1] for row in rows if row[0] != "—"],
            "values": [row[3] for row in rows if row[0] != "—"],
        },
        "streets": {
            "labels": [str(row["street"].name) for row in street_rows if row["rank"] != "—"],
            "values": [row["total"] for row in street_rows if row["rank"] != "—"],
        },
    }
    context = {
        "place": place,
        "year": year,
        "index": index,
        "total": show_points(index.total.total),
        "header": header,
        "rows": rows,
        "street_rows": street_rows,
        "chart_data": chart,
        "framework_name": index.framework.name.in_language(_lang()),
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
    }
    context["community_links"] = _community_links(index, header, rows)
    context["may_manage_framework"] = place.kind == PlaceKind.DISTRICT and can(
        request.user,  # type: ignore[arg-type]
        Capability.MANAGE_FRAMEWORK,
        place,
    )
    return render(request, "evaluation/index_area.html", context)


def _community_links(index: AreaIndex, header: list[str], rows: list[list[Any]]) -> list[tuple[int, list[Any]]]:
    ordered = [entry.unit_id for entry in index.community_ranking.entries] + [
        item.unit_id for item in index.community_ranking.unranked
    ]
    return [(unit_id, list(zip(header, row, strict=True))) for unit_id, row in zip(ordered, rows, strict=True)]


@login_required
def community(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's index: every indicator with its definition, value, figures and points; trend over years."""
    try:
        place = _place(community_id, (PlaceKind.COMMUNITY,))
        if not can(request.user, Capability.VIEW_DASHBOARD, place):  # type: ignore[arg-type]
            raise NotPermitted()
    except ActionError as error:
        return _refused(request, error)
    year = _year(request)
    if request.method == "POST":
        try:
            index_actions.request_refresh(actor=_actor(request), community=place, year=year)
        except ActionError as error:
            return _refused(request, error)
        messages.success(request, gettext("The figures are being recomputed."))
        return HttpResponseRedirect(f"{reverse('evaluation:index_community', args=[place.pk])}?year={year}")
    framework, item, scores = community_index(place, year)
    rows = indicator_rows(framework, item.breakdown)
    header = [gettext("Dimension"), gettext("Indicator"), gettext("Value"), gettext("Figures"), gettext("Points")]
    exported = _export(
        request,
        f"community-{place.pk}-{year}",
        header,
        [[row.dimension, row.name, row.value, row.figures, row.points] for row in rows],
    )
    if exported is not None:
        return exported
    language = _lang()
    dimensions = [
        {"name": dimension.name.in_language(language), "points": show_points(score.points), "weight": dimension.weight}
        for dimension, score in zip(framework.dimensions, item.breakdown.dimensions, strict=True)
    ]
    years = trend(place)
    context = {
        "community": place,
        "year": year,
        "item": item,
        "total": show_points(item.breakdown.total),
        "rows": rows,
        "dimensions": dimensions,
        "scores": scores,
        "trend": [(y, show_points(total)) for y, total in years],
        "chart_data": {
            "trend": {
                "type": "line",
                "labels": [str(y) for y, total in years if total is not None],
                "values": [str(total) for y, total in years if total is not None],
            },
            "dimensions": {
                "labels": [
                    str(d["name"])
                    for d, s in zip(dimensions, item.breakdown.dimensions, strict=True)
                    if s.points is not None
                ],
                "values": [str(s.points) for s in item.breakdown.dimensions if s.points is not None],
            },
        },
        "may_score": can(request.user, Capability.SCORE_COMMUNITY, place),  # type: ignore[arg-type]
        "street": place.parent,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
    }
    return render(request, "evaluation/index_community.html", context)


class ScoreForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("Indicator"))
    score = forms.CharField(
        label=_("Score (0–100)"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    note = forms.CharField(
        label=_("Reasons (optional)"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = choices  # type: ignore[attr-defined]


@login_required
def score(request: HttpRequest, community_id: int) -> HttpResponse:
    """An expert's or officer's score of a qualitative indicator."""
    try:
        place = _place(community_id, (PlaceKind.COMMUNITY,))
        if not can(request.user, Capability.SCORE_COMMUNITY, place):  # type: ignore[arg-type]
            raise NotPermitted()
    except ActionError as error:
        return _refused(request, error)
    year = _year(request)
    framework, _stored = framework_in_force()
    language = _lang()
    choices = [
        (indicator.code, indicator.name.in_language(language))
        for indicator in framework.indicators
        if indicator.kind is not IndicatorKind.QUANTITATIVE
    ]
    definitions = [
        (indicator.name.in_language(language), indicator.definition.in_language(language))
        for indicator in framework.indicators
        if indicator.kind is not IndicatorKind.QUANTITATIVE
    ]
    status = 200
    if request.method == "POST":
        form = ScoreForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                index_actions.record_score(
                    actor=_actor(request),
                    community=place,
                    year=year,
                    indicator_code=form.cleaned_data["indicator_code"],
                    score=form.cleaned_data["score"],
                    note=form.cleaned_data["note"],
                )
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
                status = error.status
            else:
                messages.success(request, gettext("Your score was recorded."))
                return HttpResponseRedirect(f"{reverse('evaluation:index_community', args=[place.pk])}?year={year}")
        else:
            status = 400
    else:
        form = ScoreForm(choices=choices)
    context = {"community": place, "year": year, "form": form, "definitions": definitions}
    return render(request, "evaluation/index_score.html", context, status=status)


class FrameworkForm(forms.Form):
    version = forms.CharField(label=_("Version name"), max_length=40)
    definition = forms.CharField(
        label=_("Dimensions, indicators, weights and methods (JSON)"),
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text=_("Weights in each dimension, and the dimensions' weights, must sum exactly to the total."),
    )


@login_required
def framework(request: HttpRequest, district_id: int) -> HttpResponse:
    """Framework versions and a new version (district officers)."""
    try:
        district = _place(district_id, (PlaceKind.DISTRICT,))
        if not can(request.user, Capability.MANAGE_FRAMEWORK, district):  # type: ignore[arg-type]
            raise NotPermitted()
    except ActionError as error:
        return _refused(request, error)
    current, stored = framework_in_force()
    status = 200
    if request.method == "POST":
        form = FrameworkForm(request.POST)
        if form.is_valid():
            try:
                definition = json.loads(form.cleaned_data["definition"])
            except json.JSONDecodeError:
                form.add_error("definition", gettext("This is not valid JSON."))
                status = 400
            else:
                try:
                    index_actions.save_framework(
                        actor=_actor(request),
                        district=district,
                        version=form.cleaned_data["version"],
                        definition=definition,
                    )
                except ActionError as error:
                    form.add_error(error.field if error.field in form.fields else None, str(error.message))
                    status = error.status
                else:
                    messages.success(request, gettext("The new framework version is in force."))
                    return HttpResponseRedirect(reverse("evaluation:index_framework", args=[district.pk]))
        else:
            status = 400
    else:
        form = FrameworkForm(
            initial={"definition": json.dumps(framework_to_data(current), ensure_ascii=False, indent=2)}
        )
    context = {
        "district": district,
        "form": form,
        "current": current,
        "current_name": current.name.in_language(_lang()),
        "versions": list(FrameworkVersion.objects.select_related("created_by").order_by("-created_at")[:20]),
        "builtin": stored is None,
    }
    return render(request, "evaluation/index_framework.html", context, status=status)
