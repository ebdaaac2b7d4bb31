"""URLs reversed once per process, not on every link of every page.

`reverse()` walks the URL resolver (about 30 µs a call on this hardware), and a list page
reverses a link per row. The URL configuration does not change while a process runs, so:

- `record_url(viewname, pk)` reverses a record's page once with a placeholder id and then
  only splices the row's id in (every domain row has a UUID key and a `<uuid:pk>` route);
- `cached_reverse(...)` keeps the answers for plain arguments (text, numbers, UUIDs) in a bounded LRU, and
  the `{% url %}` tag of every template (pms.templatetags.pms_format, a builtin) uses it.

Both key on the script prefix and the thread's URLconf, so a deployment under a sub-path, or a
request with its own urlconf, still gets its own answer.
"""

import uuid
from functools import lru_cache

from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

PLACEHOLDER = uuid.UUID(int=0)
# Arguments whose text never changes: the only ones an answer is kept for.
PLAIN = frozenset({str, int, uuid.UUID})


@lru_cache(maxsize=256)
def _record_url_parts(viewname: str, prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(viewname, args=[PLACEHOLDER], urlconf=urlconf)
    head, found, tail = url.partition(str(PLACEHOLDER))
    if not found:
        raise NoReverseMatch(f"{viewname!r} does not put its id in the path")
    return head, tail


def record_url(viewname: str, pk) -> str:
    """The path of a record's page: reverse(viewname, args=[pk]) for a `<uuid:pk>` route."""
    head, tail = _record_url_parts(viewname, get_script_prefix(), get_urlconf())
    return f"{head}{pk}{tail}"


@lru_cache(maxsize=4096)
def _reverse(viewname, args: tuple, kwargs: tuple, current_app, prefix: str, urlconf) -> str:
    return reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app, urlconf=urlconf)


def cached_reverse(viewname, *, args=(), kwargs=None, current_app=None) -> str:
    args = tuple(args)
    kwargs = tuple(sorted((kwargs or {}).items()))
    if not all(type(value) in PLAIN for value in (*args, *(v for _, v in kwargs))):
        # A model instance or anything else whose text may change: reverse it as it is.
        return reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app)
    return _reverse(viewname, args, kwargs, current_app, get_script_prefix(), get_urlconf())


class CachedURLNode(defaulttags.URLNode):
    """Django's `{% url %}`, answered from `cached_reverse`."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = cached_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def url_tag(parser, token):
    """`{% url %}` exactly as Django parses it, rendered by CachedURLNode."""
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
