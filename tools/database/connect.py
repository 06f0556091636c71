"""Read-only connections to a live database, and connection strings with the password hidden.

Every database access of triple-orm (drift checks, health checks, catalog reads) goes through
`connect()`: each transaction is `READ ONLY` (psycopg sends `BEGIN READ ONLY`, and the session's
`default_transaction_read_only` is on as well, so even a raw `COMMIT; INSERT ...` is refused), every
statement is bounded by `statement_timeout`, and the session is named (`application_name`) so that
a DBA sees who is reading `pg_catalog`.

A connection string carries a password (in the URL, its query string, or `PGPASSWORD`). It never
appears in an error message: failures become `DatabaseError`s built from `redact(url)` and from
libpq's message with every secret scrubbed out.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import unquote

from tools.errors import DatabaseError

DEFAULT_STATEMENT_TIMEOUT_MS = 30_000
DEFAULT_CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "triple-orm"
HIDDEN = "***"

_URL = re.compile(r"^(?P<scheme>postgres(?:ql)?)://(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)([^&#]*)")
_KEYWORD_PASSWORD = re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)")


def redact(url: str | None) -> str:
    """The connection string with its password replaced by `***` (URL or key=value form)."""
    if not url:
        return ""
    match = _URL.match(url)
    if not match:
        return _KEYWORD_PASSWORD.sub(lambda m: m.group(1) + HIDDEN, url)
    rest = match.group("rest")
    before_query, query = (rest.split("?", 1) + [""])[:2] if "?" in rest else (rest, "")
    at = before_query.rfind("@")
    if at >= 0:
        # everything up to the last '@' is user info; a password may hold ':' '/' or even '@'
        user = before_query[:at].split(":", 1)[0]
        hidden = f"{user}:{HIDDEN}" if ":" in before_query[:at] else user
        before_query = hidden + before_query[at:]
    text = f"{match.group('scheme')}://{before_query}" + (f"?{query}" if query else "")
    return _QUERY_PASSWORD.sub(lambda m: m.group(1) + HIDDEN, text)


def secrets_of(url: str | None) -> list[str]:
    """Every spelling of a password the connection string or environment carries, longest first."""
    found: list[str] = []
    if url:
        match = _URL.match(url)
        if match:
            before_query = match.group("rest").split("?", 1)[0]
            userinfo = before_query[:before_query.rfind("@")] if "@" in before_query else ""
            if ":" in userinfo:
                password = userinfo.split(":", 1)[1]
                found += [password, *password.split("@"), *password.split("/")]
            found += [m.group(2) for m in _QUERY_PASSWORD.finditer(url)]
        else:
            found += [m.group(2).strip("'") for m in _KEYWORD_PASSWORD.finditer(url)]
    if os.environ.get("PGPASSWORD"):
        found.append(os.environ["PGPASSWORD"])
    spellings = {s for secret in found for s in (secret, unquote(secret)) if len(s) >= 3}
    return sorted(spellings, key=len, reverse=True)


def scrub(text: str, url: str | None) -> str:
    """`text` with every secret of `url` (and PGPASSWORD) replaced by `***`."""
    for secret in secrets_of(url):
        text = text.replace(secret, HIDDEN)
    return text


def connect(
    url: str | None,
    *,
    statement_timeout_ms: int = DEFAULT_STATEMENT_TIMEOUT_MS,
    connect_timeout_s: int = DEFAULT_CONNECT_TIMEOUT_S,
    application_name: str = APPLICATION_NAME,
) -> Any:
    """A psycopg connection whose every transaction is read-only and whose statements time out.

    Raises `DatabaseError` (exit code 69) with a message naming the redacted URL and the cause:
    unreachable server, failed authentication, missing database, no permission to connect.
    """
    import psycopg

    if not url:
        raise DatabaseError("no database URL given", help="pass --database-url or set DATABASE_URL")
    _refuse_ambiguous(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout_s,
                               application_name=application_name)
    except psycopg.Error as error:
        raise _connection_error(str(error), url) from None
    try:
        conn.execute(f"SET statement_timeout = {int(statement_timeout_ms)}")
        # the session default guards statements run after an explicit COMMIT as well
        conn.execute("SET default_transaction_read_only = on")
        conn.autocommit = False
        conn.read_only = True  # psycopg starts each transaction with BEGIN READ ONLY
        # one snapshot for all the catalog queries of a read: a concurrent migration cannot make
        # the index query see a table the relation query did not
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    except psycopg.Error as error:
        conn.close()
        raise DatabaseError(f"could not set up a read-only session on {redact(url)}: {scrub(str(error), url).strip()}") from None
    return conn


def _refuse_ambiguous(url: str) -> None:
    """libpq splits `user:p@ss@host` at the first '@' and would print `ss@host` as a host name."""
    match = _URL.match(url)
    if not match:
        return
    before_query = match.group("rest").split("?", 1)[0]
    at = before_query.rfind("@")
    userinfo, rest = (before_query[:at], before_query[at + 1:]) if at >= 0 else ("", before_query)
    if "/" in userinfo and "/" not in rest:
        return  # the '@' is in the database name (postgresql://host/my@db), not after user info
    if any(char in userinfo for char in "@/#"):
        raise DatabaseError(
            f"the user name or password in {redact(url)} contains '@', '/' or '#' unescaped",
            help="percent-encode them in a URL: '@' as %40, '/' as %2F, '#' as %23",
        )


# libpq's message → what went wrong, in the user's words, and what to do about it
_CAUSES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    # first: "permission denied for database \"x\"" also names a database
    (("permission denied",), "permission denied", "the user needs CONNECT on the database (GRANT CONNECT ON DATABASE ...)"),
    (("password authentication failed", "no password supplied", "authentication failed", "role \""),
     "authentication failed", "check the user name and password (in the URL or PGPASSWORD)"),
    (("database \"",), "the database does not exist", "check the database name at the end of the URL"),
    (("connection refused", "failed to resolve host", "could not translate host name", "timeout expired",
      "network is unreachable", "no route to host", "could not connect", "server closed the connection"),
     "the database server cannot be reached", "check the host and port, and that the server is running"),
    (("invalid", "missing \"=\"", "unterminated", "syntax"),
     "the connection string is not valid", "use postgresql://USER:PASSWORD@HOST:PORT/DATABASE"),
)


def _connection_error(message: str, url: str) -> DatabaseError:
    detail = _libpq_detail(scrub(message, url))
    lowered = detail.lower()
    for needles, cause, help_text in _CAUSES:
        if any(needle in lowered for needle in needles):
            return DatabaseError(f"cannot connect to {redact(url)}: {cause} ({detail})", help=help_text)
    return DatabaseError(f"cannot connect to {redact(url)}: {detail}")


def _libpq_detail(message: str) -> str:
    """libpq's reason without the 'connection to server at ... failed:' preamble, on one line."""
    text = " ".join(line.strip() for line in message.strip().splitlines() if line.strip())
    text = re.sub(r"^connection (failed|is bad): ", "", text)
    text = re.sub(r'^connection to server at "[^"]*"(?:\s*\([^)]*\))?, port \d+ failed: ', "", text)
    return text.replace("FATAL:  ", "").strip()
