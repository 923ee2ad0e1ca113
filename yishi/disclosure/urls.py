from django.urls import path

from yishi.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("c/<int:community_id>/", views.board, name="board"),
    path("notices/new/", views.compose, name="compose"),
    path("notices/<int:notice_id>/", views.notice_page, name="notice"),
    path("notices/<int:notice_id>/pdf", views.notice_pdf_view, name="pdf"),
    path("notices/<int:notice_id>/edit/", views.edit, name="edit"),
    path("notices/<int:notice_id>/correct/", views.correct, name="correct"),
    path("notices/<int:notice_id>/publish/", views.publish, name="publish"),
    path("notices/<int:notice_id>/discard/", views.discard, name="discard"),
    path("ledgers/", views.ledgers, name="ledgers"),
]
