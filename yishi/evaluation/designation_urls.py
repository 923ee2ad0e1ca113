"""URLs of the designation programme under /evaluation/ (added to the app's urlpatterns in urls.py)."""

from django.urls import URLPattern, URLResolver, path

from yishi.evaluation import designation_views as views

designation_urlpatterns: list[URLPattern | URLResolver] = [
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/new/<int:district_id>/", views.programme_new, name="programme_new"),
    path("programmes/<int:programme_id>/", views.programme, name="programme"),
    path("programmes/<int:programme_id>/step/<slug:step>/", views.programme_step, name="programme_step"),
    path("programmes/<int:programme_id>/submit/", views.submit, name="programme_submit"),
    path("programmes/<int:programme_id>/ranking/", views.ranking, name="programme_ranking"),
    path("programmes/<int:programme_id>/list/", views.programme_list, name="programme_list"),
    path("cases/<int:submission_id>/", views.case, name="case"),
    path("cases/<int:submission_id>/review/", views.review, name="case_review"),
    path("cases/<int:submission_id>/visit/", views.visit, name="case_visit"),
    path("cases/<int:submission_id>/attachments/<int:attachment_id>/", views.case_attachment, name="case_attachment"),
    path("library/", views.library, name="library"),
    path("library/<int:submission_id>/", views.library_case, name="library_case"),
]
