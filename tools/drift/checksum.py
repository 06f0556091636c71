"""Migration checksums exactly as Prisma's schema engine computes and compares them.

Prisma stores `sha256(migration.sql)` in `_prisma_migrations.checksum` as 64 lower-case hex digits
(the script as read from disk: UTF-8 text, a byte-order mark included). When it compares a file
with a stored checksum it tolerates line endings, because git rewrites them on checkout
(`prisma/orm #7101`, fixed in `prisma/prisma-engines` PR #2101): the file matches when the
checksum of the script as it is, with CRLF turned into LF, or with LF turned into CRLF, equals the
stored one. Old engines wrote checksums without zero-padding each byte
(`prisma/prisma-engines #1887`); a stored checksum that is not 64 characters long is compared in
that spelling.
"""

from __future__ import annotations

import hashlib

CHECKSUM_LENGTH = 64


def migration_checksum(script: str) -> str:
    """The checksum Prisma records for a migration script."""
    return hashlib.sha256(script.encode("utf-8")).hexdigest()


def _unpadded(digest: bytes) -> str:
    return "".join(f"{byte:x}" for byte in digest)


def script_matches_checksum(script: str, checksum: str) -> bool:
    """Whether `script` is the one `checksum` was recorded for, whatever its line endings."""
    candidates = (script, script.replace("\r\n", "\n"), script.replace("\n", "\r\n"))
    for candidate in candidates:
        digest = hashlib.sha256(candidate.encode("utf-8")).digest()
        spelled = digest.hex() if not checksum or len(checksum) == CHECKSUM_LENGTH else _unpadded(digest)
        if spelled == checksum:
            return True
    return False
