"""Idle expiry for sessions without a database write on every request."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_SEEN = "last_seen"


@receiver(user_logged_in)
def stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """Refresh an authenticated session's expiry when it was last refreshed a while ago."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated and request.auth_method == "session":
            now = int(time.time())
            if now - session.get(LAST_SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[LAST_SEEN] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
