"""Settings of public disclosure, read from Django settings or the environment."""

from django.conf import settings

from yishi.disclosure.domain.kinds import SHANDONG_MINIMUM_POSTING_DAYS
from yishi.environment import env_int


def minimum_posting_days() -> int:
    """Days every notice stays posted at least; 5 by default (山东省村务公开条例第十三条)."""
    configured = getattr(settings, "DISCLOSURE_MIN_POSTING_DAYS", None)
    if configured is not None:
        return int(configured)
    return env_int("YISHI_DISCLOSURE_MIN_POSTING_DAYS", default=SHANDONG_MINIMUM_POSTING_DAYS)
