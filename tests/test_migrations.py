"""Models and migrations agree: a model change without its migration fails here (and in CI)."""

from io import StringIO

from django.core.management import call_command


def test_no_missing_migrations(db: None) -> None:
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:  # makemigrations --check exits with status 1 when a migration is missing
        missing = True
    else:
        missing = False
    assert not missing, f"Missing migrations (run `manage.py makemigrations <app>`):\n{output.getvalue()}"
    assert "No changes detected" in output.getvalue()
