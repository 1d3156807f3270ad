from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "garrison.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from garrison.accounts.live_access import live_access
        from garrison.accounts.middleware import start_session_clock
        from garrison.accounts.roles import AUDIT_READERS, DEVICE_MANAGERS, MEMBER_MANAGERS
        from garrison.accounts.security import on_locked_out, on_login_failed
        from garrison.core.consumers import register_access
        from garrison.core.nav import NavItem, register

        user_login_failed.connect(on_login_failed, dispatch_uid="garrison.accounts.login_failed")
        user_locked_out.connect(on_locked_out, dispatch_uid="garrison.accounts.locked_out")
        user_logged_in.connect(start_session_clock, dispatch_uid="garrison.accounts.session_clock")
        register_access(live_access)  # who may listen to an event's live feed

        # The audit log's pages live in accounts (``audit_log``): the log itself knows no roles.
        # Registered first, as when the audit app registered it: same order, Audit before Members.
        register(NavItem(_("Audit"), "audit:list", roles=frozenset(AUDIT_READERS), order=900))
        register(NavItem(_("Members"), "members:list", roles=frozenset(MEMBER_MANAGERS), order=900))
        register(
            NavItem(_("Devices"), "members:devices", roles=frozenset(DEVICE_MANAGERS), order=910)
        )
