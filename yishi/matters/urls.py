from django.urls import path

from yishi.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("similar/", views.similar, name="similar"),
    path("record/", views.record, name="record"),
    path("queue/", views.queue, name="queue"),
    path("street/", views.street, name="street"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:notification_id>/", views.notification, name="notification"),
    path("photos/<int:photo_id>/", views.photo, name="photo"),
    path("c/<int:community_id>/", views.public_list, name="public_list"),
    path("c/<int:community_id>/catalogue/", views.catalogue, name="catalogue"),
    path("c/<int:community_id>/publish-triage/", views.publish_list, name="publish_list"),
    path("<int:matter_id>/", views.detail, name="detail"),
    path("<int:matter_id>/follow/", views.follow, name="follow"),
    path("<int:matter_id>/triage/", views.triage, name="triage"),
    path("<int:matter_id>/merge/", views.merge, name="merge"),
    path("<int:matter_id>/street/", views.street_matter, name="street_matter"),
]
