"""Template filters of public disclosure."""

from django import template
from django.utils.safestring import SafeString

from yishi.disclosure.rendering import render_body

register = template.Library()


@register.filter
def notice_body(text: str) -> SafeString:
    """A notice body rendered from its limited markup, safely."""
    return render_body(text)
