"""The legal rules of elections, as applied to one election: its profile, and outcomes explained in the page's language.

The arithmetic lives in yishi.decisions.domain (elections, profiles, deadlines, committees, explain); this module
only chooses the profile, applies an election's configured thresholds where the rule allows it, and turns
outcomes and domain errors into what pages and actions need.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from yishi.audit.errors import ActionError
from yishi.decisions.domain import explain
from yishi.decisions.domain.errors import DomainError
from yishi.decisions.domain.explain import Explained
from yishi.decisions.domain.numbers import MORE_THAN_HALF, ONE_THIRD_OR_MORE, TWO_THIRDS_OR_MORE, Threshold
from yishi.decisions.domain.profiles import ElectionProfile, Electorate, ProfileKey, describe_profile, get_profile
from yishi.decisions.domain.profiles import Post as DomainPost
from yishi.decisions.domain.texts import Language
from yishi.elections.models import CommitteeKind, DistrictProfile, Election, ThresholdChoice
from yishi.places.models import Place, PlaceKind

THRESHOLDS: dict[str, Threshold] = {
    ThresholdChoice.MORE_THAN_HALF: MORE_THAN_HALF,
    ThresholdChoice.TWO_THIRDS_OR_MORE: TWO_THIRDS_OR_MORE,
    ThresholdChoice.ONE_THIRD_OR_MORE: ONE_THIRD_OR_MORE,
}
DOMAIN_POSTS = {post.value: post for post in DomainPost}


def language() -> Language:
    """The rules core's language for the active Django language."""
    current = translation.get_language() or "zh-hans"
    return Language.EN if current.lower().startswith("en") else Language.ZH_HANS


def default_profile_key(kind: str) -> ProfileKey:
    return ProfileKey.RESIDENTS_COMMITTEE if kind == CommitteeKind.RESIDENTS else ProfileKey.NATIONAL


def district_profile_key(community: Place, kind: str) -> ProfileKey:
    """The profile the community's district picked for village elections, or the default for the kind."""
    if kind == CommitteeKind.RESIDENTS:
        return ProfileKey.RESIDENTS_COMMITTEE
    district = community.ancestor_of_kind(PlaceKind.DISTRICT)
    if district is not None:
        chosen = DistrictProfile.objects.filter(district=district).values_list("profile", flat=True).first()
        if chosen:
            return ProfileKey(chosen)
    return ProfileKey.NATIONAL


def profile_key(election: Election) -> ProfileKey:
    if election.profile:
        return ProfileKey(election.profile)
    return district_profile_key(election.community, election.kind)


def electorate_fits(key: ProfileKey, kind: str) -> bool:
    """A 村委会 election takes a village profile; a 居委会 election the residents' committee profile."""
    wanted = Electorate.RESIDENTS if kind == CommitteeKind.RESIDENTS else Electorate.VILLAGE
    return get_profile(key=key).electorate is wanted


def profile_for(election: Election) -> ElectionProfile:
    """The election's profile with its own thresholds applied where the profile's rule is configurable."""
    profile = get_profile(key=profile_key(election))
    changes: dict[str, object] = {}
    if election.turnout_rule and profile.turnout.citation.configurable:
        changes["turnout"] = profile.turnout.customised(THRESHOLDS[election.turnout_rule])
    if election.winning_rule and profile.winning.citation.configurable:
        changes["winning"] = profile.winning.customised(THRESHOLDS[election.winning_rule])
    if election.proxy_cap is not None and profile.proxy_cap.citation.configurable:
        changes["proxy_cap"] = profile.proxy_cap.customised(election.proxy_cap)
    return dataclasses.replace(profile, **changes) if changes else profile  # type: ignore[arg-type]


def configurable_settings(key: ProfileKey) -> dict[str, bool]:
    """Which of the thresholds an election may set under a profile (only unconfirmed or local rules)."""
    profile = get_profile(key=key)
    return {
        "turnout_rule": profile.turnout.citation.configurable,
        "winning_rule": profile.winning.citation.configurable,
        "proxy_cap": profile.proxy_cap.citation.configurable,
    }


@dataclass(frozen=True)
class Line:
    """One sentence of an explanation, and whether it passed (None for a setting)."""

    text: str
    passed: bool | None
    unconfirmed: bool


def lines(outcome: Explained) -> list[Line]:
    """The outcome's conditions and settings as sentences in the current language."""
    lang = language()
    result = [
        Line(text=explain.render_condition(item, language=lang), passed=item.passed, unconfirmed=item.unconfirmed)
        for item in outcome.conditions
    ]
    result.extend(
        Line(text=explain.render_assumption(item, language=lang), passed=None, unconfirmed=item.unconfirmed)
        for item in outcome.assumptions
    )
    return result


def failing_text(outcome: Explained) -> str:
    """The failing conditions in one message, for a refusal."""
    lang = language()
    return "；".join(explain.render_condition(item, language=lang) for item in outcome.conditions if not item.passed)


def refuse(outcome: Explained, *, message: str, code: str, field: str | None = None) -> ActionError:
    """An ActionError that states the refusal and the failing conditions behind it."""
    detail = failing_text(outcome)
    return ActionError(f"{message} {detail}".strip(), code=code, field=field)


def domain_error(error: DomainError, *, field: str | None = None) -> ActionError:
    """A domain error in the page's language."""
    return ActionError(
        gettext("The figures cannot be right: %(detail)s") % {"detail": error.message.get(language())},
        code=f"rules_{error.code.value}",
        field=field or error.field,
    )


def profile_lines(election: Election) -> list[Line]:
    """Every parameter of the election's profile, with its citation and status, for the plan page."""
    description = describe_profile(profile=profile_for(election))
    return lines(description)


def profile_name(election: Election) -> str:
    description = describe_profile(profile=get_profile(key=profile_key(election)))
    return description.name.get(language())


def post_label(post: str) -> str:
    from yishi.elections.models import Post, label_of

    if post == "recall":
        return gettext("Recall")
    return label_of(post, Post)


def ensure_posts(posts: Sequence[str]) -> list[DomainPost]:
    return [DOMAIN_POSTS[post] for post in posts if post in DOMAIN_POSTS]
