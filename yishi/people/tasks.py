"""Background work for roster imports: each task takes the batch's ID and does nothing when run twice."""

from django_tasks import task

from yishi.people import roster_import


@task()
def check_import(batch_id: int) -> None:
    """Check every row of an uploaded roster file and store the report."""
    roster_import.check_batch(batch_id=batch_id)


@task()
def run_import_task(batch_id: int) -> None:
    """Import a confirmed roster file in one transaction."""
    roster_import.run_import(batch_id=batch_id)
