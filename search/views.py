from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from search.services import search


@require_GET
@login_required
def search_view(request):
    """The full results page, or with htmx (live results as you type) just the results fragment."""
    results = search(vessel=request.vessel, query=request.GET.get("q", ""))
    template = "search/search.html#results" if request.htmx else "search/search.html"
    response = render(request, template, {"results": results})
    patch_vary_headers(response, ["HX-Request"])
    return response
