"""What a server's master process does once the app is loaded, before it forks its workers.

Python's cyclic garbage collector stops the process while it walks every object it tracks, and
a full collection walks all of them: about 150,000 once Django, the models and the URL patterns
are loaded, ~100 ms on the 2-core onboard server. A worker runs one when enough objects have
survived its younger collections, every few hundred requests under load, and holds the GIL
throughout: both of the worker's threads stop, so a page that happens to be in that worker waits.
Under a burst of signed completions (each leaves many objects behind) this put 150–400 ms tails
on other users' pages (`make bench`, "pages while others sign").

Objects loaded before the fork live as long as the process and are never garbage, so the
master moves them to the permanent generation (`gc.freeze`), which collections skip: a worker's
full collection then walks what the worker made itself (about 25,000 objects after its first
pages, ~13 ms). Python's documentation recommends freezing right before a fork too, so that
the children's collections leave the parent's objects alone and their memory stays shared
(copy-on-write). Called from gunicorn's `when_ready` (gunicorn.conf.py),
which runs after `preload_app` has loaded the app and before the first worker is forked.
"""

import gc

from django.urls import get_resolver


def settle_before_fork() -> int:
    """Load the URL patterns (resolved lazily on the first request otherwise), collect what
    loading left behind, and freeze the rest. Returns the number of objects frozen."""
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 - reading it loads and indexes every URL pattern
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
