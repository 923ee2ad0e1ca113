"""The limited markup of notice bodies: paragraphs, line breaks, bulleted and numbered lists, **bold**.

Parsing yields plain data; the web layer escapes every piece of text when it renders, so no markup a
writer types can become HTML.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

_BULLET = re.compile(r"^\s*[-*•·]\s+")
_NUMBERED = re.compile(r"^\s*\d{1,3}\s*[.、)）]\s*")
_STRONG = re.compile(r"\*\*(.+?)\*\*")


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLETS = "bullets"
    NUMBERED = "numbered"


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Block:
    """A paragraph (its lines) or a list (its items); each line is a run of spans."""

    kind: BlockKind
    lines: tuple[Line, ...]


def parse_inline(text: str) -> Line:
    """Split a line into plain and **strong** spans."""
    spans: list[Span] = []
    cursor = 0
    for match in _STRONG.finditer(text):
        if match.start() > cursor:
            spans.append(Span(text[cursor : match.start()]))
        spans.append(Span(match.group(1), strong=True))
        cursor = match.end()
    if cursor < len(text):
        spans.append(Span(text[cursor:]))
    return tuple(spans)


def _chunks(text: str) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw.strip():
            chunks[-1].append(raw.rstrip())
        elif chunks[-1]:
            chunks.append([])
    return [chunk for chunk in chunks if chunk]


def parse(text: str) -> tuple[Block, ...]:
    """The blocks of a notice body; a chunk is a list only when every line of it is a list item."""
    blocks: list[Block] = []
    for chunk in _chunks(text):
        if all(_BULLET.match(line) for line in chunk):
            blocks.append(Block(BlockKind.BULLETS, tuple(parse_inline(_BULLET.sub("", line)) for line in chunk)))
        elif len(chunk) > 1 and all(_NUMBERED.match(line) for line in chunk):
            blocks.append(Block(BlockKind.NUMBERED, tuple(parse_inline(_NUMBERED.sub("", line)) for line in chunk)))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, tuple(parse_inline(line.strip()) for line in chunk)))
    return tuple(blocks)
