"""API tokens: making and revoking them (services), and how the API reads them
(DRF authentication, the read-only permission and the per-token throttle).

Who may make a token for what, and what a token may then read, is decided in
ism.access (`can_manage`, `can_act_for_state`, `roles_of_token`); this module only
carries it out.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ism import access
from ism.audit import audit_record
from ism.models import ApiToken, Convention, State
from ism.models.tokens import TOKEN_PREFIX, token_digest

# A token lives at most a year; dashboards are re-keyed at least that often.
MAX_LIFETIME = dt.timedelta(days=365)
DEFAULT_LIFETIME = dt.timedelta(days=90)
# last_used_at is written at most once a minute per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


# --- Services ----------------------------------------------------------------------


def can_make_token(user, convention: Convention, state: State | None) -> bool:
    """ISU staff make any token of their convention; a focal point makes tokens of
    their own State only."""
    if access.can_manage(user, convention):
        return True
    return state is not None and access.can_act_for_state(user, state, convention)


def token_create(
    *,
    actor,
    name: str,
    convention: Convention,
    state: State | None = None,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token and return it with its secret, which is never stored: the
    caller shows it once."""
    if not can_make_token(actor, convention, state):
        raise PermissionDenied(
            _("Only the convention's ISU staff, or the State's focal point, may.")
        )
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_at": _("A token may live one year at most.")})
    if (
        state is not None
        and not state.participations.filter(convention=convention).exists()
    ):
        raise ValidationError(
            {
                "state": _("%(state)s is not a party to this convention.")
                % {"state": state}
            }
        )
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(),
            prefix=prefix,
            digest=token_digest(raw),
            convention=convention,
            state=state,
            created_by=actor,
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            verb="API token created",
            obj=token,
            changes={"expires_at": [None, expires_at.isoformat()]},
        )
    return token, raw


def can_revoke_token(user, token: ApiToken) -> bool:
    return can_make_token(user, token.convention, token.state)


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    if not can_revoke_token(actor, token):
        raise PermissionDenied(_("You may not revoke this token."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, verb="API token revoked", obj=token)
    return token


# --- The API's side ------------------------------------------------------------------


class TokenUser:
    """Who a request made with a token is: not its maker (nothing of the maker's
    own reach leaks), only the token's scope. Read by ism.access like any user."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, token: ApiToken, roles: access.Roles):
        self.token = token
        self._ism_roles = roles
        self.username = f"token:{token.prefix}"

    def __str__(self) -> str:
        return self.username

    def get_username(self) -> str:
        return self.username

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perms, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer ism_…`. A malformed, unknown, expired or revoked
    token is a 401, never a silent fall-back to anonymous."""

    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Bearer”, with no spaces in it.")
            )
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return self.authenticate_raw(raw)

    def authenticate_raw(self, raw: str):
        parts = raw.removeprefix(TOKEN_PREFIX).split("_", 1)
        if not raw.startswith(TOKEN_PREFIX) or len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = (
            ApiToken.objects.select_related("created_by")
            .filter(prefix=parts[0])
            .first()
        )
        if token is None or not hmac.compare_digest(token.digest, token_digest(raw)):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("This token expired on %(date)s; ask for a new one.")
                % {"date": token.expires_at.date().isoformat()}
            )
        roles = access.roles_of_token(token)
        if roles is None:
            raise exceptions.AuthenticationFailed(
                _("Whoever made this token may no longer grant it; ask for a new one.")
            )
        if token.last_used_at is None or now - token.last_used_at > (
            LAST_USED_RESOLUTION
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return TokenUser(token, roles), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ReadOnlyForTokens(BasePermission):
    """Tokens read; they never change anything, whatever the endpoint."""

    message = "API tokens are read-only."

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiToken):
            return request.method in SAFE_METHODS
        return True


class ApiRateThrottle(SimpleRateThrottle):
    """One budget of requests per token, per signed-in user, or per address for
    anonymous clients. Rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

    def __init__(self):
        # The scope, and so the rate, is known only once the request is read:
        # not None, so that allow_request asks get_cache_key.
        self.rate = "deferred"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            self.scope, ident = "token", request.auth.pk
        elif request.user and request.user.is_authenticated:
            self.scope, ident = "user", request.user.pk
        else:
            self.scope, ident = "anon", self.get_ident(request)
        self.rate = self.get_rate()
        if self.rate is None:
            return None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token, as the OpenAPI schema and the docs' "Authorize" button show it."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An ISM API token (ism_…), made on the API tokens page by ISU staff "
                "or a State's focal point. Read-only; scoped to a convention, and "
                "optionally to one State."
            ),
        }
