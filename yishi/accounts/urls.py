from django.urls import path

from yishi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.request_code, name="request_code"),
    path("sign-in/verify/", views.verify_code, name="verify_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
