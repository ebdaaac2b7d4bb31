"""Production serving: the health endpoint a load balancer probes."""

import pytest
from django.db import OperationalError, connection


def test_healthz_answers_ok_without_login_in_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_healthz_is_503_when_the_database_fails(client, db):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_only_answers_get(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405


def test_the_bench_baseline_page_is_off_outside_the_bench_settings(client, crew):
    client.force_login(crew)
    assert client.get("/bench/baseline/").status_code == 404
