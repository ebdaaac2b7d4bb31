"""Django 6.1 fetch modes as an N+1 guard for the test suite.

While a request is served (pages, the JSON API, the admin), a lazy load (a foreign key, a
deferred field) on a row that was fetched alone costs one query and is fine; the same load
on a row fetched together with others is the first of N queries, and raises
FieldFetchBlocked, so the test shows where a select_related / prefetch_related / only() is
missing. Code outside requests (the tests' own assertions, commands) loads as usual.
"""

import contextlib
from contextvars import ContextVar

import django.db.models.query
from django.core.signals import request_finished, request_started
from django.db.models.fetch_modes import FETCH_ONE, FETCH_RAISE, FetchMode

_serving: ContextVar[bool] = ContextVar("serving_request", default=False)


class FetchRaiseInLists(FetchMode):
    __slots__ = ()

    track_peers = True

    def fetch(self, fetcher, instance):
        if _serving.get() and sum(1 for peer in instance._state.peers if peer() is not None) > 1:
            FETCH_RAISE.fetch(fetcher, instance)
        FETCH_ONE.fetch(fetcher, instance)

    def __reduce__(self):
        return "FETCH_RAISE_IN_LISTS"


FETCH_RAISE_IN_LISTS = FetchRaiseInLists()


def _started(**kwargs):
    _serving.set(True)


def _finished(**kwargs):
    _serving.set(False)


@contextlib.contextmanager
def n_plus_one_guard():
    """Make FETCH_RAISE_IN_LISTS the default fetch mode, armed while a request is served."""
    default = django.db.models.query.DEFAULT_FETCH_MODE
    django.db.models.query.DEFAULT_FETCH_MODE = FETCH_RAISE_IN_LISTS
    request_started.connect(_started, dispatch_uid="n_plus_one_guard")
    request_finished.connect(_finished, dispatch_uid="n_plus_one_guard")
    try:
        yield
    finally:
        request_started.disconnect(dispatch_uid="n_plus_one_guard")
        request_finished.disconnect(dispatch_uid="n_plus_one_guard")
        django.db.models.query.DEFAULT_FETCH_MODE = default
