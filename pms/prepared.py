"""A record page's reads planned once per database connection (PostgreSQL).

Django binds a query's values on the client by default: PostgreSQL receives each query with its
values written in, and parses and plans it afresh. A record page asks a dozen of the same shapes
every time (a work order by its id, its notes, its parts list, its trail, …), and planning them
was about 1.9 ms of the database's CPU for a work order page on the benchmark machine, more
than the reads themselves. Within `prepared_reads()`, the connection's cursors bind the values on
the server and psycopg prepares each statement on its first run (`prepare_threshold = 0`):
PostgreSQL keeps the statement for the connection's life (`CONN_MAX_AGE`), and after five runs
its generic plan, and the next page runs it with new values (0.6–1.0 ms for the same page).
psycopg drops a connection's prepared statements when a transaction or savepoint rolls back;
the next record page prepares them again.

Only record pages use it (`pms.generic.ScopedDetailView`): their reads select by primary or
foreign key, where the generic plan is the plan PostgreSQL would choose for any value. Search and
the lists do not: a search term or a date window needs the plan for the value at hand (a search
planned generically ran ten times slower in the benchmark). Both are psycopg's documented
connection attributes (Django's `server_side_binding` and `prepare_threshold` options set the
same two for every query); they are set for the block and put back after it.

`PREPARED_READS=false` switches it off: behind a pooler in transaction mode that does not keep
prepared statements per client (PgBouncer before 1.21, or without `max_prepared_statements`),
a prepared statement may be missing on the next transaction's server connection.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import connections


@contextmanager
def prepared_reads(using: str = "default"):
    """Within the block, the connection's queries are bound on the server and prepared."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.PREPARED_READS:
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    saved = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, 0
    try:
        yield
    finally:
        if not raw.closed:
            raw.cursor_factory, raw.prepare_threshold = saved
