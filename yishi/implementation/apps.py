from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "yishi.implementation"
    label = "implementation"
    verbose_name = _("Implementation")

    def ready(self) -> None:
        from yishi.implementation import hooks

        hooks.register()
