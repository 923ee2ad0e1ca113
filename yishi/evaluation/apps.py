from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "yishi.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # Satisfaction surveys of matters: "what awaits me" and the timeline kinds.
        from yishi.evaluation import survey_views

        survey_views.register_hooks()
        # The designation badge on a community's public page.
        from yishi.evaluation import hooks

        hooks.register()
