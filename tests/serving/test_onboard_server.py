"""`make run` serves like an onboard server: gunicorn with DEBUG off, WhiteNoise, the app's own
error pages, and 40 tablets at once get answers, not connection resets.

The server is started exactly as `make run` starts it (scripts/serve-onboard.sh), on a free
loopback port, against a fresh SQLite database that the script migrates and seeds itself.
"""

import http.client
import re
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from pms.management.commands.seed_demo import DEMO_PASSWORD
from pms.secret_key import local_secret_key
from tests.processes import environment, free_port, running, wait_until

pytestmark = pytest.mark.processes

TABLETS = 40


class Server:
    def __init__(self, port):
        self.port = port

    def request(self, method, path, *, cookies=None, body=None, headers=None):
        """(status, headers, text) of one request on a connection of its own."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = dict(headers or {})
            if cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode(errors="replace")
        finally:
            connection.close()

    def log_in(self, username) -> dict:
        _, headers, page = self.request("GET", "/login/")
        cookies = cookies_of(headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urlencode({"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
        status, headers, _ = self.request(
            "POST",
            "/login/",
            cookies=cookies,
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, status
        return {**cookies, **cookies_of(headers)}


def cookies_of(headers) -> dict:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


@pytest.fixture(scope="module")
def onboard_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("onboard")
    port = free_port()
    log = tmp_path / "server.log"
    env = environment(
        PORT=port,
        DATABASE_URL=f"sqlite:///{tmp_path / 'onboard.sqlite3'}",
        STATIC_ROOT=tmp_path / "static",
        MEDIA_ROOT=tmp_path / "media",
    )
    with running(["bash", "scripts/serve-onboard.sh"], env=env, log=log) as process:
        server = Server(port)
        wait_until(
            lambda: server.request("GET", "/healthz")[0] == 200,
            timeout=120,
            what="the onboard server answering /healthz",
            log=log,
            process=process,
        )
        yield server, log


def test_the_onboard_server_answers_40_tablets_at_once(onboard_server):
    server, log = onboard_server
    session = server.log_in("chief")

    def tablet(_):
        try:
            login_page = server.request("GET", "/login/")
            dashboard = server.request("GET", "/", cookies=session)
            return login_page[0], dashboard[0], dashboard[2]
        except OSError as error:  # a reset or refused connection
            return "error", repr(error), ""

    with ThreadPoolExecutor(max_workers=TABLETS) as pool:
        answers = list(pool.map(tablet, range(TABLETS)))

    failures = [a[:2] for a in answers if a[0] != 200 or a[1] != 200]
    assert not failures, f"{len(failures)} of {TABLETS} tablets failed: {failures[:5]}\n{log.read_text()[-3000:]}"
    assert all("Aurora" in page and "Marco Bianchi" in page for *_, page in answers)


def test_the_onboard_server_runs_with_debug_off_whitenoise_and_its_own_error_pages(onboard_server):
    server, log = onboard_server

    status, headers, page = server.request("GET", "/login/")
    assert status == 200 and headers["Server"].startswith("gunicorn")
    assert "demo-pass-2026" in page  # DEMO_MODE is on
    assert "no-store" in headers["Cache-Control"]
    stylesheet = re.search(r'href="(/static/css/pms\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "static files have hashed names from collectstatic"
    status, headers, _ = server.request("GET", stylesheet.group(1))
    assert status == 200 and "max-age=315360000" in headers["Cache-Control"]

    status, _, page = server.request("GET", "/no-such-page/")
    assert status == 404 and "<h1>Not found</h1>" in page and "URLconf" not in page
    assert server.request("GET", "/favicon.ico")[0] == 200
    assert "Log in at http://127.0.0.1:" in log.read_text() and "/login/" in log.read_text()


def test_a_fresh_checkout_gets_its_own_secret_key_once(tmp_path):
    path = tmp_path / "secret"

    first = local_secret_key(path)

    assert len(first) >= 50 and local_secret_key(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
