from handover.models import HandoverItem
from pms.generic import ScopedListView


class HandoverBoard(ScopedListView):
    queryset = HandoverItem.objects.filter(acknowledged_at__isnull=True).select_related("added_by")
    template_name = "handover/board.html"
