"""Everything under one street of a district-sized place tree, against a primary-key lookup.

`Place.objects.within(street)` asks for every place whose materialized path lies in the half-open
range [path, path with its last "/" replaced by "0"): one range scan of the unique index on `path`.
The tree is the district of `seed_demo --scale district` (12 streets, 200 communities, about 1,000
compounds of every type and 7,000 buildings), with fewer floors per building: the same shape down to
the buildings, and fewer units in each.

Reported: the time of the subtree queries as a multiple of a primary-key lookup, the EXPLAIN plan
of the subtree query, and a check that the range returns exactly the places whose path starts with
the street's path (and that LIKE 'path%' returns the same set).
"""

import dataclasses
import random

import common


def build_tree(*, floors_divisor: int) -> dict[str, int]:
    """Write the district's places with bulk_create; paths are computed from pre-reserved keys."""
    from django.db import transaction

    from yishi.people import demo_data as data
    from yishi.people.management.commands.seed_demo import IdReserver
    from yishi.places.domain.tree import child_path
    from yishi.places.models import Place

    rng = random.Random(2026)
    recipe = data.district_recipe(rng)
    keys = IdReserver()
    counts = {"streets": 0, "communities": 0, "compounds": 0, "buildings": 0, "units": 0}

    def place(parent: Place | None, kind: str, name: str, **extra: object) -> Place:
        (key,) = keys.reserve(Place, 1)
        node = Place(
            id=key,
            kind=kind,
            name=name,
            parent_id=parent.pk if parent else None,
            path=child_path(parent_path=parent.path if parent else "/", node_id=key),
            depth=parent.depth + 1 if parent else 0,
            is_rural=bool(extra.pop("is_rural", False)) or bool(parent and parent.is_rural),
            **extra,
        )
        batch.append(node)
        return node

    batch: list[Place] = []
    with transaction.atomic():
        district = place(None, "district", recipe.name, code=recipe.code)
        for street_recipe in recipe.streets:
            street = place(district, "street", street_recipe.name, code=street_recipe.code)
            counts["streets"] += 1
            for community_recipe in street_recipe.communities:
                community = place(street, "community", community_recipe.name, is_rural=community_recipe.is_rural)
                counts["communities"] += 1
                for full_recipe in community_recipe.compounds:
                    compound_recipe = dataclasses.replace(
                        full_recipe, floors=max(1, full_recipe.floors // floors_divisor)
                    )
                    compound = place(
                        community, "compound", compound_recipe.name, compound_type=compound_recipe.compound_type
                    )
                    counts["compounds"] += 1
                    for building_draft in data.buildings_of(rng, compound_recipe):
                        parent = compound
                        if building_draft.name:
                            parent = place(compound, "building", building_draft.name)
                            counts["buildings"] += 1
                        for unit in building_draft.units:
                            place(
                                parent,
                                "unit",
                                unit.name,
                                exclusive_area=unit.area,
                                area_source=unit.area_source,
                            )
                            counts["units"] += 1
            Place.objects.bulk_create(batch, batch_size=2000)
            batch.clear()
    return counts


def collation_check(low: str, high: str, expected: int) -> str:
    """The range holds the right rows only if '/' sorts before the digits, as in C and ICU collations;
    count the subtree under the database's collation and under the others this server offers."""
    from django.db import connection

    lines = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        lines.append(f"database collation: {cursor.fetchone()[0]}")
        cursor.execute(
            "SELECT collname FROM pg_collation WHERE collname IN ('C', 'POSIX', 'und-x-icu', 'zh-x-icu', "
            "'en-US-x-icu', 'en_US.utf8', 'zh_CN.utf8') ORDER BY collname"
        )
        for (collation,) in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM places_place WHERE path >= %s COLLATE "{collation}" '
                f'AND path < %s COLLATE "{collation}"',
                [low, high],
            )
            found = cursor.fetchone()[0]
            lines.append(f"{collation}: {found} rows ({'right' if found == expected else 'WRONG'})")
    return "\n".join(lines)


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0])
    with common.scratch_django(args.database):
        from django.db import connection

        from yishi.places.domain.tree import subtree_bounds
        from yishi.places.models import Place

        counts = build_tree(floors_divisor=12 if args.quick else 4)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as a running database has
        total = Place.objects.count()
        streets = list(Place.objects.filter(kind="street").order_by("code"))
        street = streets[len(streets) // 2]
        unit = Place.objects.filter(kind="unit", path__gte=street.path).order_by("path").first()
        assert unit is not None
        under = Place.objects.within(street).count()

        # Correctness: the range holds exactly the paths that start with the street's path.
        every_path = list(Place.objects.values_list("path", flat=True))
        expected = sorted(path for path in every_path if path.startswith(street.path))
        assert sorted(Place.objects.within(street).values_list("path", flat=True)) == expected
        assert Place.objects.filter(path__startswith=street.path).count() == len(expected)

        def pk_lookup() -> object:
            return Place.objects.get(pk=unit.pk)

        def subtree_count() -> object:
            return Place.objects.within(street).count()

        def subtree_ids() -> object:
            return list(Place.objects.within(street).values_list("id", flat=True))

        def subtree_prefix_like() -> object:
            return Place.objects.filter(path__startswith=street.path).count()

        results = [
            common.compare("pk lookup", pk_lookup, "subtree count", subtree_count, rounds=args.rounds),
            common.compare("pk lookup", pk_lookup, "subtree ids", subtree_ids, rounds=args.rounds),
            common.compare(
                "subtree count (range)", subtree_count, "subtree count (LIKE prefix)", subtree_prefix_like,
                rounds=args.rounds,
            ),
        ]  # fmt: skip
        low, high = subtree_bounds(street.path)
        plan = Place.objects.within(street).order_by().values("id").explain()
        like_plan = Place.objects.filter(path__startswith=street.path).order_by().values("id").explain()
        notes: dict[str, object] = {}
        if connection.vendor == "postgresql":
            notes["collation"] = collation_check(low, high, len(expected))
        common.report(
            "place_subtree",
            args.database,
            results,
            notes={
                "tree": counts | {"places": total, "under the street": under},
                "query": f"path >= {low!r} AND path < {high!r}",
                "EXPLAIN subtree (range)": plan,
                "EXPLAIN subtree (LIKE prefix)": like_plan,
            }
            | notes,
        )


if __name__ == "__main__":
    main()
