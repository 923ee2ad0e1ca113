"""Sentences about votes for pages and notices, in the active language."""

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from yishi.decisions.domain.basis import BASIS_INFO, VoteBasis
from yishi.decisions.errors import current_language
from yishi.decisions.models import (
    Basis,
    FourTwoStep,
    OptionKind,
    OwnersMatter,
    ResidentsMode,
    ResolvingBody,
    Result,
    VillagersMode,
    Vote,
)


def basis_plain(vote: Vote) -> str:
    """The basis in plain words, with the owners' item or the assembly's mode."""
    words = str(Basis(vote.basis).label)
    if vote.owners_matter:
        words += gettext(" — %(item)s") % {"item": OwnersMatter(vote.owners_matter).label}
    if vote.residents_mode:
        words += gettext(" — %(mode)s") % {"mode": ResidentsMode(vote.residents_mode).label}
    if vote.resolving_body:
        words += gettext(" — %(body)s") % {"body": ResolvingBody(vote.resolving_body).label}
    if vote.villagers_mode:
        words += gettext(" — %(mode)s") % {"mode": VillagersMode(vote.villagers_mode).label}
    return words


def basis_rule(basis: str) -> str:
    """What the law (or the community's rule) requires under a basis, in the active language."""
    return BASIS_INFO[VoteBasis(basis)].rule.get(current_language())


def _local(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def window_line(vote: Vote) -> str:
    if vote.is_meeting:
        return gettext("The meeting: %(start)s to %(end)s.") % {
            "start": _local(vote.opens_at),
            "end": _local(vote.closes_at),
        }
    return gettext("Voting from %(start)s to %(end)s.") % {
        "start": _local(vote.opens_at),
        "end": _local(vote.closes_at),
    }


def area(value: Decimal | str | None) -> str:
    """An exclusive area with two decimals and thousands separators, in m²."""
    amount = Decimal(value or 0).quantize(Decimal("0.01"))
    return gettext("%(area)s m²") % {"area": number_format(amount, decimal_pos=2, force_grouping=True)}


def roll_line(vote: Vote) -> str:
    line = ngettext("%(count)s on the roll.", "%(count)s on the roll.", vote.roll_size) % {"count": vote.roll_size}
    if vote.is_owners:
        line += " " + gettext("%(units)s units, total exclusive area %(area)s.") % {
            "units": vote.roll_units,
            "area": area(vote.roll_total_area),
        }
    return line


def outcome_line(result: Result) -> str:
    if result.passed:
        return gettext("Passed.")
    if not result.valid:
        if result.rule == "owners.decision":
            return gettext("Not passed: too few owners took part.")
        return gettext("Not passed: the quorum was not reached.")
    return gettext("Not passed.")


def option_label(kind: str) -> str:
    return str(OptionKind(kind).label)


def figure_lines(vote: Vote, result: Result) -> list[str]:
    """The figures behind the result, one line each."""
    figures = result.figures
    lines = [gettext("On the roll: %(count)s") % {"count": figures.get("roll_size", 0)}]
    if vote.is_owners:
        lines[0] += gettext(" (total exclusive area %(area)s)") % {"area": area(figures.get("total_area"))}
    if "present" in figures:
        lines.append(gettext("Present: %(count)s") % {"count": figures["present"]})
    ballots = figures.get("ballots", {})
    areas = figures.get("areas", {})
    for kind in OptionKind.values:
        if kind == OptionKind.SPOILED and not vote.is_owners:
            continue
        line = gettext("%(option)s: %(count)s") % {"option": option_label(kind), "count": ballots.get(kind, 0)}
        if vote.is_owners:
            line += gettext(" (area %(area)s)") % {"area": area(areas.get(kind))}
        lines.append(line)
    return lines


def step_label(step: str) -> str:
    return str(FourTwoStep(step).label)
