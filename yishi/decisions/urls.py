"""URLs of votes, under /decisions/."""

from django.urls import URLPattern, URLResolver, path

from yishi.decisions import views

app_name = "decisions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("new/<str:basis>/", views.new_details, name="new_details"),
    path("<int:vote_id>/", views.detail, name="detail"),
    path("<int:vote_id>/edit/", views.edit, name="edit"),
    path("<int:vote_id>/roll-source/", views.roll_source, name="roll_source"),
    path("<int:vote_id>/roll/", views.roll, name="roll"),
    path("<int:vote_id>/open/", views.open_vote, name="open"),
    path("<int:vote_id>/close/", views.close_vote, name="close"),
    path("<int:vote_id>/count/", views.count_vote, name="count"),
    path("<int:vote_id>/publish/", views.publish_result, name="publish"),
    path("<int:vote_id>/enter/", views.enter, name="enter"),
    path("<int:vote_id>/authority/", views.authority, name="authority"),
    path("<int:vote_id>/meeting/", views.meeting, name="meeting"),
    path("<int:vote_id>/ballot/", views.ballot, name="ballot"),
    path("<int:vote_id>/result/", views.result, name="result"),
    path("four-two/start/<int:matter_id>/", views.four_two_start, name="four_two_start"),
    path("four-two/<int:sequence_id>/", views.four_two, name="four_two"),
]
