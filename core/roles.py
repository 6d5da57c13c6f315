"""The three roles of the desk and what each may do. Groups are created by a migration."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction

OPERATOR = "operator"
MANAGER = "manager"
ADMIN = "admin"
ROLES = (OPERATOR, MANAGER, ADMIN)

# (app_label, actions) per role; an action is add/change/delete/view on every model of the app.
PERMISSIONS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    OPERATOR: [
        ("orders", ("view", "add", "change")),
        ("catalog", ("view",)),
        ("delivery", ("view", "add", "change")),
        ("notices", ("view", "add", "change")),
        ("channels_intake", ("view", "change")),
        ("customers", ("view", "add", "change")),
        ("inquiries", ("view", "add", "change")),
    ],
    MANAGER: [
        ("orders", ("view", "add", "change")),
        ("catalog", ("view", "add", "change")),
        ("delivery", ("view", "add", "change")),
        ("notices", ("view", "add", "change")),
        ("channels_intake", ("view", "change")),
        ("customers", ("view", "add", "change")),
        ("inquiries", ("view", "add", "change")),
        ("core", ("view",)),
    ],
    ADMIN: [
        ("orders", ("view", "add", "change", "delete")),
        ("catalog", ("view", "add", "change", "delete")),
        ("delivery", ("view", "add", "change", "delete")),
        ("notices", ("view", "add", "change", "delete")),
        ("channels_intake", ("view", "add", "change", "delete")),
        ("customers", ("view", "add", "change", "delete")),
        ("inquiries", ("view", "add", "change", "delete")),
        ("core", ("view", "add", "change", "delete")),
        ("auth", ("view", "add", "change", "delete")),
        ("django_celery_beat", ("view", "add", "change", "delete")),
        ("axes", ("view", "delete")),  # see login lockouts; deleting one lets the user in again
    ],
}

# Models whose rows hold or lead to secrets and the outside network (where the desk connects,
# with which credentials, who may call in): only admins change them; the other roles whose
# app grants reach them may only view them.
ADMIN_ONLY_MODELS: dict[str, set[str]] = {
    "channels_intake": {"source", "partnerapikey", "webhookendpoint"},
    "orders": {"partner"},
    "delivery": {"carrier"},  # its tracking API URL is where the desk connects
}


def role_grants(role: str, app_label: str, model: str, action: str) -> bool:
    """Whether `role` gets `action` (add/change/delete/view) on `app_label.model`."""
    actions = next((acts for app, acts in PERMISSIONS.get(role, ()) if app == app_label), ())
    if action not in actions:
        return False
    if role != ADMIN and model in ADMIN_ONLY_MODELS.get(app_label, ()):
        return action == "view"
    return True


def sync_role_permissions(*, using: str = "default", **kwargs) -> None:
    """Give each role group exactly the permissions PERMISSIONS grants (idempotent).

    Connected to post_migrate, after Django has created the permissions of new models, so a
    narrowed grant (a manager losing "change source") takes effect with the next migrate on
    every existing database. It touches only the role groups' permissions, never users, their
    group memberships or other groups, and it is one transaction: a failure leaves the old
    grants whole."""
    from django.contrib.auth.models import Group, Permission

    permissions = list(Permission.objects.using(using).select_related("content_type"))
    with transaction.atomic(using=using):
        for role in PERMISSIONS:
            group, _created = Group.objects.using(using).get_or_create(name=role)
            group.permissions.set([
                perm.pk for perm in permissions
                if role_grants(role, perm.content_type.app_label, perm.content_type.model,
                               perm.codename.split("_", 1)[0])
            ])


def has_role(user, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(name in roles for name in _group_names(user))


def _group_names(user) -> set[str]:
    # Cached on the user object: a page checks the role once per request, not per check.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


class RoleRequiredMixin(AccessMixin):
    """Login first, then one of `roles`; anyone else gets 403."""

    roles: tuple[str, ...] = (OPERATOR, MANAGER, ADMIN)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
