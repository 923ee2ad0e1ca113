"""The front pages answer in Chinese by default and in English on request."""

from django.test import Client

from tests.fixtures import Cast, World


def test_welcome_lists_communities_in_chinese(client: Client, world: World) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "幸福社区" in response.content.decode()
    assert 'lang="zh-Hans"' in response.content.decode()


def test_community_page_is_public(client: Client, world: World) -> None:
    response = client.get(f"/c/{world.community.pk}/")
    assert response.status_code == 200
    assert "阳光小区" in response.content.decode()


def test_large_text_is_kept_across_pages(client: Client, world: World) -> None:
    client.post("/display/large-text/", {"on": "1", "next": "/"})
    assert 'class="large-text"' in client.get(f"/c/{world.community.pk}/").content.decode()
    client.post("/display/large-text/", {"on": "0", "next": "/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_large_text_refuses_foreign_redirects(client: Client, world: World) -> None:
    response = client.post("/display/large-text/", {"on": "1", "next": "https://example.com/"})
    assert response["Location"] == "/"


def test_home_shows_roles_of_signed_in_staff(client: Client, cast: Cast) -> None:
    client.force_login(cast.secretary)
    body = client.get("/").content.decode()
    assert "王书记" in body
    assert "幸福社区" in body


def test_privacy_rules_are_public(client: Client, world: World) -> None:
    body = client.get("/privacy/").content.decode()
    assert "个人信息" in body
    assert "/privacy/" in client.get("/").content.decode()
