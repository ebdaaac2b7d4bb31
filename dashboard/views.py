"""The vessel at a glance: the tiles the modules declare (pms.registry.Tile), in their order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.response import TemplateResponse

from pms import registry
from pms.pagecache import kept_page


@login_required
@kept_page
def dashboard(request):
    """Every tile's count links to the list filtered to exactly those rows."""
    vessel = request.vessel
    if vessel is None:
        return render(request, "pms/no_vessel.html", status=403)
    tiles = registry.tiles()
    context = {"tiles": tiles}
    for tile in tiles:
        context.update(tile.context(request, vessel))
    return TemplateResponse(request, "dashboard/dashboard.html", context)
