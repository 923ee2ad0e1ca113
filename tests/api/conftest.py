"""Builders for the API tests: a client signed in as a persona."""

from collections.abc import Callable

import pytest
from django.test import Client

from yishi.accounts.models import User

ClientFor = Callable[[User | None], Client]


@pytest.fixture
def client_for() -> ClientFor:
    """A test client signed in (by session) as the user, or anonymous for None."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
