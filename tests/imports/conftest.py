import pytest

from imports.actions.import_plan import PURPOSE


def csv_file(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


class Importer:
    """A person importing files on a vessel through the JSON API: stage, preview, execute."""

    def __init__(self, client, vessel):
        self.client, self.vessel = client, vessel

    def stage(self, content: bytes, name: str = "plan.xlsx") -> str:
        return self.client.upload_id(content, name=name, purpose=PURPOSE, vessel=self.vessel.code)

    def payload(self, content: bytes, name: str = "plan.xlsx", kind: str = "") -> dict:
        return {"upload_id": self.stage(content, name), "kind": kind}

    def preview(self, content: bytes, name: str = "plan.xlsx", kind: str = ""):
        return self.client.preview("import_plan", self.payload(content, name, kind))

    def report(self, content: bytes, name: str = "plan.xlsx", kind: str = "") -> dict:
        response = self.preview(content, name, kind)
        assert response.status_code == 200, response.json()
        return response.json()["preview"]["report"]

    def run(self, content: bytes, name: str = "plan.xlsx", kind: str = ""):
        return self.client.run("import_plan", self.payload(content, name, kind))


@pytest.fixture
def as_chief(actions, chief, aurora):
    return Importer(actions.as_user(chief), aurora)


def outcomes(report: dict) -> list[tuple]:
    return [(r["kind"], r["row"], r["key"], r["outcome"]) for r in report["rows"]]


def problems(report: dict) -> list[str]:
    return [p for r in report["rows"] for p in r["problems"]]
