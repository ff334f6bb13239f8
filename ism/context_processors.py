from django.conf import settings


def ism(request):
    """What every page shows: the environment banner and the user's roles."""
    user = getattr(request, "user", None)
    roles = None
    if user is not None and user.is_authenticated:
        from ism.access import roles_of

        roles = roles_of(user)
    return {"ism_environment": settings.ISM_ENVIRONMENT, "ism_roles": roles}
