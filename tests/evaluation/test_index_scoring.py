"""Framework versions, qualitative scores, roll-up and ranking with figures, pages and the permission matrix."""

import copy
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_place
from tests.fixtures import Cast, World
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.evaluation.domain.framework import FRAMEWORK_2026
from yishi.evaluation.domain.indicators import NO_DATA, Ratio
from yishi.evaluation.index_actions import record_score, save_framework
from yishi.evaluation.index_framework import framework_from_data, framework_to_data, measurement_to_data
from yishi.evaluation.index_models import FrameworkVersion, IndicatorSnapshot, QualitativeScore
from yishi.evaluation.index_queries import area_index

YEAR = 2026


def snapshot(community, share: Fraction, households: int = 10) -> IndicatorSnapshot:  # type: ignore[no-untyped-def]
    codes = [i.code for i in FRAMEWORK_2026.indicators if i.kind == "quantitative"]
    data = {code: measurement_to_data(NO_DATA) for code in codes}
    data["online_coverage"] = measurement_to_data(Ratio(numerator=share.numerator, denominator=share.denominator))
    return IndicatorSnapshot.objects.create(community=community, year=YEAR, measurements=data, households=households)


def test_framework_round_trips_through_json() -> None:
    assert framework_from_data(framework_to_data(FRAMEWORK_2026)) == FRAMEWORK_2026


def test_weights_that_do_not_sum_are_refused_with_a_translated_message(world: World, cast: Cast) -> None:
    data = framework_to_data(FRAMEWORK_2026)
    bad = copy.deepcopy(data)
    bad["dimensions"][0]["weight"] = "16"
    with pytest.raises(ActionError) as refused:
        save_framework(actor=Actor(user=cast.district_officer), district=world.district, version="2027", definition=bad)
    assert refused.value.code == "framework.weights_do_not_sum"
    assert "权重之和为 101" in str(refused.value.message)
    assert not FrameworkVersion.objects.exists()
    save_framework(actor=Actor(user=cast.district_officer), district=world.district, version="2027", definition=data)
    assert FrameworkVersion.objects.get().is_active
    assert AuditRecord.objects.filter(verb="evaluation.framework.save").count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("district_officer", True), ("street_officer", False), ("expert", False), ("secretary", False)],
)
def test_only_district_officers_manage_the_framework(world: World, cast: Cast, who: str, allowed: bool) -> None:
    user = getattr(cast, who)
    data = framework_to_data(FRAMEWORK_2026)
    if allowed:
        save_framework(actor=Actor(user=user), district=world.district, version="v", definition=data)
    else:
        with pytest.raises(NotPermitted):
            save_framework(actor=Actor(user=user), district=world.district, version="v", definition=data)


@pytest.mark.parametrize("score", ["-1", "100.01", "abc", "50.123"])
def test_score_out_of_range_is_refused(world: World, cast: Cast, score: str) -> None:
    with pytest.raises(ActionError) as refused:
        record_score(
            actor=Actor(user=cast.expert),
            community=world.community,
            year=YEAR,
            indicator_code="case_quality",
            score=score,
        )
    assert refused.value.field == "score"
    assert not QualitativeScore.objects.exists()


def test_quantitative_indicator_cannot_be_scored_by_hand(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as refused:
        record_score(
            actor=Actor(user=cast.expert), community=world.community, year=YEAR, indicator_code="turnout", score="80"
        )
    assert refused.value.code == "index.not_qualitative"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("expert", True), ("street_officer", True), ("district_officer", True), ("secretary", False), ("resident", False)],
)
def test_score_permission_matrix(world: World, cast: Cast, who: str, allowed: bool) -> None:
    def act() -> QualitativeScore:
        return record_score(
            actor=Actor(user=getattr(cast, who)),
            community=world.community,
            year=YEAR,
            indicator_code="case_quality",
            score="85.5",
        )

    if allowed:
        stored = act()
        assert stored.scorer == getattr(cast, who) and stored.score == Decimal("85.5")
        assert AuditRecord.objects.filter(verb="evaluation.score.record").count() == 1
    else:
        with pytest.raises(NotPermitted):
            act()


def test_rollup_and_ranking_with_figures(world: World, cast: Cast) -> None:
    west = world.other_community.parent
    assert west is not None
    snapshot(world.community, Fraction(8, 10))  # online_coverage 80 % → 100 points
    snapshot(world.village, Fraction(55, 100))  # 55 % → 50 points
    snapshot(world.other_community, Fraction(3, 10))  # 30 % → 0 points
    make_place("community", "空社区", west)  # no snapshot: no data, unranked
    index = area_index(world.district, YEAR)
    ranked = [(entry.rank, entry.unit_id, entry.total) for entry in index.community_ranking.entries]
    assert ranked == [
        (1, world.community.pk, Decimal("100.00")),
        (2, world.village.pk, Decimal("50.00")),
        (3, world.other_community.pk, Decimal("0.00")),
    ]
    assert len(index.community_ranking.unranked) == 1
    east = index.street_rollups[world.street.pk]
    assert east.total == Decimal("75.00") and east.households == 20
    assert index.street_rollups[west.pk].excluded_members != ()
    assert index.total.total == Decimal("37.50")
    assert [entry.unit_id for entry in index.street_ranking.entries] == [world.street.pk, west.pk]
    # An expert's score of a qualitative indicator counts in its dimension.
    record_score(
        actor=Actor(user=cast.expert),
        community=world.other_community,
        year=YEAR,
        indicator_code="resources_in_place",
        score="100",
    )
    index = area_index(world.district, YEAR)
    assert index.communities[world.other_community.pk].breakdown.dimension("resources").points == Decimal("60.00")


@pytest.mark.parametrize(
    ("who", "status"),
    [("district_officer", 200), ("street_officer", 403), ("expert", 200), ("secretary", 403), ("resident", 403)],
)
def test_district_dashboard_permission(world: World, cast: Cast, who: str, status: int) -> None:
    client = Client()
    client.force_login(getattr(cast, who))
    assert client.get(reverse("evaluation:index_area", args=[world.district.pk])).status_code == status


def test_dashboard_pages_show_no_data_and_export(world: World, cast: Cast) -> None:
    snapshot(world.community, Fraction(1, 2))
    client = Client()
    client.force_login(cast.district_officer)
    page = client.get(reverse("evaluation:index_community", args=[world.community.pk]) + f"?year={YEAR}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "50.0 %" in text and "无数据" in text and "echarts-5.6.0.min.js" in text
    assert "至少有一名成员在平台注册的家庭占家庭总数的比例" in text  # the definition is on screen
    csv = client.get(reverse("evaluation:index_area", args=[world.district.pk]) + f"?year={YEAR}&format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "幸福社区" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("evaluation:index_area", args=[world.street.pk]) + f"?year={YEAR}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_score_form_refuses_out_of_range_with_translated_error(world: World, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.expert)
    url = reverse("evaluation:index_score", args=[world.community.pk]) + f"?year={YEAR}"
    response = client.post(url, {"indicator_code": "case_quality", "score": "120"})
    assert response.status_code == 400
    assert "评分应在 0 到 100 之间" in response.content.decode()
    assert not QualitativeScore.objects.exists()


def test_district_dashboard_uses_a_constant_number_of_queries(world: World, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.district_officer)
    url = reverse("evaluation:index_area", args=[world.district.pk]) + f"?year={YEAR}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    street = world.street
    for n in range(8):
        community = make_place("community", f"社区{n}", street)
        snapshot(community, Fraction(n, 10))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert len(few) <= 14
