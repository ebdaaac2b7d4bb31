"""Every URL pattern of the project, read from the resolver (pages, JSON API, admin)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass
class Route:
    route: str
    name: str
    params: set
    callback: object
    is_regex: bool


def routes(resolver=None, prefix="", namespace="", regex=False):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        is_regex = regex or not hasattr(pattern.pattern, "converters")
        if isinstance(pattern, URLResolver):
            ns = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from routes(pattern, prefix + str(pattern.pattern), ns, is_regex)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            params = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
            name = ":".join(n for n in (namespace, pattern.name or "") if n)
            yield Route(route, name, params, pattern.callback, is_regex)


def fill(route: Route, values: dict) -> str:
    def value(match):
        return values[match.group(1)]

    path = re.sub(r"<(?:\w+:)?(\w+)>", value, route.route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, path)  # the groups of a regex route
    return "/" + path.replace("^", "").replace("$", "")
