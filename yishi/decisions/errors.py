"""The rules core's refusals as ActionErrors, in the language of the current request."""

from django.utils.translation import get_language

from yishi.audit.errors import ActionError
from yishi.decisions.domain.errors import DomainError
from yishi.decisions.domain.texts import Language


def current_language() -> Language:
    """The rules core's language for the active Django language (Chinese unless English is asked for)."""
    return Language.EN if (get_language() or "").startswith("en") else Language.ZH_HANS


def domain_refusal(error: DomainError, *, field: str | None = None) -> ActionError:
    """A DomainError as an ActionError: the domain's bilingual message, its stable code, the field."""
    return ActionError(error.message.get(current_language()), code=error.code.value, field=field or error.field)
