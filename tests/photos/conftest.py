import io

import pytest
from PIL import Image

from tests.factories import FaultFactory, StepResultFactory, WorkOrderFactory, jpeg_bytes


@pytest.fixture
def fault(aurora):
    return FaultFactory(equipment__vessel=aurora, fault_code="E047", title="Raw water pump leaking")


@pytest.fixture
def work_order(aurora, fault):
    return WorkOrderFactory(vessel=aurora, fault=fault, equipment=fault.equipment, number="WO-2026-0001")


@pytest.fixture
def step_result(work_order, engineer):
    return StepResultFactory(step__work_order=work_order, recorded_by=engineer)


@pytest.fixture
def jpeg() -> bytes:
    return jpeg_bytes((64, 48))


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: where (GPS), with what (make, model, serial) and which way up."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPad Pro"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 44.0, 10.5)  # latitude: Monaco
    gps[3], gps[4] = "E", (7.0, 25.0, 30.0)
    return exif


def png_bytes(size=(20, 10), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 200, 30, 128) if mode == "RGBA" else "green").save(out, format="PNG")
    return out.getvalue()


def stored_image(photo) -> Image.Image:
    with photo.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def stage(person, content: bytes, name: str = "IMG_0001.jpg", **kwargs) -> str:
    return person.upload_id(content, name=name, purpose="photo", **kwargs)


def attach(person, upload_id: str, **target):
    payload = {**{k: str(v.pk) for k, v in target.items()}, "upload_id": upload_id, "caption": "Cracked vane"}
    return person.run("attach_photo", payload)


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
