"""Links to the next step that a higher app offers: deliberation sits below decisions in the import layers, so the
decisions app registers its "open a decision for this matter" page here instead of being imported.

    # yishi/decisions/hooks.py, from AppConfig.ready(): the matter's vote, or the page drafting one
    from yishi.deliberation.links import register_decision_opener
    register_decision_opener(lambda matter: reverse("decisions:new") + f"?matter={matter.pk}")

The outcome page shows the link to staff when an approved outcome goes to a vote.
"""

from collections.abc import Callable
from typing import Any

DecisionOpener = Callable[[Any], str | None]
_openers: list[DecisionOpener] = []


def register_decision_opener(opener: DecisionOpener) -> DecisionOpener:
    """Add a function that gives the URL of the page opening a decision for a matter (or None)."""
    if opener not in _openers:
        _openers.append(opener)
    return opener


def unregister_decision_opener(opener: DecisionOpener) -> None:
    """Remove an opener (tests register their own)."""
    _openers[:] = [item for item in _openers if item is not opener]


def decision_link(matter: Any) -> str | None:
    """The first URL a registered opener gives for the matter; None when no app offers one."""
    for opener in _openers:
        url = opener(matter)
        if url:
            return url
    return None
