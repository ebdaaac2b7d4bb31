from manuals.models import ManualDocument, ManualSection
from pms.generic import ScopedDetailView, ScopedListView


class ManualList(ScopedListView):
    queryset = ManualDocument.objects.all()
    template_name = "manuals/manual_list.html"


class ManualDetail(ScopedDetailView):
    queryset = ManualDocument.objects.all()
    template_name = "manuals/manual_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sections"] = ctx["object"].sections.prefetch_related("fault_code_index")
        return ctx


class SectionDetail(ScopedDetailView):
    queryset = ManualSection.objects.select_related("document").prefetch_related("fault_code_index")
    template_name = "manuals/section_detail.html"
