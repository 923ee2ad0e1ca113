from django.urls import URLPattern, URLResolver

app_name = "implementation"
urlpatterns: list[URLPattern | URLResolver] = []
