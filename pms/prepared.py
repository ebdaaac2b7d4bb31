"""Reads compiled once per shape and connection, and planned once per connection on PostgreSQL:
for record pages and the action framework's steps.

Django binds a query's values on the client by default: PostgreSQL receives each query with its
values written in, and parses and plans it afresh. A record page asks a dozen of the same shapes
every time (a work order by its id, its notes, its parts list, its trail, …), and planning them
was about 1.9 ms of the database's CPU for a work order page on the benchmark machine, more
than the reads themselves. Within `prepared_reads()`, the connection's cursors bind the values on
the server and psycopg prepares each statement on its first run (`prepare_threshold = 0`):
PostgreSQL keeps the statement for the connection's life (`CONN_MAX_AGE`), and after five runs
its generic plan, and the next page runs it with new values (0.6–1.0 ms for the same page).
psycopg drops a connection's prepared statements when a transaction or savepoint rolls back;
the next block prepares them again.

Record pages (`pms.generic.ScopedDetailView`) and action steps (`pms.actions.runner`: prefill,
preview, execute) use it: their reads select by primary or foreign key, and their writes are
the same few statements every time (a completion's 36 statements; the block took its saturated
throughput from 16.8 to 20.0 a second in the benchmark), where the generic plan is the plan
PostgreSQL would choose for any value. Search and the lists do not: a search term or a date
window needs the plan for the value at hand (a search planned generically ran ten times slower
in the benchmark). Both are psycopg's documented connection attributes (Django's
`server_side_binding` and `prepare_threshold` options set the same two for every query); they
are set for the block and put back after it. Bound on the server, a statement takes at most
65,535 values: within the block the connection's features say so (`max_query_params`, as Django's
do with `server_side_binding`), so Django cuts its batches (bulk inserts, the deletion collector's
reads) to fit.

`PREPARED_READS=false` switches this part off: behind a pooler in transaction mode that does not keep
prepared statements per client (PgBouncer before 1.21, or without `max_prepared_statements`),
a prepared statement may be missing on the next transaction's server connection.

The same block spares Django's own work (any database): writing a query's SQL took about a
quarter of a work order page's CPU, the same SQL for every work order but for the values. Within
the block, a read's SQL outside its WHERE clause (columns, joins, order, limit) is written once per
connection and shape (`KeptSQL`) and only the WHERE clause, with this read's values, is written
each time. The shape is what decides that SQL: the model, the columns and related rows selected
(deferred fields and `select_related`), the joins and their aliases, the order, the slice, DISTINCT,
a lock (FOR UPDATE and its options). Reads the shape does not describe are written in full as
before: annotations, extra SQL, aggregates and GROUP BY, unions, EXPLAIN, subqueries, and reads
with no WHERE clause; so is a lock outside a transaction, which Django refuses every time. With
`PREPARED_READS_CHECK` (on when DEBUG is, so in development and the tests) every reused SQL is
compared with the SQL Django writes afresh, and a difference raises `KeptSQLMismatch`. `KeptSQL`
leans on what Django 6.1's SELECT compiler sets while writing SQL (`select`, `klass_info`,
`annotation_col_map`, `col_count`, `has_extra_select`), which reading rows uses; after a Django
upgrade the test suite, with the check on, is what says whether that still holds.
"""

from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections

# A connection keeps this many shapes; past that it starts again (a record page reads a dozen,
# an action's steps a dozen or two).
KEPT_SHAPES = 1024


# The most values PostgreSQL's protocol binds to one statement (a 16-bit count).
SERVER_BOUND_PARAMS = 2**16 - 1
_UNSET = object()


class KeptSQLMismatch(AssertionError):
    """The SQL written from a kept shape is not the SQL Django writes afresh (PREPARED_READS_CHECK)."""


@contextmanager
def prepared_reads(using: str = "default"):
    """Within the block, the connection's reads reuse their SQL (any database) and are bound on the
    server and prepared (PostgreSQL, PREPARED_READS)."""
    connection = connections[using]
    with ExitStack() as stack:
        stack.enter_context(sql_kept(connection))
        if connection.vendor == "postgresql" and settings.PREPARED_READS:
            stack.enter_context(prepared_on_server(connection))
        yield


@contextmanager
def prepared_on_server(connection):
    """psycopg binds the block's queries on the server and prepares each on its first run."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw, features = connection.connection, connection.features
    saved = raw.cursor_factory, raw.prepare_threshold
    saved_limit = vars(features).get("max_query_params", _UNSET)
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, 0
    features.max_query_params = SERVER_BOUND_PARAMS  # shadows the backend's cached answer for the block
    try:
        yield
    finally:
        if saved_limit is _UNSET:
            vars(features).pop("max_query_params", None)
        else:
            features.max_query_params = saved_limit
        if not raw.closed:
            raw.cursor_factory, raw.prepare_threshold = saved


@contextmanager
def sql_kept(connection):
    """The connection's SELECTs compiled by `KeptSQL` within the block (its operations' `compiler`
    answers with it; the connection, and so this, belongs to one thread)."""
    ops = connection.ops
    if "compiler" in vars(ops):  # already within a block
        yield
        return
    original = ops.compiler

    def compiler(name):
        found = original(name)
        return kept_compiler_class(found) if name == "SQLCompiler" else found

    ops.compiler = compiler
    try:
        yield
    finally:
        del ops.compiler


_kept_classes: dict = {}


def kept_compiler_class(base):
    """`KeptSQL` over the backend's own SELECT compiler."""
    found = _kept_classes.get(base)
    if found is None:
        found = _kept_classes[base] = type(f"Kept{base.__name__}", (KeptSQL, base), {})
    return found


def frozen(value):
    """A nested `select_related` dict as a hashable value."""
    if isinstance(value, dict):
        return tuple(sorted((key, frozen(item)) for key, item in value.items()))
    return value


def shape(query, with_limits: bool, with_col_aliases: bool):
    """What decides a query's SQL but its WHERE clause, or None for a read this does not describe."""
    if (
        query.annotations
        or query.extra
        or query.extra_select
        or query.group_by is not None
        or query.combinator
        or query.explain_info
        or query.subquery
        or query.distinct_fields
        or query.extra_order_by
        or any(not isinstance(term, str) for term in query.order_by)
        or any(getattr(column, "target", None) is None for column in query.select)
    ):
        return None
    joins = []
    for alias, join in query.alias_map.items():
        if getattr(join, "filtered_relation", None) is not None:
            return None
        joins.append(
            (
                alias,
                join.table_name,
                getattr(join, "join_type", None),
                getattr(join, "parent_alias", None),
                getattr(join, "join_field", None),
                bool(query.alias_refcount.get(alias)),
            )
        )
    return (
        query.model,
        with_limits,
        with_col_aliases,
        query.default_cols,
        tuple((column.alias, column.target) for column in query.select),
        query.values_select,
        (frozenset(query.deferred_loading[0]), query.deferred_loading[1]),
        frozen(query.select_related),
        tuple(query.order_by),
        query.default_ordering,
        query.standard_ordering,
        query.low_mark,
        query.high_mark,
        query.distinct,
        tuple(joins),
        # FOR UPDATE and its options come after the WHERE clause, written once with the rest.
        (
            query.select_for_update,
            query.select_for_update_nowait,
            query.select_for_update_skip_locked,
            tuple(query.select_for_update_of),
            query.select_for_no_key_update,
        ),
    )


class Kept:
    """A shape's SQL around its WHERE clause and what reading its rows needs."""

    __slots__ = (
        "head",
        "tail",
        "head_params",
        "tail_params",
        "select",
        "klass_info",
        "annotation_col_map",
        "col_count",
        "has_extra_select",
        "converters",
    )


class KeptSQL:
    """A SELECT compiler that writes a read's SQL once per connection and shape (`shape`), and then
    only its WHERE clause with the read's values. Mixed into the backend's compiler (`kept_compiler_class`)."""

    kept = None

    def as_sql(self, with_limits=True, with_col_aliases=False):
        key = shape(self.query, with_limits, with_col_aliases)
        if key is None:
            return super().as_sql(with_limits, with_col_aliases)
        shapes = self.connection.__dict__.setdefault("kept_sql", {})
        kept = shapes.get(key)
        # A lock outside a transaction is Django's to refuse (TransactionManagementError), every time.
        if kept is None or (self.query.select_for_update and self.connection.get_autocommit()):
            sql, params = super().as_sql(with_limits, with_col_aliases)
            kept = self.keep(sql, params)
            if kept is not None:
                if len(shapes) >= KEPT_SHAPES:
                    shapes.clear()
                shapes[key] = kept
            return sql, params
        try:
            where, where_params = self.compile(self.query.where)
        except (EmptyResultSet, FullResultSet):  # nothing to match: Django decides, as it does
            return super().as_sql(with_limits, with_col_aliases)
        self.kept = kept
        self.select, self.klass_info, self.annotation_col_map = kept.select, kept.klass_info, kept.annotation_col_map
        self.col_count, self.has_extra_select = kept.col_count, kept.has_extra_select
        sql = f"{kept.head} WHERE {where}{kept.tail}"
        params = (*kept.head_params, *where_params, *kept.tail_params)
        if settings.PREPARED_READS_CHECK:
            self.check(sql, params, with_limits, with_col_aliases)
        return sql, params

    def keep(self, sql: str, params) -> Kept | None:
        """The SQL just written, split around its WHERE clause, or None when it does not split cleanly."""
        if self.having is not None or self.qualify is not None or "%%" in sql:
            return None
        try:
            where, where_params = self.compile(self.where)
        except (EmptyResultSet, FullResultSet):
            return None
        marker = f" WHERE {where}"
        if not where or sql.count(marker) != 1:
            return None
        head, tail = sql.split(marker)
        params = list(params)
        start = head.count("%s")
        end = start + len(where_params)
        if params[start:end] != list(where_params) or len(params) != end + tail.count("%s"):
            return None
        kept = Kept()
        kept.head, kept.tail = head, tail
        kept.head_params, kept.tail_params = tuple(params[:start]), tuple(params[end:])
        kept.select, kept.klass_info, kept.annotation_col_map = self.select, self.klass_info, self.annotation_col_map
        kept.col_count, kept.has_extra_select = self.col_count, self.has_extra_select
        kept.converters = None
        return kept

    def check(self, sql, params, with_limits, with_col_aliases):
        fresh = self.query.get_compiler(connection=self.connection, elide_empty=self.elide_empty)
        expected_sql, expected_params = super(KeptSQL, fresh).as_sql(with_limits, with_col_aliases)
        if (sql, list(params)) != (expected_sql, list(expected_params)):
            raise KeptSQLMismatch(f"kept: {sql} {params!r}\nfresh: {expected_sql} {expected_params!r}")

    def get_converters(self, expressions):
        kept = self.kept
        if (
            kept is None
            or len(expressions) != kept.col_count
            or (expressions and expressions[0] is not kept.select[0][0])
        ):
            return super().get_converters(expressions)
        if kept.converters is None:
            kept.converters = super().get_converters(expressions)
        return kept.converters
