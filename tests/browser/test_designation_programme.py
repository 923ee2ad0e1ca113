"""The designation programme on a phone, from a community's submission to the published list: the district officer
creates and opens the programme, 幸福社区 submits its case (the indicators are attached by themselves), an expert who
lives in 幸福社区 is refused, another expert scores it (a score out of range first) and visits, the shortlist is
proposed, approved and published; the community's public page shows its badge and the case library finds the case."""

import io
from typing import Any

import pytest
from PIL import Image

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as
from tests.evaluation.designation_helpers import expert
from tests.fixtures import Cast, World
from yishi.evaluation.designation_models import Programme, Submission
from yishi.evaluation.designation_queries import programme_framework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    login_as(page, live_server, user)


def _check(page: Any) -> None:
    assert_fits_phone(page)
    assert_accessible(page)


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_programme_from_submission_to_published_list(page, live_server, world: World, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    neighbour = expert("周专家", world, home=world.units[2])
    url = live_server.url

    # The district officer creates the programme and opens it.
    _as(page, live_server, cast.district_officer)
    page.goto(f"{url}/evaluation/programmes/")
    _check(page)
    page.get_by_role("link", name="新建示范区评选活动").click()
    page.wait_for_url("**/programmes/new/**")
    page.fill("#id_title", "全过程人民民主创新实践基地评选")
    page.fill("#id_rules", "各社区、街道提交案例材料,专家评审并实地考察。")
    page.fill("#id_threshold", "60")
    page.fill("#id_minimum_reviews", "1")
    _check(page)
    _submit(page)
    programme = Programme.objects.get()
    assert page.url.endswith(f"/evaluation/programmes/{programme.pk}/")
    _check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="开放申报").click()
    assert "开放申报" in page.locator("main .badge").first.inner_text()

    # 幸福社区's party secretary finds the case to submit on their home page; a file that is not a photo nor a PDF
    # is refused first.
    _as(page, live_server, cast.secretary)
    page.goto(f"{url}/")
    assert "幸福社区的案例待申报" in page.locator("main").inner_text()
    _check(page)
    page.goto(f"{url}/evaluation/programmes/{programme.pk}/")
    page.get_by_role("link", name="申报案例").click()
    page.wait_for_url("**/submit/")
    _check(page)
    page.select_option("#id_theme", "renewal")
    page.fill("#id_title", "加装电梯“四步议事法”")
    page.fill("#id_summary", "阳光小区 1 号楼通过议事协商加装电梯。")
    page.fill("#id_body", "居民提出加装电梯,经过三会制度协商、业主共同决定,三个月完工。")
    page.set_input_files(
        "#id_attachments", files=[{"name": "台账.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}]
    )
    _submit(page)
    assert "台账.pdf 既不是照片" in page.locator("#attachments-error").inner_text()
    assert page.locator("#id_title").input_value() == "加装电梯“四步议事法”"
    _check(page)
    page.set_input_files("#id_attachments", files=[{"name": "议事现场.png", "mimeType": "image/png", "buffer": _png()}])
    _submit(page)
    case = Submission.objects.get()
    assert page.url.endswith(f"/evaluation/cases/{case.pk}/")
    main = page.locator("main").inner_text()
    assert "已附上本单位的指标" in main and "年度指标" in main and "议事现场.png" in main
    _check(page)

    # The officer closes submissions and assigns experts: the one who lives in 幸福社区 is refused.
    _as(page, live_server, cast.district_officer)
    page.goto(f"{url}/evaluation/programmes/{programme.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="截止申报并开始评审").click()
    page.get_by_role("link", name="加装电梯“四步议事法”").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    page.get_by_label("周专家(与该单位有关联)").check()
    page.get_by_label("钱教授").check()
    with page.expect_navigation():
        page.get_by_role("button", name="指派", exact=True).click()
    assert "周专家不能评审幸福社区的案例(居住于此)" in page.locator("#id_experts").inner_text()
    _check(page)
    page.get_by_label("周专家(与该单位有关联)").uncheck()
    page.get_by_label("钱教授").check()
    with page.expect_navigation():
        page.get_by_role("button", name="指派", exact=True).click()
    assert "已指派专家" in page.locator("main").inner_text()

    # The expert from 幸福社区 cannot score it even by going to the page.
    _as(page, live_server, neighbour)
    response = page.goto(f"{url}/evaluation/cases/{case.pk}/review/")
    assert response is not None and response.status == 403
    assert "专家不评审本人所在单位" in page.locator("main").inner_text()
    _check(page)

    # 钱教授 scores the case: 101 is refused next to its field, then the review is recorded; then a site visit.
    # Their home page says what awaits them.
    _as(page, live_server, cast.expert)
    page.goto(f"{url}/")
    page.get_by_role("link", name=f"1 个案例待评审:{programme.title}").click()
    page.wait_for_url("**/evaluation/programmes/")
    page.get_by_role("link", name="幸福社区: 加装电梯“四步议事法”").click()
    page.get_by_role("link", name="为该案例评分").click()
    page.wait_for_url("**/review/")
    _check(page)
    codes = [dimension.code for dimension in programme_framework(programme).dimensions]
    for code in codes:
        page.fill(f"#id_dimension_{code}", "90")
    page.fill(f"#id_dimension_{codes[0]}", "101")
    _submit(page)
    assert "评分应在 0 到 100 之间" in page.locator(f"#id_dimension_{codes[0]}_error").inner_text()
    _check(page)
    page.fill(f"#id_dimension_{codes[0]}", "80")
    _submit(page)
    assert "您的评审已记录" in page.locator("main").inner_text()
    page.get_by_role("link", name="记录实地考察").click()
    page.wait_for_url("**/visit/")
    page.fill("#id_findings", "议事厅运转良好,居民参与踊跃。")
    _check(page)
    _submit(page)
    assert "议事厅运转良好" in page.locator("main").inner_text()

    # The officer proposes the shortlist from the ranking, approves it and publishes the list.
    _as(page, live_server, cast.district_officer)
    page.goto(f"{url}/evaluation/programmes/{programme.pk}/ranking/")
    ranking = page.locator("table", has_text="幸福社区").first.inner_text()
    assert "88.50" in ranking and "推荐" in ranking  # 80 × 15 % + 90 × 85 %
    _check(page)
    _submit(page)
    # The district has one programme officer: the page says they may approve their own proposal, and the record will
    # say so.
    assert "本区唯一的评选工作人员" in page.locator("#approval-alone").inner_text()
    _check(page)
    page.fill("#id_approve_note", "区评审委员会第3次会议审定通过")
    with page.expect_navigation():
        page.get_by_role("button", name="审定推荐名单").click()
    _check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="公布名单").click()
    page.wait_for_url(f"**/programmes/{programme.pk}/list/")
    assert "幸福社区" in page.get_by_role("region", name="创新实践站(点)").inner_text()
    _check(page)
    pdf = page.locator("a", has_text="可打印的 PDF").first.get_attribute("href")
    assert pdf is not None
    assert page.request.get(f"{url}{pdf}").headers["content-type"] == "application/pdf"

    # Anyone: the badge on the community's public page, and the case in the case library.
    page.context.clear_cookies()
    page.goto(f"{url}/c/{world.community.pk}/")
    assert "创新实践站(点)" in page.locator("main").inner_text()
    _check(page)
    page.goto(f"{url}/evaluation/library/")
    _check(page)
    page.fill("#id_q", "电梯")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**q=**")
    page.get_by_role("link", name="加装电梯“四步议事法”").click()
    page.wait_for_url(f"**/library/{case.pk}/")
    main = page.locator("main").inner_text()
    assert "三个月完工" in main and "年度指标" in main and "议事厅运转良好" in main
    _check(page)
    # An older resident reads the same public pages in large text on the phone.
    page.goto(f"{url}/")
    page.click("button[aria-pressed=false]")
    page.wait_for_selector("html.large-text")
    for path in (f"/c/{world.community.pk}/", "/evaluation/library/", f"/evaluation/library/{case.pk}/"):
        page.goto(f"{url}{path}")
        assert page.locator("html.large-text").count() == 1
        _check(page)
