"""Ledgers (台账): one workbook per community and period, with the notices sheet and every registered sheet."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.disclosure.conftest import actor_for, draft, published
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord
from yishi.disclosure import actions, ledgers
from yishi.disclosure.models import NoticeKind
from yishi.places.models import Place


def _meetings_sheet(community: Place, start: datetime.date, end: datetime.date) -> tuple[list[Any], list[list[Any]]]:
    return ["会议", "日期", "人数"], [['=HYPERLINK("http://evil")', start, 12], [community.name, end, Decimal("3.50")]]


@pytest.fixture
def meetings_sheet() -> Any:
    ledgers.register("会议台账", _meetings_sheet, order=10_000)
    yield _meetings_sheet
    ledgers.unregister(_meetings_sheet)


def _period() -> dict[str, datetime.date]:
    today = timezone.localdate()
    return {"start": today - datetime.timedelta(days=1), "end": today}


def test_workbook_has_notices_accounts_and_registered_sheets(cast: Cast, world: World, meetings_sheet: Any) -> None:
    decision = published(cast.director, world.community, title="加装电梯决议")
    accounts = published(
        cast.director,
        world.community,
        kind=NoticeKind.ACCOUNTS,
        title="三月财务",
        rows=[{"item": "保洁", "amount": "800.10", "date": "2026-03-01"}, {"item": "绿化", "amount": "-0.10"}],
    )
    actions.publish_correction(actor=actor_for(cast.director), original=decision, title="更正决议", body="")
    draft(cast.director, world.community, title="草稿不入账")
    published(cast.village_head, world.village, title="别村的公示")
    with translation.override("en"):
        content = actions.export_ledgers(actor=actor_for(cast.director), community=world.community, **_period())
    workbook = load_workbook(io.BytesIO(content))
    # Other apps register sheets of their own; the disclosure sheets come first.
    assert workbook.sheetnames[:2] == ["Notices", "Accounts rows"]
    assert workbook.sheetnames[-1] == "会议台账"
    notices = list(workbook["Notices"].iter_rows(values_only=True))
    titles = [row[2] for row in notices[1:]]
    assert titles == ["加装电梯决议", "三月财务", "更正决议"]
    assert notices[3][9] == decision.number
    account_rows = list(workbook["Accounts rows"].iter_rows(min_row=2, values_only=True))
    assert account_rows == [
        (accounts.number, "三月财务", "保洁", 800.1, datetime.datetime(2026, 3, 1)),
        (accounts.number, "三月财务", "绿化", -0.1, None),
    ]
    meetings = workbook["会议台账"]
    assert meetings["A2"].data_type == "s"
    assert meetings["A2"].value == '=HYPERLINK("http://evil")'
    assert meetings["A3"].value == "幸福社区"
    record = AuditRecord.objects.get(verb="ledger.export")
    assert record.place == world.community


def test_period_outside_shows_nothing(cast: Cast, world: World) -> None:
    published(cast.director, world.community)
    content = actions.export_ledgers(
        actor=actor_for(cast.director),
        community=world.community,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
    )
    assert load_workbook(io.BytesIO(content))["公告"].max_row == 1


def test_reversed_period_refused(cast: Cast, world: World) -> None:
    with pytest.raises(ActionError) as caught:
        actions.export_ledgers(
            actor=actor_for(cast.director),
            community=world.community,
            start=datetime.date(2026, 2, 1),
            end=datetime.date(2026, 1, 1),
        )
    assert caught.value.code == "ledger_period_reversed"
    assert not AuditRecord.objects.filter(verb="ledger.export").exists()


def test_ledger_page_downloads_the_workbook(client: Client, cast: Cast, world: World) -> None:
    published(cast.director, world.community)
    client.force_login(cast.supervisor)
    page = client.get("/disclosure/ledgers/")
    assert page.status_code == 200
    today = timezone.localdate()
    response = client.post(
        "/disclosure/ledgers/", {"community": world.community.pk, "start": "2020-01-01", "end": today.isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["公告", "财务收支明细"]
    assert workbook["公告"].max_row == 2


def test_ledger_page_refuses_bad_periods_and_foreign_communities(client: Client, cast: Cast, world: World) -> None:
    client.force_login(cast.director)
    reversed_period = client.post(
        "/disclosure/ledgers/", {"community": world.community.pk, "start": "2026-02-01", "end": "2026-01-01"}
    )
    assert reversed_period.status_code == 400
    foreign = client.post(
        "/disclosure/ledgers/", {"community": world.village.pk, "start": "2026-01-01", "end": "2026-02-01"}
    )
    assert foreign.status_code == 400
    assert not AuditRecord.objects.filter(verb="ledger.export").exists()
