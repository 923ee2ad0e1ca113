"""Writing the audit record. Every action in every app ends by calling `record_audit`."""

import datetime
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

from yishi.audit.models import AuditRecord, Channel

if TYPE_CHECKING:
    from yishi.accounts.models import User
    from yishi.places.models import Place


@dataclass(frozen=True, kw_only=True)
class Actor:
    """Who acts: the signed-in user, in which role, at which place; None user means the system."""

    user: "User | None"
    acting_role: str = ""
    channel: str = Channel.ONLINE

    @property
    def name(self) -> str:
        if self.user is None:
            return "system"
        return self.user.display_name

    @classmethod
    def system(cls) -> "Actor":
        return cls(user=None, acting_role="system", channel=Channel.SYSTEM)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return "<binary>"
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of the named fields, JSON-safe, for a before/after diff."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [before, after]}."""
    keys = set(before) | set(after)
    return {key: [before.get(key), after.get(key)] for key in sorted(keys) if before.get(key) != after.get(key)}


def record_audit(
    *,
    actor: Actor,
    verb: str,
    target: models.Model,
    place: "Place | None" = None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditRecord:
    """Append one audit record for an act on `target`."""
    return AuditRecord.objects.create(
        actor=actor.user,
        actor_name=actor.name[:100],
        acting_role=actor.acting_role[:40],
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        place=place,
        channel=actor.channel,
        changes=dict(changes or {}),
        note=note,
    )
