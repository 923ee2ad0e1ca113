"""What awaits a signed-in person: each app contributes items to "my home" through this registry."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True, kw_only=True)
class AwaitingItem:
    """One thing a person should look at: a ballot to cast, a matter to triage, an evaluation to give."""

    title: str | Promise
    url: str
    kind: str | Promise
    due: str = ""


Provider = Callable[[Any], list[AwaitingItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider; apps call this from AppConfig.ready()."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def awaiting_for(user: Any) -> list[AwaitingItem]:
    """Everything the registered providers say awaits the user."""
    items: list[AwaitingItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return items
