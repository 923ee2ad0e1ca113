"""Freezing an owners' roll of 100,000 units, against writing the same roll rows without computing them.

The compound has 100,000 units in 200 buildings. Owners as in a real estate: most own one unit, one in ten
owns two (YZ-7: counted once, areas summed), a fifth of the units are co-owned by two people (YZ-8: one head,
both may cast), and 2 % are the developer's unsold units (YZ-7: one head together). Areas are in hundredths.

Candidate: `roll.compute_roll` (read the units and their owners, the domain's `owners.build_roll`) and
`roll.freeze_roll` (bulk insert of the entries and of who may cast each) — what opening an owners' vote does.
Baseline: `bulk_create` of the same number of roll entries, already computed, with their voters — the bare
write. Each call runs in a transaction that is rolled back, so every round freezes the same roll afresh.
"""

import datetime
import random
from decimal import Decimal

import common

UNITS = 100_000
BUILDINGS = 200


def build(units: int, rng: random.Random) -> tuple[object, object]:
    from django.db import connection, transaction
    from django.utils import timezone

    from yishi.accounts.models import User
    from yishi.audit.actions import Actor
    from yishi.decisions import actions
    from yishi.people.models import Ownership, Person, RoleAssignment
    from yishi.places.domain.tree import child_path
    from yishi.places.models import Place

    def place(parent: Place | None, kind: str, name: str, **extra: object) -> Place:
        node = Place.objects.create(
            kind=kind, name=name, parent=parent, depth=parent.depth + 1 if parent else 0, path=f"tmp-{name}", **extra
        )
        node.path = child_path(parent_path=parent.path if parent else "/", node_id=node.pk)
        node.save(update_fields=["path"])
        return node

    with transaction.atomic():
        district = place(None, "district", "示范区")
        street = place(district, "street", "东湖街道")
        community = place(street, "community", "幸福社区")
        compound = place(community, "compound", "大型商品房小区", compound_type="commercial")
        per_building = units // BUILDINGS
        for number in range(BUILDINGS):
            building = place(compound, "building", f"{number + 1}号楼")
            Place.objects.bulk_create(
                [
                    Place(
                        kind="unit",
                        name=f"{floor + 1}{room:02d}",
                        parent=building,
                        depth=building.depth + 1,
                        path=f"tmp-{building.pk}-{floor}-{room}",
                        exclusive_area=Decimal(rng.randint(4500, 16000)) / 100,
                        area_source=rng.choice(["register", "register", "register", "surveyed"]),
                    )
                    for floor in range(per_building // 4)
                    for room in range(1, 5)
                ],
                batch_size=2000,
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE places_place SET path = %s || CAST(id AS TEXT) || '/' WHERE parent_id = %s",
                    [building.path, building.pk],
                )
        unit_ids = list(Place.objects.filter(kind="unit").order_by("path").values_list("id", flat=True))
        people = Person.objects.bulk_create(
            [
                Person(name=f"业主{index:06d}", birth_date=datetime.date(1970, 1, 1))
                for index in range(len(unit_ids) * 13 // 10)
            ],
            batch_size=2000,
        )
        ownerships: list[Ownership] = []
        owner = 0
        index = 0
        while index < len(unit_ids):
            roll = rng.random()
            if roll < 0.02:
                ownerships.append(
                    Ownership(unit_id=unit_ids[index], organisation_name="开发商", is_developer_unsold=True)
                )
                index += 1
                continue
            first = people[owner]
            owner += 1
            units_here = [unit_ids[index]] + (
                [unit_ids[index + 1]] if roll < 0.12 and index + 1 < len(unit_ids) else []
            )
            for unit in units_here:
                ownerships.append(Ownership(unit_id=unit, owner=first))
                if rng.random() < 0.2:
                    ownerships.append(Ownership(unit_id=unit, owner=people[owner]))
                    owner += 1
            index += len(units_here)
        Ownership.objects.bulk_create(ownerships, batch_size=2000)
        director = Person.objects.create(name="李主任", home=community)
        RoleAssignment.objects.create(
            person=director, role="committee_member", place=community, starts_on=datetime.date(2020, 1, 1)
        )
        user = User.objects.create_user(username="bench-director", password=None, person=director)
        now = timezone.now()
        vote = actions.create_vote(
            actor=Actor(user=user, acting_role="committee_member"),
            draft=actions.VoteDraft(
                title="筹集维修资金",
                question="是否同意筹集维修资金？",
                place=compound,
                basis="owners",
                opens_at=now,
                closes_at=now + datetime.timedelta(days=15),
                settings=actions.VoteSettings(owners_matter="raise_maintenance_fund"),
            ),
        )
    return vote, compound


def main() -> None:
    args = common.arguments("Freezing an owners' roll of 100,000 units against writing the same rows.")
    units = 8_000 if args.quick else UNITS
    with common.scratch_django(args.database):
        from django.db import transaction
        from django.utils import timezone

        from yishi.decisions import roll
        from yishi.decisions.models import RollEntry, RollVoter

        vote, _compound = build(units, random.Random(20260701))
        day = timezone.localdate()
        computed = roll.compute_roll(vote, on=day)

        def freeze() -> None:
            with transaction.atomic():
                roll.freeze_roll(vote, roll.compute_roll(vote, on=day))
                transaction.set_rollback(True)

        def bare_write() -> None:
            with transaction.atomic():
                entries = RollEntry.objects.bulk_create(
                    [
                        RollEntry(
                            vote=vote,
                            number=number,
                            kind=item.kind,
                            person_id=item.person_id,
                            name=item.name,
                            unit_label=item.unit_label,
                            area=item.area,
                            unit_ids=item.unit_ids,
                        )
                        for number, item in enumerate(computed.entries, start=1)
                    ],
                    batch_size=roll.BATCH_SIZE,
                )
                RollVoter.objects.bulk_create(
                    [
                        RollVoter(vote=vote, entry=entry, person_id=person, capacity=capacity)
                        for entry, item in zip(entries, computed.entries, strict=True)
                        for person, capacity in item.voters
                    ],
                    batch_size=roll.BATCH_SIZE,
                )
                transaction.set_rollback(True)

        result = common.compare(
            "bulk write of the computed roll", bare_write, "compute and freeze", freeze, rounds=args.rounds
        )
        voters = sum(len(item.voters) for item in computed.entries)
        common.report(
            "votes_roll",
            args.database,
            [result],
            notes={
                "roll": f"{computed.units:,} units → {computed.size:,} owners on the head count, {voters:,} people "
                f"who may cast, total area {computed.total_area} m²",
            },
        )


if __name__ == "__main__":
    main()
