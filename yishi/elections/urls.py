from django.urls import path

from yishi.elections import views

app_name = "elections"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("districts/<int:district_id>/profile/", views.district_profile, name="district_profile"),
    path("<int:election_id>/", views.detail, name="detail"),
    path("<int:election_id>/object/", views.object_to_roll, name="object"),
    path("<int:election_id>/nominate/", views.nominate, name="nominate"),
    path("<int:election_id>/manage/", views.manage, name="manage"),
    path("<int:election_id>/manage/roll/", views.roll, name="roll"),
    path("<int:election_id>/manage/candidates/", views.candidates, name="candidates"),
    path("<int:election_id>/manage/proxies/", views.proxies, name="proxies"),
    path("<int:election_id>/manage/rounds/", views.rounds, name="rounds"),
    path("<int:election_id>/manage/recalls/", views.recalls, name="recalls"),
    path("candidates/<int:candidate_id>/answer/", views.answer, name="answer"),
    path("rounds/<int:round_id>/vote/", views.vote, name="vote"),
    path("rounds/<int:round_id>/manage/", views.round_page, name="round"),
    path("rounds/<int:round_id>/result/", views.round_result, name="round_result"),
    path("rounds/<int:round_id>/ballots/", views.ballot_list, name="ballot_list"),
    path("recalls/<int:recall_id>/", views.recall, name="recall"),
    path("c/<int:community_id>/reviews/", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review, name="review"),
]
