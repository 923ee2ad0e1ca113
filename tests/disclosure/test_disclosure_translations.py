"""Every disclosure string has its Chinese; pages answer in Chinese by default and in English on request."""

from pathlib import Path

from django.test import Client

from scripts.pofill import fill
from tests.disclosure.conftest import published
from tests.fixtures import Cast, World

PO = Path(__file__).resolve().parents[2] / "yishi" / "disclosure" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_no_empty_translation(tmp_path: Path) -> None:
    copy = tmp_path / "django.po"
    copy.write_text(PO.read_text(encoding="utf-8"), encoding="utf-8")
    assert fill(copy, {}) == []


def test_board_in_chinese_and_english(client: Client, cast: Cast, world: World) -> None:
    published(cast.director, world.community)
    chinese = client.get(f"/disclosure/c/{world.community.pk}/").content.decode()
    assert "幸福社区居务公开" in chinese and "正在公示" in chinese and "决议" in chinese
    english = client.get(f"/disclosure/c/{world.community.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "community affairs made public" in english and "On the board now" in english and "Decision" in english
