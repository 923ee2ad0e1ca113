from django.urls import URLPattern, URLResolver, path

from yishi.places import views

app_name = "places"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.browser, name="browser"),
    path("<int:place_id>/", views.place_detail, name="detail"),
    path("<int:place_id>/add/", views.add_child, name="add_child"),
    path("<int:place_id>/edit/", views.edit_place, name="edit"),
    path("<int:place_id>/move/", views.move, name="move"),
]
