from django.test import Client

from tests.decisions.conftest import Owners, actor, entry_of, open_
from tests.fixtures import Cast, World
from yishi.decisions import actions


def test_pages(world: World, cast: Cast, owners: Owners, client: Client) -> None:
    client.force_login(cast.director)
    for url in [
        "/decisions/",
        "/decisions/new/",
        "/decisions/new/owners/",
        "/decisions/new/online/",
        "/decisions/new/residents_assembly/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
    vote = open_(cast.director, world.compound, "owners")
    for url in [
        f"/decisions/{vote.pk}/",
        f"/decisions/{vote.pk}/roll/",
        f"/decisions/{vote.pk}/enter/",
        f"/decisions/{vote.pk}/enter/?q=陈",
        f"/decisions/{vote.pk}/enter/?entry={entry_of(vote, '陈阿姨').pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
    r = client.post(
        f"/decisions/{vote.pk}/enter/",
        {
            "entry": entry_of(vote, "陈阿姨").pk,
            "option": "agree",
            "channel": "paper",
            "paper_reference": "P1",
            "witness": "W",
            "key": "abc",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    resident = Client()
    resident.force_login(cast.resident)
    for url in ["/", "/decisions/mine/", f"/decisions/{vote.pk}/ballot/"]:
        response = resident.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
    r = resident.post(
        f"/decisions/{vote.pk}/ballot/", {"option": "agree", "key": "k", "entry": entry_of(vote, "刘").pk}
    )
    assert (r.status_code == 200 and "确认" in r.content.decode()) or "Confirm" in r.content.decode()
    r = resident.post(
        f"/decisions/{vote.pk}/ballot/",
        {"option": "agree", "key": "k", "entry": entry_of(vote, "刘").pk, "confirm": "1"},
    )
    assert r.status_code == 302
    r = resident.get(r["Location"])
    assert r.status_code == 200
    actions.enter_ballot(
        actor=actor(cast.director),
        vote=vote,
        entry=entry_of(vote, "置业"),
        option="disagree",
        channel="paper",
        paper_reference="P-2",
        witness="张监督",
    )
    r = client.post(f"/decisions/{vote.pk}/close/")
    assert r.status_code == 302, r.content.decode()[:2000]
    r = client.post(f"/decisions/{vote.pk}/count/")
    assert r.status_code == 302
    r = client.get(f"/decisions/{vote.pk}/result/")
    assert r.status_code == 200, r.content.decode()[:2000]
    r = client.post(f"/decisions/{vote.pk}/publish/")
    assert r.status_code == 302
    anon = Client()
    for url in [
        f"/decisions/{vote.pk}/result/",
        f"/decisions/{vote.pk}/",
        f"/web/community/{world.community.pk}/",
        f"/api/decisions/votes/{vote.pk}/result",
        f"/api/decisions/votes/{vote.pk}/roll",
    ]:
        response = anon.get(url)
        print(url, response.status_code)
