"""Errors that actions raise: a stable code and a translated message, never a 500 page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ActionError(Exception):
    """An action refused its input; nothing was written."""

    status = 400

    def __init__(self, message: str | Promise, *, code: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": str(self.message), "field": self.field}


class NotPermitted(ActionError):
    """The actor may not do this here, now."""

    status = 403

    def __init__(self, message: str | Promise | None = None, *, code: str = "not_permitted") -> None:
        super().__init__(message or _("You are not permitted to do this here."), code=code)


class NotFound(ActionError):
    status = 404

    def __init__(self, message: str | Promise | None = None, *, code: str = "not_found") -> None:
        super().__init__(message or _("Not found."), code=code)
