"""Counting 1,000,000 owners' ballots under the double majority, against a bare GROUP BY over the same table.

One owners' vote (筹集维修资金, YZ-4) with a roll of 1,000,000 owners and 950,000 named ballots (70 % agree,
15 % disagree, 8 % abstain, 2 % spoiled). The rows are generated in SQL.

Candidate: what counting does before it stores the result — `tally.count_ballots` (one GROUP BY over the
ballots with COUNT and SUM of the area in hundredths, after reading the vote's options), `tally.build_case`
and the domain's `evaluate_case` (YZ-2, YZ-4, the explanation in two languages).
Baseline: `SELECT option_id, COUNT(*) FROM decisions_ballot WHERE vote_id = %s GROUP BY option_id`; and, to see
what is left once the area is summed too, the same with `SUM(area_hundredths)`.
"""

import datetime
from decimal import Decimal

import common

ROLL = 1_000_000


def build(size: int) -> object:
    from django.db import connection, transaction
    from django.utils import timezone

    from yishi.accounts.models import User
    from yishi.audit.actions import Actor
    from yishi.decisions import actions
    from yishi.decisions.models import Vote, VoteOption
    from yishi.people.models import Person, RoleAssignment
    from yishi.places.domain.tree import child_path
    from yishi.places.models import Place

    def place(parent: Place | None, kind: str, name: str) -> Place:
        node = Place.objects.create(
            kind=kind, name=name, parent=parent, depth=parent.depth + 1 if parent else 0, path=f"tmp-{name}"
        )
        node.path = child_path(parent_path=parent.path if parent else "/", node_id=node.pk)
        node.save(update_fields=["path"])
        return node

    with transaction.atomic():
        street = place(place(None, "district", "示范区"), "street", "东湖街道")
        community = place(street, "community", "幸福社区")
        compound = place(community, "compound", "大型小区")
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
        options = dict(VoteOption.objects.filter(vote=vote).values_list("kind", "id"))
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            numbers = "generate_series(1, %s) AS seq(x)" if postgres else "seq"
            prefix = (
                "" if postgres else "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < %s) "
            )
            empty = "CAST('[]' AS jsonb)" if postgres else "'[]'"
            cursor.execute(
                f"{prefix}INSERT INTO decisions_rollentry (vote_id, number, kind, name, unit_label, area, unit_ids) "
                f"SELECT %s, x, 'owner', 'owner ' || x, '', 50 + (x %% 10000) / 100.0, {empty} FROM {numbers}",
                [size, vote.pk] if not postgres else [vote.pk, size],
            )
            cursor.execute(
                "INSERT INTO decisions_ballot (vote_id, entry_id, option_id, area_hundredths, channel, capacity, "
                "paper_reference, witness, revision, cast_at) "
                "SELECT vote_id, id, CASE WHEN number %% 100 < 70 THEN %s WHEN number %% 100 < 85 THEN %s "
                "WHEN number %% 100 < 93 THEN %s WHEN number %% 100 < 95 THEN %s END, "
                "CAST(ROUND(area * 100) AS INTEGER), 'online', '', '', '', 1, %s "
                "FROM decisions_rollentry WHERE vote_id = %s AND number %% 100 < 95",
                [options["agree"], options["disagree"], options["abstain"], options["spoiled"], now, vote.pk],
            )
            cursor.execute(
                "SELECT COUNT(*), SUM(CAST(ROUND(area * 100) AS INTEGER)) FROM decisions_rollentry WHERE vote_id = %s",
                [vote.pk],
            )
            count, hundredths = cursor.fetchone()
        Vote.objects.filter(pk=vote.pk).update(
            status="closed", roll_size=count, roll_total_area=Decimal(hundredths) / 100, roll_units=count
        )
    if postgres:
        # As autovacuum would after a day of voting: statistics, and the visibility map that lets the
        # tally read the covering index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE decisions_ballot")
    return Vote.objects.get(pk=vote.pk)


def main() -> None:
    args = common.arguments("Counting 1,000,000 owners' ballots under the double majority against a bare GROUP BY.")
    size = 50_000 if args.quick else ROLL
    with common.scratch_django(args.database):
        from django.db import connection

        from yishi.decisions import tally
        from yishi.decisions.models import Ballot

        vote = build(size)

        def bare() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT option_id, COUNT(*) FROM decisions_ballot WHERE vote_id = %s GROUP BY option_id", [vote.pk]
                )
                cursor.fetchall()

        def bare_with_area() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT option_id, COUNT(*), SUM(area_hundredths) FROM decisions_ballot WHERE vote_id = %s "
                    "GROUP BY option_id",
                    [vote.pk],
                )
                cursor.fetchall()

        answer: dict[str, object] = {}

        def count() -> None:
            answer.update(tally.evaluate(tally.build_case(vote, tally.count_ballots(vote))))

        results = [
            common.compare("bare GROUP BY", bare, "count under the double majority", count, rounds=args.rounds),
            common.compare(
                "bare GROUP BY with the SUM of the area",
                bare_with_area,
                "count under the double majority",
                count,
                rounds=args.rounds,
            ),
        ]
        plan = tally.named_ballot_totals(vote).explain()
        common.report(
            "votes_tally",
            args.database,
            results,
            notes={
                "data": f"{vote.roll_size:,} owners on the roll, {Ballot.objects.filter(vote=vote).count():,} ballots",
                "explanation": answer.get("explanation", {}).get("en", []),  # type: ignore[union-attr]
                "plan of the ballots' GROUP BY": plan,
            },
        )


if __name__ == "__main__":
    main()
