"""Pages are never kept by the browser: Back shows the record as it is now, not as it was.

A tablet that pressed Back after adding a note showed the page from before the note
("No notes yet"), and people added it again. Every page the app renders says
`Cache-Control: no-store` unless its view chose a policy of its own; static files never get
here (WhiteNoise answers them first, with far-future caching of hashed names).
"""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
