"""The photos' slice of the demo data (`photos.json`): a photo on an AURORA fault, and one on the
failed step of the watermaker's last cleaning (the maintenance demo's failed check).

Each photo names its fault by the equipment demo's key (`ctx.shared["faults"]`), who took it,
its caption and the size of the picture, which is drawn here (a gauge with its needle in the
red) rather than kept as a binary file. It goes the way a tablet's photo goes: staged as an
upload (checked by content), then stored re-encoded by `store_photo`; its thumbnail is made
once the seed commits. A fault that already has a photo with that caption gets no second one.
"""

import io

from PIL import Image, ImageDraw

from maintenance.models import StepResult
from photos.models import Photo
from photos.services import store_photo
from pms.demo import load_data
from pms.uploads import stage_bytes

DEPENDS_ON = ("equipment", "maintenance")

PHOTOS = load_data(__name__, "photos.json")["photos"]
STEP_PHOTO = load_data(__name__, "photos.json")["step_photo"]


def gauge_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG of a temperature gauge with its needle in the red."""
    width, height = size
    image = Image.new("RGB", size, (38, 44, 52))
    draw = ImageDraw.Draw(image)
    box = (width * 0.2, height * 0.1, width * 0.8, height * 0.1 + width * 0.6)
    draw.ellipse(box, fill=(235, 235, 225), outline=(90, 90, 90), width=8)
    draw.pieslice(box, start=300, end=340, fill=(200, 40, 30))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    draw.line((cx, cy, cx + width * 0.22, cy - width * 0.12), fill=(20, 20, 20), width=6)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def seed(ctx) -> None:
    for spec in PHOTOS:
        fault = ctx.shared["faults"][spec["fault"]]
        if Photo.objects.filter(fault=fault, caption=spec["caption"]).exists():
            continue
        taken_by = ctx.users[spec["taken_by"]]
        upload = stage_bytes(
            user=taken_by,
            vessel=fault.vessel,
            purpose="photo",
            content=gauge_jpeg(tuple(spec["size"])),
            name=spec["name"],
        )
        store_photo(vessel=fault.vessel, taken_by=taken_by, upload=upload, caption=spec["caption"], fault=fault)
        ctx.created += 1
    seed_step_photo(ctx)


def housing_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG of a filter housing with water drops at its seal."""
    width, height = size
    image = Image.new("RGB", size, (60, 66, 74))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((width * 0.3, height * 0.15, width * 0.7, height * 0.85), radius=30, fill=(180, 184, 190))
    draw.rectangle((width * 0.27, height * 0.3, width * 0.73, height * 0.36), fill=(30, 30, 30))
    for i in range(5):
        x = width * (0.34 + i * 0.08)
        draw.ellipse((x, height * 0.4 + i * 6, x + 14, height * 0.4 + i * 6 + 20), fill=(70, 140, 220))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def seed_step_photo(ctx) -> None:
    spec = STEP_PHOTO
    result = (
        StepResult.objects.filter(
            failed=True, work_order__planned__job__code=spec["job"], work_order__vessel__code=spec["vessel"]
        )
        .order_by("-created_at")
        .first()
    )
    if result is None or Photo.objects.filter(step_result=result).exists():
        return
    taken_by = ctx.users[spec["taken_by"]]
    upload = stage_bytes(
        user=taken_by, vessel=result.vessel, purpose="photo", content=housing_jpeg((640, 480)), name=spec["name"]
    )
    store_photo(vessel=result.vessel, taken_by=taken_by, upload=upload, caption=spec["caption"], step_result=result)
    ctx.created += 1
