"""Small filters for the election pages."""

from typing import Any

from django import template

from yishi.decisions.domain.explain import Explained
from yishi.elections import rules

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, or an empty string."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def post_label(post: str) -> str:
    return rules.post_label(post)


@register.filter
def lines_of(outcome: Explained | None) -> list[rules.Line]:
    """An outcome's explanation in the page's language."""
    return rules.lines(outcome) if outcome is not None else []


@register.filter
def contains(collection: Any, item: Any) -> bool:
    try:
        return item in collection
    except TypeError:
        return False
