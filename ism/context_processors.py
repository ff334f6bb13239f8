from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


def ism(request):
    """What every page shows: the environment banner, the user's roles and the
    counts of their to-do items in the navigation (ism.todo.nav_counts, read only
    when a page shows the navigation)."""
    user = getattr(request, "user", None)
    roles = None
    counts = {}
    if user is not None and user.is_authenticated:
        from ism.access import roles_of
        from ism.todo import nav_counts

        roles = roles_of(user)
        counts = SimpleLazyObject(lambda: nav_counts(user, timezone.localdate()))
    return {
        "ism_environment": settings.ISM_ENVIRONMENT,
        "ism_roles": roles,
        "todo_counts": counts,
    }
