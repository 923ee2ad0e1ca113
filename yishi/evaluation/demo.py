"""Demo data of the evaluation app for `manage.py seed_demo`.

    seed(street=street, rng=rng, scale="tiny")

Each area of the app adds its own demo here; for now the satisfaction surveys of matters (yishi.evaluation.survey_demo).
"""

import random

from yishi.evaluation.survey_demo import seed_surveys
from yishi.places.models import Place


def seed(*, street: Place, rng: random.Random, scale: str = "default") -> None:
    """Seed every area of the evaluation app on the demo street."""
    seed_surveys(street=street, rng=rng, scale=scale)
