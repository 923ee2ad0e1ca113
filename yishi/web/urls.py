from django.urls import path

from yishi.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<int:place_id>/", views.community_page, name="community"),
    path("privacy/", views.privacy, name="privacy"),
    path("display/large-text/", views.large_text, name="large_text"),
]
