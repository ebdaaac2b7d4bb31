"""What a page reads, for the tests of record pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def people_reads(client, url) -> tuple[str, list[str]]:
    """The page, and its reads of several people at once (`attach_people`; the middleware's read
    of the logged-in user is by one id)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in captured if 'FROM "pms_user"' in q["sql"] and '"pms_user"."id" IN' in q["sql"]]
    return response.content.decode(), sql


def names(sql: str, user) -> bool:
    """Whether a read's SQL names `user` (its id, with or without dashes as each database writes it)."""
    return user.pk.hex in sql.replace("-", "")
