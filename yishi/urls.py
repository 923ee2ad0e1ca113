"""Top-level URLs: each app owns its own under a namespace."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from yishi.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("yishi.accounts.urls")),
    path("places/", include("yishi.places.urls")),
    path("people/", include("yishi.people.urls")),
    path("matters/", include("yishi.matters.urls")),
    path("deliberation/", include("yishi.deliberation.urls")),
    path("decisions/", include("yishi.decisions.urls")),
    path("implementation/", include("yishi.implementation.urls")),
    path("evaluation/", include("yishi.evaluation.urls")),
    path("elections/", include("yishi.elections.urls")),
    path("disclosure/", include("yishi.disclosure.urls")),
    path("", include("yishi.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
