"""`{% fresh "name" %}…{% endfresh %}`: a part of the layout kept with the page (pms.pagecache).

When the page comes from the cache the part is its kept HTML and the enclosed template is not
rendered at all (the view computed nothing for it); otherwise the part renders as usual and,
when the page is being kept, is handed to the cache with it.
"""

from functools import cache

from django import template
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

register = template.Library()


@cache
def csrf_placeholder() -> str:
    """What stands for the request's CSRF token in a kept part: derived from the secret key, so no
    one can type it into a record to have it replaced."""
    return "csrf-" + salted_hmac("pms.pagecache", "csrf token placeholder", algorithm="sha256").hexdigest()[:32]


class FreshNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        token = context.get("csrf_token")
        kept = context.get("fresh_parts")
        if kept is not None:
            html = kept.get(self.name, "")
            if token is not None:
                html = html.replace(csrf_placeholder(), str(token))
            return mark_safe(html)
        html = self.nodelist.render(context)
        store = context.get("fresh_store")
        if store is not None:
            # One token per render (the context's lazy csrf_token): kept as the placeholder.
            store[self.name] = str(html).replace(str(token), csrf_placeholder()) if token is not None else str(html)
        return html


@register.tag
def fresh(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('usage: {% fresh "name" %}…{% endfresh %}')
    nodelist = parser.parse(("endfresh",))
    parser.delete_first_token()
    return FreshNode(bits[1][1:-1], nodelist)
