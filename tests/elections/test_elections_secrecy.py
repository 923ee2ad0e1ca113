"""The secret ballot (CW-12) against a database dump: nothing links a register row to a ballot row.

Ballots are cast in a known order; after the close the box is dumped in physical order (SQLite `rowid`,
PostgreSQL `ctid`, as a dump would read it) and no column, key, ordering or timestamp may correlate the
register (who voted, in which order) with the ballots (what was chosen).
"""

import uuid

from django.db import connection

from tests.elections.conftest import Scene, online, option_ids, registration_of, staff
from tests.fixtures import Cast
from yishi.elections import actions
from yishi.elections.models import Ballot, BallotMark, RegisterMark


def _physical(table: str) -> list[tuple]:
    """All rows of a table in the order they lie on disk, with their column names."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'SELECT ctid, * FROM "{table}" ORDER BY ctid')  # noqa: S608 - fixed table names
        else:
            cursor.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid')  # noqa: S608 - fixed table names
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]  # type: ignore[misc]


def _columns(model: type) -> dict[str, str]:
    return {field.column: field.get_internal_type() for field in model._meta.concrete_fields}


def test_a_dump_of_a_finished_election_links_no_voter_to_a_choice(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=16, seats={"chair": 1, "member": 2}, candidates={"chair": 3, "member": 3})
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    chair = list(option_ids(round_, "chair").values())
    # Voter k (in casting order) marks chair option k % 3: the casting order is known and recorded here.
    cast_order: list[tuple[int, int]] = []
    receipts: list[str] = []
    for index in range(15):
        choice = chair[index % 3]
        receipts.append(
            actions.cast_online(actor=online(scene.user(index)), round_=round_, choices={"chair": [choice]})
        )
        cast_order.append((registration_of(scene, index).pk, choice))
    before_keys = [str(key) for key in Ballot.objects.filter(round=round_).values_list("pk", flat=True)]
    actions.close_round(actor=head, round_=round_)
    actions.count_round(actor=head, round_=round_)

    # 1. No column of the ballot tables names a voter, a person, a user or a time.
    for model in (Ballot, BallotMark):
        columns = _columns(model)
        assert not any(kind in {"DateTimeField", "DateField", "TimeField"} for kind in columns.values()), columns
        assert not {"registration_id", "person_id", "voter_id", "user_id", "created_at", "cast_at"} & set(columns)
    # The register keeps the day only, never a time of day, and no ballot.
    register_columns = _columns(RegisterMark)
    assert register_columns["voted_on"] == "DateField"
    assert not any(kind in {"DateTimeField", "TimeField"} for kind in register_columns.values())
    assert not any("ballot" in column for column in register_columns)

    register = _physical(RegisterMark._meta.db_table)
    ballots = _physical(Ballot._meta.db_table)
    marks = _physical(BallotMark._meta.db_table)
    assert len(register) == len(ballots) == 15
    # 2. Keys: fresh random uuid4 values after the mix, none of the keys the ballots had while voting was open.
    after_keys = [str(uuid.UUID(str(row["id"]))) for row in ballots]
    assert not set(after_keys) & {str(uuid.UUID(key)) for key in before_keys}
    assert all(uuid.UUID(key).version == 4 for key in after_keys)
    # 3. Physical order: the ballots on disk are not in casting order (chance 1 / 15! if they were shuffled).
    receipt_column = Ballot._meta.get_field("receipt").column
    assert [row[receipt_column] for row in ballots] != receipts
    # Neither do the marks on disk follow the casting order of the choices they carry.
    option_column = BallotMark._meta.get_field("option").column
    assert [row[option_column] for row in marks] != [choice for _voter, choice in cast_order]
    # 4. The key order carries nothing either: sorting ballots by key does not give back the casting order.
    by_key = sorted(ballots, key=lambda row: str(row["id"]))
    assert [row[receipt_column] for row in by_key] != receipts
    # 5. No value in a ballot row equals a value in a register row, apart from the round they share.
    register_values = {
        str(value) for row in register for name, value in row.items() if name not in {"round_id", "rowid", "ctid"}
    }
    for row in ballots:
        for name, value in row.items():
            if name in {"round_id", "rowid", "ctid"}:
                continue
            assert str(value) not in register_values or name == "rowid", (name, value)
    # 6. The register says who voted and on which day only: every mark carries the voting day and nothing finer.
    assert {str(row["voted_on"])[:10] for row in register} == {round_.voting_day.isoformat()}
    assert all(len(str(row["voted_on"])) == 10 for row in register)


def test_pragma_secure_delete_is_on_for_sqlite(db: None) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
