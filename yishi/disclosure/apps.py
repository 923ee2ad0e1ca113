from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "yishi.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from yishi.disclosure import hooks, ledgers, sheets

        hooks.register()
        ledgers.register(_("Notices"), sheets.notices_sheet, order=10)
        ledgers.register(_("Accounts rows"), sheets.accounts_sheet, order=20)
