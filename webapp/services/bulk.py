"""Bulk inserts straight through the database driver, inside the session's transaction.

The sync inserts thousands of rows a second; SQLAlchemy's per-row parameter processing
costs more than the database's own insert work, so the hot inserts hand plain tuples to
the driver's executemany (C for SQLite, pipelined for psycopg). Values are converted
here exactly as the models' column types would store them.
"""
from __future__ import annotations

from datetime import datetime, timezone

from ..database import take_write_lock
from ..extensions import db


class Bulk:
    """The current transaction's driver connection, with helpers for many-row statements."""

    def __init__(self):
        connection = db.session.connection()  # begins the transaction if none is open
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.raw = connection.connection.driver_connection
        self.mark = "?" if self.sqlite else "%s"

    def value(self, value):
        """A Python value as the driver should receive it for our column types."""
        if isinstance(value, datetime):
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
            # SQLAlchemy's SQLite DateTime format (YYYY-MM-DD HH:MM:SS.ffffff; isoformat is three times faster
            # than strftime); PostgreSQL takes the naive UTC datetime.
            return value.isoformat(" ", "microseconds") if self.sqlite else value
        if isinstance(value, bool) and self.sqlite:
            return int(value)
        return value

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple], ignore_conflicts: bool = False,
               values_sql: str | None = None) -> int:
        """INSERT many rows (ON CONFLICT DO NOTHING when asked); returns how many were inserted."""
        if not rows:
            return 0
        names = ", ".join(f'"{c}"' for c in columns)
        placeholders = values_sql or ", ".join([self.mark] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
        if ignore_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        # Convert only the columns that need it (found from the first row): most are plain str/int.
        special = [i for i, v in enumerate(rows[0]) if isinstance(v, datetime) or (self.sqlite and isinstance(v, bool))]
        if special:
            converted = []
            for row in rows:
                row = list(row)
                for i in special:
                    row[i] = self.value(row[i])
                converted.append(row)
        else:
            converted = rows
        if self.sqlite:
            take_write_lock(self.connection)  # driver-level writes skip the engine's events
        cursor = self.raw.cursor()
        try:
            cursor.executemany(sql, converted)
            return cursor.rowcount
        finally:
            cursor.close()

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run a query written with `{}` where each parameter goes ({} is replaced by the driver's mark)."""
        cursor = self.raw.cursor()
        try:
            cursor.execute(sql.format(*([self.mark] * sql.count("{}"))), params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def in_list(self, values: list) -> str:
        """Placeholders for an IN (…) list of this many values."""
        return ", ".join([self.mark] * len(values))

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """`count` fresh primary keys for `table`, never handed out twice.

        SQLite: the caller holds the write lock (BEGIN IMMEDIATE), so the AUTOINCREMENT
        counter cannot move under us. PostgreSQL: the table's sequence.
        """
        if count == 0:
            return []
        if self.sqlite:
            rows = self.query("SELECT seq FROM sqlite_sequence WHERE name = {}", (table,))
            current = max(rows[0][0] if rows else 0, self.query(f"SELECT coalesce(max(id), 0) FROM {table}")[0][0])
            return list(range(current + 1, current + 1 + count))
        rows = self.query(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, {{}})",
                          (count,))
        return [row[0] for row in rows]
