import socket

import boto3
import pytest
from django.core.files.base import ContentFile

from equipment.models import Equipment
from manuals.pdfgen import demo_manual_pdf
from manuals.services import upload_manual
from tests.factories import EquipmentFactory

BUCKET = "pms-manuals-test"
REGION = "eu-west-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

COOLING_PDF_SECTIONS = [
    ("1 General", ["Safety first. Read the whole manual.", "Technical data for the C32."], []),
    ("2 Cooling system", ["The raw water pump feeds the heat exchanger.", "Impeller replacement."], ["E047"]),
    ("3 Lubrication", ["Oil pressure low: check the sender, code spn  110 fmi 0."], []),
    ("4 Alarms", ["Alarm A-102 means high exhaust temperature. See also e047 above."], []),
]


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server (moto) on loopback for the whole test session."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield {"endpoint": endpoint, "client": client}
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_server):
    """Point the default storage at the S3 server, as pms/settings.py does when a bucket is set."""
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_server["endpoint"]
    settings.AWS_S3_REGION_NAME = REGION
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_ACCESS_KEY_ID = CREDENTIALS["AWS_ACCESS_KEY_ID"]
    settings.AWS_SECRET_ACCESS_KEY = CREDENTIALS["AWS_SECRET_ACCESS_KEY"]
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    return s3_server["client"]


def upload(vessel, user, pdf: bytes, *, capture, title="C32 Operation and Maintenance Manual", **fields):
    """Upload through the service and run the ingest task its commit enqueues."""
    fields = {"manufacturer": "Caterpillar", "model": "C32", **fields}
    with capture(execute=True):
        document = upload_manual(
            vessel=vessel, uploaded_by=user, file=ContentFile(pdf, name="manual.pdf"), title=title, **fields
        )
    document.refresh_from_db()
    return document


@pytest.fixture
def cooling_pdf() -> bytes:
    return demo_manual_pdf("C32 main engine", COOLING_PDF_SECTIONS)


@pytest.fixture
def main_engine(aurora) -> Equipment:
    return EquipmentFactory(
        vessel=aurora, code="ME-PS", name="Main engine port", manufacturer="Caterpillar", model="C32"
    )
