"""Production's static files storage keeps each name's URL (pms/staticfiles.py): the URL the
manifest gives, worked out once; a name the manifest lacks is refused every time."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from pms.staticfiles import ManifestStaticFiles
from tests.processes import production_setting


@pytest.fixture
def root(tmp_path):
    manifest = {"version": "1.1", "paths": {"css/pms.css": "css/pms.0123abcd.css"}, "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return tmp_path


def test_a_names_url_is_the_manifests_and_worked_out_once(root, monkeypatch):
    kept = ManifestStaticFiles(location=str(root), base_url="/static/")
    plain = CompressedManifestStaticFilesStorage(location=str(root), base_url="/static/")
    looked_up = []
    original = CompressedManifestStaticFilesStorage.stored_name
    monkeypatch.setattr(
        CompressedManifestStaticFilesStorage,
        "stored_name",
        lambda self, name: looked_up.append(name) or original(self, name),
    )

    assert kept.url("css/pms.css") == plain.url("css/pms.css") == "/static/css/pms.0123abcd.css"
    looked_up.clear()
    assert [kept.url("css/pms.css") for _ in range(3)] == ["/static/css/pms.0123abcd.css"] * 3
    assert looked_up == []


def test_a_name_missing_from_the_manifest_is_refused_every_time(root):
    kept = ManifestStaticFiles(location=str(root), base_url="/static/")

    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            kept.url("css/missing.css")


def test_production_serves_static_files_through_it():
    assert production_setting("settings.STORAGES['staticfiles']['BACKEND']") == "pms.staticfiles.ManifestStaticFiles"
