from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.core import checks

        from . import checks as portal_checks

        checks.register(portal_checks.check_private_storage, checks.Tags.security, deploy=False)
        checks.register(
            portal_checks.check_private_storage_deploy, checks.Tags.security, deploy=True
        )
