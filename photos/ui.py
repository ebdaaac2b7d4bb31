"""What the photos module declares: its read-API collection, panels on the fault, work order and
equipment pages, and the "Attach a photo" button on faults and work orders."""

from photos.links import image_link, thumbnail_link
from photos.models import Photo
from photos.selectors import photos_of, photos_on_equipment, photos_on_work_order
from photos.serializers import photo_dict
from pms import registry

registry.register_collection(
    registry.Collection(
        name="photos",
        queryset=lambda: Photo.objects.select_related("vessel", "taken_by"),
        serialize=photo_dict,
        search=("caption", "original_name"),
        filters=("fault", "work_order", "step_result"),
    )
)


def shown(photo) -> dict:
    """A photo as a panel draws it: its links (a placeholder while the thumbnail is made)."""
    return {"photo": photo, "url": image_link(photo), "thumbnail_url": thumbnail_link(photo)}


def _panel(photos, *, title: str) -> dict | None:
    if not photos:
        return None
    return {"title": title, "photos": [shown(p) for p in photos]}


def fault_photos_panel(request, fault):
    return _panel(photos_of(fault=fault), title="Photos")


def work_order_photos_panel(request, work_order):
    return _panel(photos_on_work_order(work_order), title="Photos")


def equipment_photos_panel(request, equipment):
    return _panel(photos_on_equipment(equipment), title="Latest photos")


for model, context, order in (
    ("equipment.fault", fault_photos_panel, 30),
    ("workorders.workorder", work_order_photos_panel, 30),
    ("equipment.equipment", equipment_photos_panel, 40),
):
    registry.register_panel(
        registry.Panel(model=model, name="photos", template="photos/_photos_panel.html", context=context, order=order)
    )

registry.register_button(
    registry.ObjectButton(
        model="equipment.fault",
        action="attach_photo",
        params=lambda fault: {"fault_id": fault.pk},
        target="fault",
        order=40,
        primary=False,
    )
)
registry.register_button(
    registry.ObjectButton(
        model="workorders.workorder",
        action="attach_photo",
        params=lambda work_order: {"work_order_id": work_order.pk},
        shown=lambda work_order: work_order.status != "cancelled",  # the action allows it; the page does not offer it
        target="work_order",
        order=40,
        primary=False,
    )
)
