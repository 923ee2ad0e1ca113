"""Rules of the place tree: which kind may stand under which, and the materialized path."""

from enum import StrEnum


class PlaceKind(StrEnum):
    """The levels of the four-level deliberation system, down to the dwelling."""

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    COMPOUND = "compound"
    BUILDING = "building"
    UNIT = "unit"


ORDER: tuple[PlaceKind, ...] = tuple(PlaceKind)

# A child is normally one level below its parent; a small village may hang units straight under
# a community or a building straight under a community, so skipping levels downward is allowed.
ALLOWED_PARENTS: dict[PlaceKind, frozenset[PlaceKind | None]] = {
    PlaceKind.DISTRICT: frozenset({None}),
    PlaceKind.STREET: frozenset({PlaceKind.DISTRICT}),
    PlaceKind.COMMUNITY: frozenset({PlaceKind.STREET}),
    PlaceKind.COMPOUND: frozenset({PlaceKind.COMMUNITY}),
    PlaceKind.BUILDING: frozenset({PlaceKind.COMPOUND, PlaceKind.COMMUNITY}),
    PlaceKind.UNIT: frozenset({PlaceKind.BUILDING, PlaceKind.COMPOUND, PlaceKind.COMMUNITY}),
}

SEPARATOR = "/"


def may_stand_under(*, child: PlaceKind, parent: PlaceKind | None) -> bool:
    """Whether a place of kind `child` may have a parent of kind `parent` (None: a root)."""
    return parent in ALLOWED_PARENTS[child]


def child_path(*, parent_path: str, node_id: int) -> str:
    """The materialized path of a node: its ancestors' ids then its own, each followed by '/'."""
    return f"{parent_path}{node_id}{SEPARATOR}"


def subtree_bounds(path: str) -> tuple[str, str]:
    """The half-open string range [low, high) holding `path` and every path below it.

    Paths are digits and '/', and '0' follows '/' in code-point order, so replacing the trailing
    '/' by '0' gives the first string that no longer starts with `path`. A range scan on a plain
    B-tree index serves it on SQLite and PostgreSQL alike (LIKE 'x%' is not always indexable).
    """
    if not path.endswith(SEPARATOR):
        raise ValueError("A materialized path ends with the separator.")
    return path, path[:-1] + chr(ord(SEPARATOR) + 1)


def is_within(*, path: str, ancestor_path: str) -> bool:
    """Whether `path` is `ancestor_path` or below it."""
    return path.startswith(ancestor_path)


def would_create_cycle(*, node_path: str, new_parent_path: str) -> bool:
    """Whether moving the node under the new parent would put it below itself."""
    return new_parent_path.startswith(node_path)
