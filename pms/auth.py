"""`Authorization: Bearer <token>` for the JSON API and the manual file links."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from pms.models import ApiToken


def user_for_token(raw: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        # Throttled so a busy integration does not write (and audit) on every call.
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token.user


class BearerTokenMiddleware:
    """Authenticate a request that carries a bearer token; such requests need no CSRF token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        request.auth_method = "session"
        if header.startswith("Bearer "):
            raw = header.removeprefix("Bearer ").strip()
            request.auth_method = "token"
            request._dont_enforce_csrf_checks = True
            request.bearer_user = user_for_token(raw) if raw else None
            from django.contrib.auth.models import AnonymousUser

            request.user = SimpleLazyObject(lambda: request.bearer_user or AnonymousUser())
        return self.get_response(request)
