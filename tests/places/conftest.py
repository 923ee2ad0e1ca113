"""Builders for the place tests."""

from yishi.audit.actions import Actor


def actor(user: object) -> Actor:
    return Actor(user=user, acting_role="committee_member")  # type: ignore[arg-type]
