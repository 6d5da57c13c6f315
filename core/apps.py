from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import wiring

        post_migrate.connect(_after_migrate, dispatch_uid="core.sync_role_permissions")
        # Every app's subscribers.py: the events it hears and what it plugs into lower floors.
        wiring.wire()


def _after_migrate(sender, **kwargs):
    # Reference data, not business logic: roles follow the models after every migrate. Django
    # creates each app's permissions in that app's post_migrate, so wait for the last app that
    # has models (post_migrate is only sent for those; `desk` has none).
    if sender is [config for config in apps.get_app_configs() if config.models_module][-1]:
        from .roles import sync_role_permissions

        sync_role_permissions(using=kwargs.get("using", "default"))
