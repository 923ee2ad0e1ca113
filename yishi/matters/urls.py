from django.urls import URLPattern, URLResolver

app_name = "matters"
urlpatterns: list[URLPattern | URLResolver] = []
