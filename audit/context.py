"""Who is changing data, and why: the audit context the signal handlers read.

The action runner, the request middleware and management commands set it. A change
made with no context at all is still logged, as `system:<command>`.
"""

import contextlib
import sys
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AuditContext:
    actor: object | None = None
    actor_label: str = ""
    action_name: str = ""
    request_id: str = ""
    signature: object | None = None


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def _process_label() -> str:
    argv = sys.argv
    if len(argv) > 1 and argv[0].endswith("manage.py"):
        return f"system:{argv[1]}"
    return f"system:{argv[0].rsplit('/', 1)[-1] if argv else 'unknown'}"


def current() -> AuditContext:
    ctx = _current.get()
    if ctx is None:
        return AuditContext(actor_label=_process_label())
    if not ctx.actor_label:
        label = ctx.actor.get_username() if ctx.actor is not None else _process_label()
        return replace(ctx, actor_label=label)
    return ctx


@contextlib.contextmanager
def audit_context(**values):
    """Set (parts of) the audit context for the block; unset values are inherited."""
    base = _current.get() or AuditContext()
    token = _current.set(replace(base, **values))
    try:
        yield
    finally:
        _current.reset(token)


def set_signature(signature) -> None:
    """Attach a signature to the rest of the enclosing `audit_context` block."""
    _current.set(replace(_current.get() or AuditContext(), signature=signature))


class AuditRequestMiddleware:
    """Every change made while serving a request names its user and a request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id
        user = request.user if request.user.is_authenticated else None
        with audit_context(actor=user, actor_label="", request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


_collector: ContextVar[list | None] = ContextVar("audit_collector", default=None)


@contextlib.contextmanager
def collect_entries():
    """Collect the ids of the audit entries written inside the block."""
    ids: list[int] = []
    token = _collector.set(ids)
    try:
        yield ids
    finally:
        _collector.reset(token)


def note_entry(entry_id: int) -> None:
    ids = _collector.get()
    if ids is not None:
        ids.append(entry_id)
