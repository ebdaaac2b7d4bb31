"""Manual pages: the library with its upload form, a manual, a section, and the file itself.

The file view serves local-disk storage only (S3 links go straight to S3). It answers
404 for a manual the user may not see (another vessel, or no such manual) and 403 for
a link that is expired (older than 30 minutes) or tampered with.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views import View

from manuals import selectors
from manuals.forms import ManualUploadForm
from manuals.links import SIGNING_SALT, StorageAccessError, file_link
from manuals.models import ManualDocument, ManualSection
from manuals.services import can_upload_manual, upload_manual
from pms import filelinks
from pms.exports import Column, choice
from pms.generic import ScopedDetailView, ScopedListView
from pms.tenancy import get_scoped_or_404


class ManualList(ScopedListView):
    queryset = ManualDocument.objects.all()
    template_name = "manuals/manual_list.html"
    export_name = "manuals"
    export_columns = (
        Column("Title", "title"),
        Column("Manufacturer", "manufacturer"),
        Column("Model", "model"),
        Column("Version", "revision"),
        Column("Pages", "page_count"),
        Column("Status", choice("status")),
        Column("Uploaded at (UTC)", "created_at"),
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if can_upload_manual(self.request.user, self.request.vessel):
            ctx.setdefault("upload_form", ManualUploadForm())
            ctx["max_upload_mb"] = settings.MANUAL_MAX_UPLOAD_BYTES // (1024 * 1024)
        return ctx

    def post(self, request, *args, **kwargs):
        if not can_upload_manual(request.user, request.vessel):
            raise PermissionDenied("Only a head of department may add manuals.")
        form = ManualUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = upload_manual(
                    vessel=request.vessel,
                    uploaded_by=request.user,
                    file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    manufacturer=form.cleaned_data["manufacturer"],
                    model=form.cleaned_data["model"],
                    revision=form.cleaned_data["revision"],
                )
            except StorageAccessError as exc:
                form.add_error(None, str(exc))
            else:
                document.refresh_from_db()
                messages.success(request, f"{document.title} uploaded: {document.get_status_display().lower()}.")
                return redirect(document)
        return self.render_to_response(self.get_context_data(upload_form=form), status=400)


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
    keep_page = False  # it asks storage for the PDF on every read, and says so when it is not there

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        section = ctx["object"]
        ctx["related_sections"] = selectors.related_sections(section)
        try:
            ctx["pdf_url"], ctx["pdf_url_expires_at"] = file_link(section.document, page=section.page_number)
        except StorageAccessError as exc:
            ctx["pdf_error"] = str(exc)
        return ctx


class ManualFile(View):
    """Streams a manual's PDF to a member of its vessel holding a valid, unexpired link."""

    def get(self, request, pk):
        if (anonymous := filelinks.login_required_response(request)) is not None:
            return anonymous
        document = get_scoped_or_404(ManualDocument.objects.all(), request.user, pk=pk)
        return filelinks.serve_signed_file(
            request,
            document,
            document.file,
            salt=SIGNING_SALT,
            content_type="application/pdf",
            filename=f"{slugify(document.title) or 'manual'}.pdf",
            expired="This link has expired. Open the manual section again for a new link.",
            unreadable="The manual's file could not be read from storage.",
        )
