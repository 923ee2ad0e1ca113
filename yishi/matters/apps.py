from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "yishi.matters"
    label = "matters"
    verbose_name = _("Matters")

    def ready(self) -> None:
        from yishi.matters import hooks

        hooks.register()
