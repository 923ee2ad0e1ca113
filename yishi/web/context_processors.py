from django.http import HttpRequest


def display_preferences(request: HttpRequest) -> dict[str, object]:
    return {"large_text": getattr(request, "large_text", False)}
