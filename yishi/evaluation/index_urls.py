"""URLs of the model-community index under /evaluation/index/ (added to the app's urlpatterns in urls.py)."""

from django.urls import URLPattern, URLResolver, path

from yishi.evaluation import index_views

index_urlpatterns: list[URLPattern | URLResolver] = [
    path("index/", index_views.index_home, name="index_home"),
    path("index/area/<int:place_id>/", index_views.area, name="index_area"),
    path("index/community/<int:community_id>/", index_views.community, name="index_community"),
    path("index/community/<int:community_id>/score/", index_views.score, name="index_score"),
    path("index/framework/<int:district_id>/", index_views.framework, name="index_framework"),
]
