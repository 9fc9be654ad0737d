from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.core import checks

        from . import checks as portal_checks

        checks.register(portal_checks.check_private_storage, checks.Tags.security, deploy=False)
        checks.register(portal_checks.check_pdf_url_fetcher, checks.Tags.security)
        checks.register(
            portal_checks.check_private_storage_deploy, checks.Tags.security, deploy=True
        )
        checks.register(
            portal_checks.check_catalogues_compiled, checks.Tags.translation, deploy=True
        )
        post_migrate.connect(create_role_groups, dispatch_uid="portal.create_role_groups")


def create_role_groups(sender, **kwargs):
    # post_migrate is sent once per app; every app's permissions exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .roles import ensure_role_groups

    ensure_role_groups()
