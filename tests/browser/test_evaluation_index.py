"""A district officer compares two streets on a phone, drills into a community and reads its indicators."""

from fractions import Fraction

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as
from tests.fixtures import Cast, World
from yishi.evaluation.domain.framework import FRAMEWORK_2026, IndicatorKind
from yishi.evaluation.domain.indicators import NO_DATA, Ratio
from yishi.evaluation.index_framework import measurement_to_data
from yishi.evaluation.index_models import IndicatorSnapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026


def _snapshot(community, share: Fraction) -> None:  # type: ignore[no-untyped-def]
    data = {
        indicator.code: measurement_to_data(NO_DATA)
        for indicator in FRAMEWORK_2026.indicators
        if indicator.kind is IndicatorKind.QUANTITATIVE
    }
    data["online_coverage"] = measurement_to_data(Ratio(numerator=share.numerator, denominator=share.denominator))
    IndicatorSnapshot.objects.create(community=community, year=YEAR, measurements=data, households=12)


def test_district_officer_compares_streets_and_drills_into_a_community(
    page,
    live_server,
    world: World,
    cast: Cast,  # type: ignore[no-untyped-def]
) -> None:
    _snapshot(world.community, Fraction(8, 10))
    _snapshot(world.village, Fraction(1, 2))
    _snapshot(world.other_community, Fraction(4, 10))
    login_as(page, live_server, cast.district_officer)
    page.goto(f"{live_server.url}/evaluation/index/area/{world.district.pk}/?year={YEAR}")
    assert page.locator("h1").inner_text().startswith("示范区")
    streets = page.locator("table", has_text="东湖街道").first
    assert "西湖街道" in streets.inner_text()
    # The east street (80 % and 50 % coverage → 100 and 40 points) ranks above the west (40 % → 20 points).
    first_row = streets.locator("tbody tr").first
    assert "东湖街道" in first_row.inner_text() and "70.00" in first_row.inner_text()
    assert page.locator("[data-index-chart] canvas").count() >= 1
    assert page.locator("[data-index-chart]").first.get_attribute("aria-hidden") == "true"
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="东湖街道").first.click()
    page.wait_for_url(f"**/evaluation/index/area/{world.street.pk}/**")
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="幸福社区").click()
    page.wait_for_url(f"**/evaluation/index/community/{world.community.pk}/**")
    body = page.locator("main").inner_text()
    assert "家庭上云率" in body and "80.0 %" in body and "无数据" in body
    assert "至少有一名成员在平台注册的家庭占家庭总数的比例" in body
    assert_fits_phone(page)
    assert_accessible(page)


def test_expert_scores_a_community_on_a_phone(page, live_server, world: World, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    login_as(page, live_server, cast.expert)
    page.goto(f"{live_server.url}/evaluation/index/community/{world.community.pk}/score/?year={YEAR}")
    assert_accessible(page)
    page.select_option("#id_indicator_code", "case_quality")
    page.fill("#id_score", "101")
    # The score form's own button: the header's language and large-text forms come first on the page.
    with page.expect_navigation():
        page.click("main button[type=submit]")
    # The form comes back with the translated message next to the score field.
    assert "评分应在 0 到 100 之间" in page.locator("#id_score_error").inner_text()
    assert page.locator("#id_score").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_score").input_value() == "101"
    assert_accessible(page)
    page.fill("#id_score", "88")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "钱教授" in page.locator("main").inner_text()
    assert_fits_phone(page)
    assert_accessible(page)
    # Experts score; only district officers change the framework.
    response = page.goto(f"{live_server.url}/evaluation/index/framework/{world.district.pk}/")
    assert response is not None and response.status == 403
    assert_accessible(page)
