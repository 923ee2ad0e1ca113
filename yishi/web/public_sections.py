"""Sections of a community's public page: each app contributes what it publishes through this registry."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class PublicSection:
    """A template rendered on the community page with its own context, in the order given."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[[Any], list[PublicSection]]
_providers: list[SectionProvider] = []


def register(provider: SectionProvider) -> SectionProvider:
    """Add a provider; apps call this from AppConfig.ready()."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(community: Any) -> list[PublicSection]:
    """The sections every registered app contributes for a community, in order."""
    sections = [section for provider in _providers for section in provider(community)]
    return sorted(sections, key=lambda section: section.order)
