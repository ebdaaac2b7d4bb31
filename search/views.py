from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from pms.pagecache import kept_page
from search.services import search


@require_GET
@login_required
@kept_page
def search_view(request):
    """The full results page; with htmx (live results as you type) just the results fragment, or
    the short list under the header's search box when that box asked (HX-Target: header-results)."""
    results = search(vessel=request.vessel, query=request.GET.get("q", ""))
    template = "search/search.html"
    if request.htmx:
        template += "#header" if request.htmx.target == "header-results" else "#results"
    response = TemplateResponse(request, template, {"results": results})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response
