from django.urls import URLPattern, URLResolver, path

from yishi.people import import_views, views

app_name = "people"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.roster, name="roster"),
    path("new/", views.create, name="create"),
    path("<int:person_id>/", views.person_detail, name="person"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/reveal/", views.reveal, name="reveal"),
    path("<int:person_id>/household/", views.add_household, name="add_household"),
    path("<int:person_id>/household/join/", views.join_household, name="join_household"),
    path("<int:person_id>/ownership/", views.add_ownership, name="add_ownership"),
    path("<int:person_id>/roles/", views.add_role, name="add_role"),
    path("roles/<int:assignment_id>/end/", views.end_role, name="end_role"),
    path("units/<int:unit_id>/owners/", views.unit_owners, name="unit_owners"),
    path("import/", import_views.import_start, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:batch_id>/", import_views.import_batch, name="import_batch"),
    path("import/<int:batch_id>/commit/", import_views.import_commit, name="import_commit"),
    path("import/<int:batch_id>/discard/", import_views.import_discard, name="import_discard"),
    path("import/<int:batch_id>/errors.xlsx", import_views.import_errors, name="import_errors"),
    path("export/", import_views.export, name="export"),
]
