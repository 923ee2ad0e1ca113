from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "yishi.elections"
    label = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from yishi.elections import hooks
        from yishi.web import awaiting, public_sections

        awaiting.register(hooks.awaiting)
        public_sections.register(hooks.public_sections)
