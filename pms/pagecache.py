"""A page's content kept while nothing on board has changed.

Every change to a vessel's records appends to that vessel's audit chain, in the same
transaction, and moves the length of its head (`audit.AuditChainHead`); changes that belong
to no vessel (users, vessels) move the fleet chain. The system check `audit.E001` holds every
model to that: it is audited, or exempt because it is derived (a manual's pages and sections,
the number counter) or not the vessel's data (idempotency records, staged uploads, locks).
So the lengths are a version of everything a page can show, and a page's
rendered content is kept under a key that holds them: the first read after any change, by
anyone, is a miss and renders afresh. A page shows what was just written.

A page of one vessel may show a record of another of the user's vessels (a detail page opened
from a link), so the key holds the lengths of every vessel the user is a member of, and
the fleet's. Besides them, it holds:
- the user (the content shows what their role may do, "assigned to me"); a page is never
  shared between users, let alone vessels. A form's CSRF token in the content is kept as a
  placeholder and each request writes in its own (`pms_pages.csrf_placeholder`), so the user's other
  devices share the page and post with their own token;
- the view and the full path with its query (filters, page number);
- the vessel's day (what is overdue or due soon turns over at midnight).

What depends on the time of day and on nothing written (a counter not read for seven days
turns stale at the minute it was read a week earlier) is at most `PAGE_CACHE_SECONDS` old
(60 s by default; 0 switches the cache off). So is a change made behind the app's back (SQL
on the database moves no chain), but for what a record's own page vouches for: it checks each
signature against the row as it is now, so the row and its signatures are read on every
request and their state, verdicts included, is in the key (`record_state`): SQL that alters a
signed record shows as a broken signature on the next read. Lists, the dashboard, the due
list, the daily rounds, search and record pages are kept.

The lengths are read before anything the content shows (the memberships, read before them to
know the user's vessels, are in the key themselves): a change committed in between makes the
page newer than its key, never older. Only the `{% fresh %}` parts of the layout are kept (the
title and the content); the layout around them (the CSRF token of the header's forms, the
user's messages, the vessel switcher) is rendered for every request. Not kept: anything but a
plain GET of a logged-in user with a vessel, htmx fragments, exports, and answers other than
200. The kept parts live outside the database (`PAGE_CACHE` below, a bounded cache): reading a
page never writes to it (search and every list stay read-only) and a hit costs no round trip.
In production they are files in one directory that every gunicorn worker reads
(`PAGE_CACHE_DIR`, `pms.settings.kept_pages`): a change costs one render per user and page,
whichever worker draws it, kept pages outlive a worker's recycling, and there is still no server
to run beside the app. In development and the tests they are in each worker's memory.
"""

import hashlib
import random
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone

from audit.models import AuditChainHead

PAGE_CACHE = "pages"


class KeptPagesFiles(FileBasedCache):
    """Django's file-based cache, bounded less often. Django's lists the whole directory on every
    write to count its files (`_cull`): up to 2,000 names for each page drawn afresh (2–6 % of a part
    page's time in-process with a few hundred files). This counts them on one write in `CULL_EVERY` of
    each thread (the first included), and then removes what is over MAX_ENTRIES and, as Django does,
    a random share of it (CULL_FREQUENCY): the directory holds at most MAX_ENTRIES pages plus
    `CULL_EVERY` per thread."""

    CULL_EVERY = 32

    def _cull(self):
        self._writes = getattr(self, "_writes", 0) + 1
        if self._writes % self.CULL_EVERY != 1:
            return
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        over = len(files) - self._max_entries + self._max_entries // self._cull_frequency
        for name in random.sample(files, min(over, len(files))):
            self._delete(name)


def chain_lengths(vessel_ids) -> list[tuple[str, int]]:
    """(vessel id or "fleet", the length of its chain) for `vessel_ids` and the fleet, in order: one query."""
    lengths = dict(
        AuditChainHead.objects.filter(Q(vessel_id__in=vessel_ids) | Q(vessel__isnull=True)).values_list(
            "vessel_id", "length"
        )
    )
    return [(str(pk), lengths.get(pk, 0)) for pk in sorted(vessel_ids, key=str)] + [("fleet", lengths.get(None, 0))]


def page_key(request, view_name: str, live=None) -> str | None:
    """The key of this request's page, or None when it is not one to keep."""
    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
    if not seconds or request.method != "GET" or "export" in request.GET:
        return None
    if getattr(request, "htmx", False) or not request.user.is_authenticated:
        return None
    vessel = getattr(request, "vessel", None)
    if vessel is None:
        return None
    parts = (
        view_name,
        request.get_full_path(),
        str(vessel.pk),
        repr(chain_lengths(request.user.vessel_ids())),
        # The memberships were read before the lengths: what the user may do is in the key itself.
        repr(sorted((str(m.vessel_id), m.role) for m in request.user.active_memberships())),
        str(request.user.pk),
        timezone.localdate().isoformat(),
        # Read after the lengths, as the content is: a change in between shows in the state itself.
        live() if live else "",
    )
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def serve(request, view_name: str, render, *, live=None):
    """The page from the cache, or `render()` (a TemplateResponse) with its fresh parts kept.

    `live`: a callable that reads what the page vouches for as it is now and returns its state
    for the key (a record's row and signatures, `record_state`); called after the chain lengths,
    and only when the page is one to keep."""
    key = page_key(request, view_name, live)
    if key is None:
        return render()
    cache = caches[PAGE_CACHE]
    kept = cache.get(key)
    if kept is not None:
        template, parts = kept
        return TemplateResponse(request, template, {"fresh_parts": parts})
    response = render()
    if isinstance(response, TemplateResponse) and response.status_code == 200 and not response.is_rendered:
        parts: dict = {}
        response.context_data = {**(response.context_data or {}), "fresh_store": parts}

        def keep(rendered):
            if parts:
                cache.set(key, (rendered.template_name, parts), settings.PAGE_CACHE_SECONDS)

        response.add_post_render_callback(keep)
    return response


def record_state(record, signatures) -> str:
    """Every column of a record and of its signatures as read now, and each signature's verdict on
    the record (`verified`): a digest that changes with any of them, whoever changed them."""
    rows = [record, *signatures]
    state = [[getattr(row, field.attname) for field in row._meta.concrete_fields] for row in rows]
    state.append([getattr(signature, "verified", None) for signature in signatures])
    return hashlib.sha256(repr(state).encode()).hexdigest()


def view_label(view) -> str:
    """A view's name in the key: its class's or function's dotted path."""
    return f"{view.__module__}.{view.__qualname__}"


class KeptPageMixin:
    """For a class-based view whose GET renders a template: its page kept as `serve` says."""

    def get(self, request, *args, **kwargs):
        return serve(request, view_label(type(self)), lambda: super(KeptPageMixin, self).get(request, *args, **kwargs))


def kept_page(view):
    """`KeptPageMixin` for a function view that returns a TemplateResponse."""
    name = view_label(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve(request, name, lambda: view(request, *args, **kwargs))

    return wrapped
