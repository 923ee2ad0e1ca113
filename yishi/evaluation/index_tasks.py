"""Background work of the model-community index: precomputing indicator snapshots."""

from django_tasks import task

from yishi.evaluation.index_actions import compute_snapshot
from yishi.places.models import Place, PlaceKind


@task()
def refresh_snapshot(community_id: int, year: int) -> int:
    """Compute (or recompute) the snapshot of one community for one year; idempotent. Returns the snapshot's id."""
    return compute_snapshot(community_id=community_id, year=year).pk


@task()
def refresh_all_snapshots(year: int) -> int:
    """Queue a snapshot for every community; returns how many were queued."""
    ids = list(Place.objects.filter(kind=PlaceKind.COMMUNITY).values_list("pk", flat=True))
    for community_id in ids:
        refresh_snapshot.enqueue(community_id, year)
    return len(ids)
