"""The triage queue, a community's public list of matters and its public board, against a trivial view, at 1,000
and 50,000 matters.

The district has 40 communities; a fifth of all matters belong to the community measured (so at 50,000 it
holds 10,000, far more than any real community), the rest are spread over the others. Statuses follow the
demo's mix: some new, a third triaged and awaiting a response (some overdue), the rest finished. Each page
is requested through Django's test client, signed in as a committee member for the queue and anonymous
for the public list and the board, beside a view that only returns "ok" — the floor of any request in the same
process. The board holds one published notice for every two matters (triage results, outcomes, decisions,
accounts), in the same proportion per community, a third of them past their posting period (the archive).

Reported: the time of each page as a multiple of the trivial view at both sizes, and the query plans of
the queue's and the public list's page queries at 50,000.
"""

import datetime
import random

import common

COMMUNITIES = 40
BUSY_SHARE = 5  # one matter in five belongs to the community measured


def build_places() -> dict[str, object]:
    from django.db import transaction

    from yishi.places.domain.tree import child_path
    from yishi.places.models import Place

    def place(parent: Place | None, kind: str, name: str) -> Place:
        node = Place.objects.create(
            kind=kind,
            name=name,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            path=f"tmp-{kind}-{name}-{parent.pk if parent else 0}",
        )
        node.path = child_path(parent_path=parent.path if parent else "/", node_id=node.pk)
        node.save(update_fields=["path"])
        return node

    with transaction.atomic():
        district = place(None, "district", "示范区")
        street = place(district, "street", "东湖街道")
        communities = []
        for number in range(COMMUNITIES):
            community = place(street, "community", f"社区{number + 1}")
            compounds = [place(community, "compound", f"小区{letter}") for letter in "ABC"]
            buildings = [place(compound, "building", f"{floor}号楼") for compound in compounds for floor in (1, 2, 3)]
            communities.append({"community": community, "places": [community, *compounds, *buildings]})
    return {"street": street, "communities": communities}


def committee_member(community: object) -> object:
    from yishi.accounts.models import User
    from yishi.people.models import Person, RoleAssignment

    person = Person.objects.create(name="李主任", home=community)
    RoleAssignment.objects.create(
        person=person, role="committee_member", place=community, starts_on=datetime.date(2020, 1, 1)
    )
    return User.objects.create_user(username="bench-director", password=None, person=person)


def add_matters(layout: dict[str, object], count: int, rng: random.Random, start: int) -> None:
    """Write `count` matters (and a triage record for each triaged one) with bulk_create."""
    from django.db import transaction
    from django.utils import timezone

    from yishi.matters.domain.service_levels import due_date
    from yishi.matters.domain.triage import TriageClass
    from yishi.matters.models import Category, Matter, MatterStatus, TriageRecord

    categories = list(Category.objects.all())
    communities = layout["communities"]
    assert isinstance(communities, list)
    busy = communities[0]
    now = timezone.now()
    finished = [MatterStatus.CLOSED, MatterStatus.ANSWERED_DIRECTLY, MatterStatus.DECLINED, MatterStatus.REPLIED]
    with transaction.atomic():
        for offset in range(0, count, 2000):
            rows = []
            for number in range(start + offset, start + min(offset + 2000, count)):
                target = busy if number % BUSY_SHARE == 0 else rng.choice(communities[1:])
                place = rng.choice(target["places"])
                compound = place if place.kind == "compound" else (place.parent if place.kind == "building" else None)
                created = now - datetime.timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1439))
                draw = rng.random()
                matter = Matter(
                    title=f"第{number}号 小区门口停车乱",
                    description="描述",
                    place=place,
                    community=target["community"],
                    compound=compound,
                    category=rng.choice(categories),
                    created_at=created,
                )
                if draw >= 0.1:
                    triage_class = rng.choice([TriageClass.MICRO, TriageClass.SMALL])
                    triaged = created + datetime.timedelta(days=1)
                    matter.triage_class = triage_class.value
                    matter.scope = "single_compound"
                    matter.responsible_level = "compound" if triage_class is TriageClass.MICRO else "community"
                    matter.responsible_place = compound or target["community"]
                    matter.triaged_at = triaged
                    matter.due_on = due_date(triaged_at=triaged, triage_class=triage_class)
                    matter.status = MatterStatus.TRIAGED if draw < 0.4 else rng.choice(finished)
                rows.append(matter)
            made = Matter.objects.bulk_create(rows)
            TriageRecord.objects.bulk_create(
                TriageRecord(
                    matter=matter,
                    community=matter.community,
                    triaged_by_name="两委联席会议",
                    triaged_at=matter.triaged_at,
                    triage_class=matter.triage_class,
                    scope=matter.scope,
                    responsible_level=matter.responsible_level,
                    responsible_place=matter.responsible_place,
                    due_on=matter.due_on,
                )
                for matter in made
                if matter.triage_class
            )


def add_notices(layout: dict[str, object], count: int, rng: random.Random, start: int) -> None:
    """Write `count` published notices with bulk_create, a fifth of them on the community measured."""
    from django.db import transaction
    from django.utils import timezone

    from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus

    communities = layout["communities"]
    assert isinstance(communities, list)
    kinds = list(NoticeKind.values)
    now = timezone.now()
    with transaction.atomic():
        for offset in range(0, count, 2000):
            rows = []
            for number in range(start + offset, start + min(offset + 2000, count)):
                target = communities[0] if number % BUSY_SHARE == 0 else rng.choice(communities[1:])
                published = now - datetime.timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1439))
                day = published.date()
                ended = rng.random() < 1 / 3
                rows.append(
                    Notice(
                        community=target["community"],
                        place=rng.choice(target["places"]),
                        kind=rng.choice(kinds),
                        title=f"第{number}号公告 小区停车管理方案",
                        body="正文",
                        status=NoticeStatus.PUBLISHED,
                        number=f"B{number}",
                        posted_from=day,
                        posted_until=day + datetime.timedelta(days=7)
                        if ended
                        else (now + datetime.timedelta(days=30)).date(),
                        published_at=published,
                    )
                )
            Notice.objects.bulk_create(rows)


def trivial_url() -> str:
    """Mount a view that does nothing but answer, beside the project's URLs, for the baseline."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    from yishi import urls

    urls.urlpatterns.insert(0, path("bench-trivial/", lambda request: HttpResponse("ok")))
    clear_url_caches()
    return "/bench-trivial/"


def main() -> None:
    args = common.arguments("The triage queue, a community's public matter list and its board against a trivial view.")
    sizes = (200, 2_000) if args.quick else (1_000, 50_000)
    with common.scratch_django(args.database):
        from django.db import connection

        from yishi.disclosure import queries as disclosure_queries
        from yishi.matters import queries
        from yishi.people.permissions import today

        rng = random.Random(2026)
        layout = build_places()
        communities = layout["communities"]
        assert isinstance(communities, list)
        community = communities[0]["community"]
        director = common.client(committee_member(community))
        visitor = common.client()
        trivial = trivial_url()
        queue = f"/matters/queue/?community={community.pk}"
        public = f"/matters/c/{community.pk}/"
        board = f"/disclosure/c/{community.pk}/"
        results = []
        written = 0
        for size in sizes:
            add_matters(layout, size - written, rng, written)
            add_notices(layout, (size - written) // 2, rng, written // 2)
            written = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            pages = (
                ("triage queue", director, queue),
                ("public list", visitor, public),
                ("public board", visitor, board),
            )
            for name, page_client, url in pages:
                page_client.get(url)  # warm the page before it is timed
                results.append(
                    common.compare(
                        "trivial view",
                        lambda client=page_client: common.get(client, trivial),
                        f"{name} at {size:,} matters",
                        lambda client=page_client, url=url: common.get(client, url),
                        rounds=args.rounds,
                    )
                )
        queue_sql = queries.queue_order(communities=[community], queue_filter=queries.QueueFilter(), day=today())[:20]
        public_sql = queries.list_public(community=community, public_filter=queries.PublicFilter())[:20]
        board_sql = disclosure_queries.list_board(community, disclosure_queries.BoardFilter())[:20]
        common.report(
            "matters_lists",
            args.database,
            results,
            notes={
                "matters": {"total": written, "in the community measured": written // BUSY_SHARE},
                "EXPLAIN queue page": queue_sql.explain(),
                "EXPLAIN public list page": public_sql.explain(),
                "EXPLAIN board page": board_sql.explain(),
            },
        )


if __name__ == "__main__":
    main()
