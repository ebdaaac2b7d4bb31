"""`POST /uploads/` and `POST /api/v1/uploads`: stage a file for an action (pms.uploads)."""

from django.http import JsonResponse

from pms import uploads
from pms.actions.api import api_view
from pms.actions.base import ActionError
from pms.tenancy import current_vessel, member_vessel_ids

# Multipart framing around the file: boundaries, headers, the purpose field.
FRAMING_BYTES = 64 * 1024


@api_view(("POST",))
def upload_file(request):
    """Multipart `file` and `purpose` (and `vessel`, a code, when not the current vessel).

    A body larger than the largest purpose allows is refused before it is read.
    """
    largest = max((p.max_bytes for p in uploads.PURPOSES.values()), default=0)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    wanted = uploads.PURPOSES.get(request.GET.get("purpose", ""))
    limit = wanted or uploads.Purpose(name="file", max_bytes=largest)
    if length > limit.max_bytes + FRAMING_BYTES:
        uploads.refuse_oversized(limit, length - FRAMING_BYTES)
    purpose = uploads.purpose_named(request.POST.get("purpose") or request.GET.get("purpose", ""))
    vessel = _vessel(request)
    upload = uploads.stage(user=request.user, vessel=vessel, purpose=purpose, uploaded=request.FILES.get("file"))
    return JsonResponse(
        {
            "status": "success",
            "upload_id": str(upload.pk),
            "name": upload.name,
            "size": upload.size,
            "sha256": upload.sha256,
            "content_type": upload.content_type,
        },
        status=201,
    )


def _vessel(request):
    from pms.models import Vessel

    code = request.POST.get("vessel") or request.GET.get("vessel")
    if code:
        vessel = Vessel.objects.filter(code__iexact=code, id__in=member_vessel_ids(request.user)).first()
    else:
        vessel = current_vessel(request.user)
    if vessel is None:
        raise ActionError("NOT_FOUND", "No vessel of yours to upload to.", field="vessel")
    return vessel
