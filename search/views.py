from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from pms.pagecache import kept_page
from search.services import search


@require_GET
@login_required
@vary_on_headers("HX-Request", "HX-Target")
@kept_page
def search_view(request):
    """The full results page; with htmx (live results as you type) just the results fragment, or
    the short list under the header's search box when that box asked (HX-Target: header-results)."""
    results = search(vessel=request.vessel, query=request.GET.get("q", ""))
    template = "search/search.html"
    if request.htmx:
        template += "#header" if request.htmx.target == "header-results" else "#results"
    return TemplateResponse(request, template, {"results": results})
