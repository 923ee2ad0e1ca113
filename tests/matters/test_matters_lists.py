"""The triage queue, the public list and the street list: order, filters, and a pinned number of queries."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.fixtures import Cast, World
from tests.matters.builders import bulk_matters, category, raise_for, triage
from yishi.matters import queries
from yishi.matters.models import Matter, MatterStatus, TriageRecord
from yishi.places.models import Place


def _queue_titles(client: Client, **params: Any) -> list[str]:
    response = client.get("/matters/queue/", params)
    assert response.status_code == 200
    return [matter.title for matter in response.context["matters"]]


def test_untriaged_first_then_overdue_then_by_due_date(cast: Cast, world: World, client: Client) -> None:
    on_time = raise_for(cast.resident, world.compound, title="按时的微事")
    overdue = raise_for(cast.resident, world.compound, title="超期的微事")
    triage(cast, on_time, "micro")
    triage(cast, overdue, "micro")
    Matter.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    raise_for(cast.resident, world.compound, title="新提出的议题")
    client.force_login(cast.director)
    assert _queue_titles(client) == ["新提出的议题", "超期的微事", "按时的微事"]
    page = client.get("/matters/queue/").content.decode()
    assert "已超期" in page
    assert _queue_titles(client, status="overdue") == ["超期的微事"]
    assert _queue_titles(client, status="untriaged") == ["新提出的议题"]
    assert _queue_titles(client, **{"class": "micro"}) == ["超期的微事", "按时的微事"]
    assert _queue_titles(client, q="新提出") == ["新提出的议题"]


def test_the_queue_filters_by_compound_and_only_shows_the_users_communities(
    cast: Cast, world: World, client: Client
) -> None:
    from tests.factories import make_place

    other_compound = make_place("compound", "幸福二村", world.community)
    raise_for(cast.resident, world.compound, title="阳光小区的事")
    raise_for(cast.resident, other_compound, title="幸福二村的事")
    raise_for(cast.villager, world.village_group, title="村里的事")
    client.force_login(cast.director)
    assert sorted(_queue_titles(client)) == ["幸福二村的事", "阳光小区的事"]
    assert _queue_titles(client, community=world.community.pk, compound=other_compound.pk) == ["幸福二村的事"]


def test_the_queue_offers_to_publish_waiting_results(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro", publish=False)
    client.force_login(cast.secretary)
    page = client.get("/matters/queue/").content.decode()
    assert "有 1 条分流结果尚未在公开栏公布。" in page
    assert "尚未公开" in page
    response = client.post(f"/matters/c/{world.community.pk}/publish-triage/")
    assert response.status_code == 302
    assert not TriageRecord.objects.filter(notice__isnull=True).exists()
    again = client.post(f"/matters/c/{world.community.pk}/publish-triage/", follow=True)
    assert "本社区的分流结果均已公开。" in again.content.decode()


def _count_queries(django_assert_max_num_queries: Any, client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _grow(world: World, count: int) -> None:
    matters = bulk_matters(world, count)
    now = timezone.now()
    for index, matter in enumerate(matters):
        if index % 2:
            matter.status = MatterStatus.TRIAGED
            matter.triage_class = "micro"
            matter.responsible_level = "compound"
            matter.responsible_place = world.compound
            matter.triaged_at = now
            matter.due_on = timezone.localdate() - datetime.timedelta(days=index % 3)
    Matter.objects.bulk_update(
        matters, ["status", "triage_class", "responsible_level", "responsible_place", "triaged_at", "due_on"]
    )
    TriageRecord.objects.bulk_create(
        TriageRecord(
            matter=matter,
            community=world.community,
            triaged_by_name="李主任",
            triage_class="micro",
            scope="single_compound",
            responsible_level="compound",
            responsible_place=world.compound,
        )
        for matter in matters
        if matter.triage_class
    )


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("director", "/matters/queue/"),
        ("director", "/matters/queue/?status=all&class=micro"),
        (None, "/matters/c/{community}/"),
        (None, "/matters/c/{community}/?status=all"),
    ],
)
def test_list_pages_cost_the_same_queries_for_3_or_60_matters(
    cast: Cast, world: World, client: Client, who: str | None, url: str, django_assert_max_num_queries: Any
) -> None:
    if who:
        client.force_login(getattr(cast, who))
    target = url.format(community=world.community.pk)
    _grow(world, 3)
    few = _count_queries(django_assert_max_num_queries, client, target)
    _grow(world, 57)
    many = _count_queries(django_assert_max_num_queries, client, target)
    assert few == many
    # Pinned: session and user, roles, the page's own reads; a change here is a change worth reviewing.
    assert many == (10 if who else 4)


def test_the_street_list_costs_the_same_queries(cast: Cast, world: World, client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.street_officer)
    counts = []
    for _ in range(2):
        for matter in bulk_matters(world, 5):
            Matter.objects.filter(pk=matter.pk).update(
                status=MatterStatus.REFERRED,
                triage_class="big",
                responsible_level="street",
                responsible_place=world.street,
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/matters/street/?status=all").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_public_list_filters(cast: Cast, world: World, client: Client) -> None:
    open_matter = raise_for(cast.resident, world.compound, title="办理中的议题")
    declined = raise_for(cast.resident, world.compound, title="不予受理的议题", category=category("neighbours"))
    triage(cast, declined, "declined", reason="属于民事纠纷。")
    assert open_matter.pk

    def titles(**params: str) -> list[str]:
        response = client.get(f"/matters/c/{world.community.pk}/", params)
        return [matter.title for matter in response.context["page"]]

    assert titles() == ["办理中的议题"]
    assert titles(status="finished") == ["不予受理的议题"]
    assert titles(status="all") == ["不予受理的议题", "办理中的议题"]
    assert titles(status="all", **{"class": "declined"}) == ["不予受理的议题"]
    partial = client.get(f"/matters/c/{world.community.pk}/", {"status": "all"}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in partial.content.decode()


def test_the_public_list_of_an_unknown_place_is_404(client: Client, world: World) -> None:
    assert client.get(f"/matters/c/{world.compound.pk}/").status_code == 404
    assert client.get("/matters/c/999999/").status_code == 404


def test_my_matters_and_the_community_page_section(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound)
    community_page = Client().get(f"/c/{world.community.pk}/").content.decode()
    assert "居民提出的议题" in community_page and matter.title in community_page
    client.force_login(cast.resident)
    index = client.get("/matters/").content.decode()
    assert matter.title in index
    assert "我要提议题" in index


def test_queries_list_only_the_place_choices_of_the_community(world: World) -> None:
    labels = dict(queries.place_choices(world.community))
    assert labels[world.community.pk] == "幸福社区"
    assert labels[world.building.pk] == "阳光小区 · 1号楼"
    assert world.units[0].pk not in labels
    assert all(Place.objects.get(pk=pk).path.startswith(world.community.path) for pk in labels)
