from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "yishi.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from yishi.decisions import hooks
        from yishi.matters.events import register_kind

        hooks.register()
        register_kind("decision.vote_drafted", _("A vote was drafted"))
        register_kind("decision.vote_opened", _("The vote opened"))
        register_kind("decision.result_published", _("The result of the vote was published"))
        register_kind("decision.four_two_step", _("Four deliberations, two disclosures"))
