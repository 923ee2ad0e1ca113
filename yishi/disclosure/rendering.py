"""Notice bodies as HTML: the limited markup parsed in the domain, every piece of text escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from yishi.disclosure.domain.markup import BlockKind, Line, parse


def _line(line: Line) -> str:
    return "".join(f"<strong>{escape(span.text)}</strong>" if span.strong else escape(span.text) for span in line)


def render_body(text: str) -> SafeString:
    """Paragraphs with line breaks, bulleted and numbered lists, bold; nothing the writer types becomes a tag."""
    parts: list[str] = []
    for block in parse(text or ""):
        if block.kind == BlockKind.PARAGRAPH:
            parts.append("<p>" + "<br>".join(_line(line) for line in block.lines) + "</p>")
        else:
            tag = "ul" if block.kind == BlockKind.BULLETS else "ol"
            parts.append(f"<{tag}>" + "".join(f"<li>{_line(line)}</li>" for line in block.lines) + f"</{tag}>")
    return mark_safe("\n".join(parts))  # noqa: S308
