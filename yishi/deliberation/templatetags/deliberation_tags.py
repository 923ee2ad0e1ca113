"""Template helpers of deliberation: bilingual domain texts, seat-check lines and the hall's tally."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import get_language

from yishi.deliberation.domain import seats as seat_rules
from yishi.deliberation.domain.hall import Position, PositionTally

register = template.Library()


@register.filter
def in_language(message: Any) -> str:
    """A domain Message (zh-Hans and English) in the current language."""
    return str(message.in_language(get_language() or "zh-hans"))


@dataclass(frozen=True)
class SeatLine:
    label: str
    filled: int
    needed: int


@register.simple_tag
def seat_line(page: Any, category: Any) -> SeatLine:
    """How many people sit in a seat category of the meeting's template, and how many it needs."""
    chosen = seat_rules.SeatCategory(str(category))
    language = get_language() or "zh-hans"
    filled = page.counts.get(chosen.value, 0)
    if chosen is seat_rules.SeatCategory.STAKEHOLDERS:
        needed = 1 if any(item.matter_id for item in page.agenda) else 0
        return SeatLine(label=seat_rules.STAKEHOLDERS_LABEL.in_language(language), filled=filled, needed=needed)
    rule = page.template.rule_for(chosen)
    return SeatLine(
        label=page.template.seat_label(chosen).in_language(language),
        filled=filled,
        needed=rule.minimum if rule is not None else 0,
    )


@register.filter
def tally_of(tally: PositionTally, position: str) -> int:
    """The number of visible posts taking a position."""
    return tally.count(Position(position))


@register.filter
def percent_of(count: int, total: int) -> int:
    """A whole-number share for the width of a tally bar."""
    return (count * 100 // total) if total else 0
