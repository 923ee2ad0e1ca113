"""URLs of the evaluation app under /evaluation/; each area adds its own list (surveys: /evaluation/surveys/)."""

from django.urls import URLPattern, URLResolver, path

from yishi.evaluation import survey_views

app_name = "evaluation"

# Satisfaction surveys of matters (民事民评).
survey_urls: list[URLPattern | URLResolver] = [
    path("surveys/", survey_views.index, name="surveys"),
    path("surveys/open/<int:matter_id>/", survey_views.open_survey, name="survey_open"),
    path("surveys/<int:survey_id>/", survey_views.survey_page, name="survey"),
    path("surveys/<int:survey_id>/assisted/", survey_views.assisted, name="survey_assisted"),
    path("surveys/<int:survey_id>/close/", survey_views.close, name="survey_close"),
    path("surveys/<int:survey_id>/result/", survey_views.result, name="survey_result"),
]

urlpatterns: list[URLPattern | URLResolver] = [*survey_urls]

from yishi.evaluation.index_urls import index_urlpatterns  # noqa: E402

urlpatterns += index_urlpatterns

from yishi.evaluation.designation_urls import designation_urlpatterns  # noqa: E402

urlpatterns += designation_urlpatterns
