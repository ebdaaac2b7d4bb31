"""attach_photo: a photo from the tablet's camera on a fault, a work order or a step result (any member).

The file is staged first (upload purpose "photo", checked by content in photos.images) and named
here by its `upload_id`; execute re-encodes it without metadata, stores it, consumes the staged
upload and queues its thumbnail. A photo may be added to a completed, verified or cancelled work
order and to a resolved or closed fault: it is evidence added after the fact, and a completion's
signature covers the completion notes, the parts used and the completion time, not the photos.
"""

from django import forms

from equipment.selectors import find_fault
from photos import images
from photos.models import Photo
from photos.selectors import find_step_result
from photos.serializers import photo_dict
from photos.services import store_photo
from pms import uploads
from pms.actions.base import Action, ActionError, Plan, Ref, Target, register
from pms.actions.forms import ActionForm, UploadField, id_field
from pms.models import Upload
from pms.roles import ANY_MEMBER
from workorders.models import OPEN_STATUSES
from workorders.selectors import find_work_order

PURPOSE = "photo"
uploads.register_purpose(
    PURPOSE, max_bytes=images.MAX_BYTES, accept=images.ACCEPT, capture=True, check=images.check_photo
)

# (payload field, the Target's name for the record, how to find it for a user)
TARGETS = (
    ("fault_id", "fault", find_fault),
    ("work_order_id", "work_order", find_work_order),
    ("step_result_id", "step_result", find_step_result),
)


class AttachPhotoForm(ActionForm):
    fault_id = id_field("Fault", required=False, widget=forms.HiddenInput)
    work_order_id = id_field("Work order", required=False, widget=forms.HiddenInput)
    step_result_id = id_field("Step result", required=False, widget=forms.HiddenInput)
    upload_id = UploadField(purpose=PURPOSE, label="Photo")
    caption = forms.CharField(label="Caption", max_length=200, required=False)


def record_label(kind: str, record) -> str:
    if kind == "fault":
        return f"fault {record.fault_code or record.title}"
    if kind == "work_order":
        return f"work order {record.number}"
    return f"step {record.step.position} of {record.work_order.number}"


@register
class AttachPhoto(Action):
    name = "attach_photo"
    roles = ANY_MEMBER
    label = "Attach a photo"
    description = "A photo from the camera on a fault, a work order or a step result; stored without location data."
    example_payload = {
        "fault_id": Ref("equipment.fault"),
        "work_order_id": None,
        "step_result_id": None,
        "upload_id": Ref("pms.upload"),
        "caption": "Impeller vanes cracked.",
    }
    form_class = AttachPhotoForm
    template_name = "photos/actions/attach_photo.html"

    def resolve(self, *, user, data, vessel):
        # Every id given is looked up (another vessel's is its *_NOT_FOUND), then exactly one must be given.
        found = [(kind, find(user=user, pk=data[field])) for field, kind, find in TARGETS if data.get(field)]
        if len(found) != 1:
            raise ActionError(
                "VALIDATION_ERROR",
                "Attach the photo to exactly one fault, work order or step result.",
                field="fault_id",
            )
        [(kind, record)] = found
        upload = None
        if data.get("upload_id"):
            upload = uploads.take(data["upload_id"], user=user, vessel=record.vessel, purpose=PURPOSE)
        return Target(vessel=record.vessel, objects={kind: record, "kind": kind, "record": record, "upload": upload})

    def lock(self, *, user, data, target):
        # The staged upload is consumed once: a second execute (another key) waits here, then finds it gone.
        upload = Upload.objects.select_for_update().filter(pk=target.upload.pk).first()
        if upload is None:
            raise ActionError("UPLOAD_NOT_FOUND", "No such upload: send the file again.", field="upload_id")
        return Target(vessel=target.vessel, objects={**target.objects, "upload": upload})

    def prefill(self, *, user, target, params):
        field = {kind: field for field, kind, _ in TARGETS}[target.kind]
        return {
            field: str(target.record.pk),
            "target": {
                "kind": target.kind,
                "id": str(target.record.pk),
                "label": record_label(target.kind, target.record),
            },
            "max_size": uploads.human_size(images.MAX_BYTES),
            "formats": "JPEG, PNG or HEIC" if images.HEIF_SUPPORTED else "JPEG or PNG",
        }

    def plan(self, *, user, data, target):
        upload = target.upload
        with upload.file.open("rb") as handle:
            width, height, image_format = images.read_dimensions(handle)
        label = record_label(target.kind, target.record)
        plan = Plan()
        plan.change("photo", target.kind, None, label, model=Photo)
        plan.change("photo", "file", None, upload.name, model=Photo)
        plan.change("photo", "size", None, uploads.human_size(upload.size), model=Photo)
        plan.change("photo", "dimensions", None, f"{width} × {height}", model=Photo)
        if data.get("caption"):
            plan.change("photo", "caption", None, data["caption"], model=Photo)
        plan.side_effects.append(
            "Location and camera data removed: the photo is stored re-encoded, without EXIF or GPS."
        )
        if image_format == "HEIF":
            plan.side_effects.append("The HEIC photo is stored as JPEG.")
        plan.side_effects.append("A thumbnail is made in the background.")
        if target.kind == "work_order" and target.record.status not in OPEN_STATUSES:
            plan.side_effects.append(
                f"{target.record.number} is {target.record.get_status_display().lower()}: "
                "the photo is added as evidence; nothing else on it changes (a signed completion does not change)."
            )
        return plan

    def apply(self, *, user, data, target, plan):
        photo = store_photo(
            vessel=target.vessel,
            taken_by=user,
            upload=target.upload,
            caption=data.get("caption", ""),
            **{target.kind: target.record},
        )
        return {
            "id": str(photo.pk),
            "photo": photo_dict(photo),
            "target": {"kind": target.kind, "id": str(target.record.pk)},
        }

    def message(self, result):
        return "Photo attached; location and camera data removed."
