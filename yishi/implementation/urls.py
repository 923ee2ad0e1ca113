from django.urls import URLPattern, URLResolver, path

from yishi.implementation import views

app_name = "implementation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("matters/<int:matter_id>/", views.matter_page, name="matter"),
    path("matters/<int:matter_id>/tasks/new/", views.task_new, name="task_new"),
    path("matters/<int:matter_id>/pledge/", views.pledge, name="pledge"),
    path("matters/<int:matter_id>/contributions/record/", views.record_contribution, name="record_contribution"),
    path("matters/<int:matter_id>/budget/", views.budget, name="budget"),
    path("matters/<int:matter_id>/expenses/new/", views.expense_new, name="expense_new"),
    path("matters/<int:matter_id>/concerns/new/", views.concern_new, name="concern_new"),
    path("matters/<int:matter_id>/accounts/", views.accounts, name="accounts"),
    path("matters/<int:matter_id>/done/", views.done, name="done"),
    path("tasks/<int:task_id>/", views.task_page, name="task"),
    path("tasks/<int:task_id>/status/", views.task_status, name="task_status"),
    path("contributions/<int:contribution_id>/receive/", views.receive_contribution, name="receive_contribution"),
    path("concerns/<int:concern_id>/", views.concern_page, name="concern"),
    path("progress-photos/<int:photo_id>/", views.progress_photo, name="progress_photo"),
    path("receipts/<int:receipt_id>/", views.receipt, name="receipt"),
]
