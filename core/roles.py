"""The three roles of the desk and what each may do. Groups are created by a migration."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

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
        ("channels_intake", ("view", "change")),
    ],
    MANAGER: [
        ("orders", ("view", "add", "change")),
        ("catalog", ("view", "add", "change")),
        ("delivery", ("view", "add", "change")),
        ("channels_intake", ("view", "change")),
        ("core", ("view",)),
    ],
    ADMIN: [
        ("orders", ("view", "add", "change", "delete")),
        ("catalog", ("view", "add", "change", "delete")),
        ("delivery", ("view", "add", "change", "delete")),
        ("channels_intake", ("view", "add", "change", "delete")),
        ("core", ("view", "add", "change", "delete")),
        ("auth", ("view", "add", "change", "delete")),
        ("django_celery_beat", ("view", "add", "change", "delete")),
    ],
}


def sync_role_permissions(**kwargs) -> None:
    """Give each role group exactly the permissions PERMISSIONS grants (idempotent).

    Connected to post_migrate, after Django has created the permissions of new models."""
    from django.contrib.auth.models import Group, Permission

    for role, grants in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [
            perm.pk
            for app_label, actions in grants
            for perm in Permission.objects.filter(content_type__app_label=app_label)
            if perm.codename.split("_", 1)[0] in actions
        ]
        group.permissions.set(wanted)


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
