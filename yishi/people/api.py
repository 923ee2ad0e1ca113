"""People in the JSON API: always masked."""

from ninja import Router

router = Router(tags=["people"])
