"""connect(): read-only sessions with a statement timeout, and errors that never show the password."""

from __future__ import annotations


import psycopg
import pytest

from testkit.password_server import password_server as scram_server
from tools.database.connect import connect, redact, scrub
from tools.errors import DatabaseError, ExitCode

SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"postgresql://app:{SECRET}@db.example.com:5432/prod", "postgresql://app:***@db.example.com:5432/prod"),
        (f"postgres://app:{SECRET}@host/db?sslmode=require", "postgres://app:***@host/db?sslmode=require"),
        (f"postgresql://app@host/db?password={SECRET}&sslmode=require", "postgresql://app@host/db?password=***&sslmode=require"),
        ("postgresql://app@host/db", "postgresql://app@host/db"),
        ("postgresql://host/db", "postgresql://host/db"),
        (f"host=db port=5432 password={SECRET} dbname=x", "host=db port=5432 password=*** dbname=x"),
        (f"host=db password='{SECRET} with space' dbname=x", "host=db password=*** dbname=x"),
        (f"postgresql://app:{SECRET}@{SECRET}@host/db", "postgresql://app:***@host/db"),
    ],
)
def test_redact_hides_the_password_and_keeps_the_rest(url, expected):
    assert redact(url) == expected
    assert SECRET not in redact(url)


def test_scrub_removes_percent_encoded_and_environment_passwords(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "envPassw0rd")
    url = "postgresql://u:p%40ssword@h/d"
    text = scrub("bad p@ssword and p%40ssword and envPassw0rd", url)
    assert text == "bad *** and *** and ***"


def _assert_hidden(error: DatabaseError, *secrets: str) -> None:
    rendered = error.render() + repr(error.to_dict())
    for secret in secrets:
        assert secret not in rendered, rendered
    assert error.exit_code == ExitCode.UNAVAILABLE


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        (f"postgresql://u:{SECRET}@127.0.0.1:1/db", "cannot be reached"),
        (f"postgresql://u:{SECRET}@nohost.invalid:5432/db", "cannot be reached"),
        (f"postgresql://u:{SECRET}@127.0.0.1:notaport/db", "not valid"),
        (f"postgresql://u@127.0.0.1:1/db?password={SECRET}&sslmode=bogus", "not valid"),
        (f"host=127.0.0.1 port=1 password={SECRET}", "cannot be reached"),
        (f"postgresql://u:{SECRET}@ssx@127.0.0.1:1/db", "unescaped"),
        ("no-such-scheme://x", "not valid"),
    ],
)
def test_connection_failures_name_the_cause_without_the_password(url, cause):
    with pytest.raises(DatabaseError) as caught:
        connect(url, connect_timeout_s=3)
    assert cause in caught.value.render()
    _assert_hidden(caught.value, SECRET, "ssx@127")


def test_an_at_sign_in_the_database_name_is_not_taken_for_user_info():
    with pytest.raises(DatabaseError) as caught:
        connect("postgresql://127.0.0.1:1/my@db", connect_timeout_s=3)
    assert "cannot be reached" in caught.value.message


def test_no_url_is_a_clear_error():
    with pytest.raises(DatabaseError, match="no database URL"):
        connect(None)


@pytest.mark.postgres
def test_missing_database_and_role(pg_server):
    port = pg_server.url().rsplit(":", 1)[1].split("/")[0]
    with pytest.raises(DatabaseError) as caught:
        connect(f"postgresql://postgres:{SECRET}@127.0.0.1:{port}/no_such_db")
    assert "does not exist" in caught.value.message
    _assert_hidden(caught.value, SECRET)
    with pytest.raises(DatabaseError) as caught:
        connect(f"postgresql://nobody:{SECRET}@127.0.0.1:{port}/postgres")
    assert "authentication failed" in caught.value.message
    _assert_hidden(caught.value, SECRET)


@pytest.mark.postgres
def test_every_transaction_is_read_only_with_a_timeout_and_a_name(fresh_db):
    url = fresh_db()
    conn = connect(url, statement_timeout_ms=200)
    try:
        assert conn.execute("SHOW transaction_read_only").fetchone()[0] == "on"
        assert conn.execute("SHOW statement_timeout").fetchone()[0] == "200ms"
        assert conn.execute("SHOW transaction_isolation").fetchone()[0] == "repeatable read"
        assert conn.execute("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()").fetchone()[0] == "triple-orm"
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE intruder (id int)")
        conn.rollback()
        conn.autocommit = True  # the session default still refuses writes outside psycopg's BEGIN READ ONLY
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE intruder (id int)")
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("SELECT pg_sleep(2)")
    finally:
        conn.close()
    with psycopg.connect(url) as admin:
        assert admin.execute("SELECT to_regclass('intruder')").fetchone()[0] is None


@pytest.mark.postgres
def test_permission_denied_for_the_database(pg_server, fresh_db):
    url = fresh_db()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS triple_orm_outsider")
        admin.execute(f"CREATE ROLE triple_orm_outsider LOGIN PASSWORD '{SECRET}'")
        admin.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
    outsider = url.replace("postgres@", f"triple_orm_outsider:{SECRET}@")
    with pytest.raises(DatabaseError) as caught:
        connect(outsider)
    assert "permission denied" in caught.value.message
    _assert_hidden(caught.value, SECRET)


@pytest.fixture(scope="module")
def password_server(tmp_path_factory):
    """A server that checks passwords (scram-sha-256), unlike the trusting session server."""
    with scram_server(tmp_path_factory.mktemp("scram"), SECRET) as server:
        yield server


@pytest.mark.postgres
def test_wrong_password_is_an_authentication_failure(password_server, monkeypatch):
    port = password_server.port
    with pytest.raises(DatabaseError) as caught:
        connect(f"postgresql://postgres:wrong-{SECRET}@127.0.0.1:{port}/postgres")
    assert "authentication failed" in caught.value.message
    _assert_hidden(caught.value, SECRET)
    monkeypatch.setenv("PGPASSWORD", f"env-{SECRET}")
    with pytest.raises(DatabaseError) as caught:
        connect(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    _assert_hidden(caught.value, SECRET)
    monkeypatch.delenv("PGPASSWORD")
    conn = connect(f"postgresql://postgres:{SECRET}@127.0.0.1:{port}/postgres")
    assert conn.execute("SELECT current_user").fetchone()[0] == "postgres"
    conn.close()
