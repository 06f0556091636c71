"""Reading a request: its language, its words without diacritics, and the code pasted into it.

Vietnamese users type with and without diacritics ("bảng nào tham chiếu", "bang nao tham chieu"),
so keywords are matched on text folded to ASCII. Code pasted into a request (a migration, a Prisma
call, a model block) is split off first: it decides the route by its kind, and the words inside it
(comments included) never count as the person's words — text in a schema or a migration is data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Letters that only Vietnamese uses among the languages our users write in.
_VI_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_VI_WORDS = {"bang", "nao", "cua", "cho", "toi", "khong", "nhung", "nay", "duoc", "trong", "giup", "sao",
             "lam", "nhu", "the", "voi", "hay", "xem", "kiem", "tra", "dong", "bo", "kieu", "cot", "tai",
             "vi", "gi", "o", "dau", "nen", "dung", "co", "la", "va", "mot", "cac", "tham", "chieu"}
_EN_WORDS = {"the", "which", "what", "where", "is", "are", "this", "that", "to", "for", "of", "my", "in",
             "how", "why", "does", "do", "can", "should", "show", "me", "and", "a", "with"}

# Words of a sentence that are not SQL (no keyword, no likely identifier such as "a" or "id"), in
# English and in Vietnamese without diacritics: "is" and "on" are left out, SQL uses them.
_PROSE_WORDS = {"the", "while", "fails", "failed", "failing", "inside", "runs", "running", "still", "safe", "why",
                "how", "what", "does", "should", "can", "could", "would", "will", "we", "our", "my", "it", "this",
                "that", "because", "but", "whether", "during", "takes", "happens", "breaks", "me", "you", "please",
                "khong", "thi", "sao", "lam", "nay", "duoc", "nhu", "gi", "bi", "khi", "luc", "van", "con", "chay"}

_FENCE = re.compile(r"```[a-zA-Z]*\n?(.*?)(```|$)", re.S)
_SQL_START = re.compile(r"^(ALTER|CREATE|DROP|INSERT|UPDATE|DELETE|SELECT|WITH|BEGIN|COMMIT|TRUNCATE|COMMENT|GRANT|"
                        r"REINDEX|VACUUM|SET|ADD|CONSTRAINT|PRIMARY|FOREIGN|\))\b", re.I)
# a Prisma field line (`email String @unique`), a closing brace, a block attribute, a TS statement
# (a sentence may start with "import" or "export": "import 100k events with createMany?" is prose)
_CODE_LINE = re.compile(r"^(\w+\s+\w+(\?|\[\])?\s+@.*$|@@\w+|(const|let)\s+[\w${[]|(await|return)\s+[\w$.]+[(.]|"
                        r"import\s+(\{|\*|type\s|[\w$]+\s*(,|from\b)|['\"])|export\s+(default|const|let|function|class|type|"
                        r"interface|async|enum|\{|\*))")
_PRISMA_BLOCK = re.compile(r"^\s*(model|enum|view|type|datasource|generator)\s+\w+\s*\{", re.M)
_PRISMA_CALL = re.compile(r"\b(prisma|tx|db|this\.prisma)\s*\.\s*(\$?\w+)\s*\.?\s*(\w+)?\s*\(|\$queryRaw|\$executeRaw", re.I)
_TS_QUERY = re.compile(r"\b(db|kysely|trx)\s*\.\s*(select|selectFrom|insert|insertInto|update|updateTable|delete|deleteFrom|query)\b")
_PATH = re.compile(r"(?:(?<=\s)|^)((?:\.{0,2}/)?[\w@.\-/]+\.(?:sql|prisma|ts|tsx|js|mjs|cjs|toml|json))(?=[\s,;:)?!]|$)")


def fold(text: str) -> str:
    """Lower case without diacritics: 'Bảng nào THAM CHIẾU' -> 'bang nao tham chieu'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def language(text: str) -> str:
    """'vi' or 'en': diacritics decide; without them, which language's small words are more common."""
    lowered = text.lower()
    if any(c in _VI_LETTERS for c in lowered):
        return "vi"
    words = re.findall(r"[a-z]+", fold(text))
    vi = sum(w in _VI_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "vi" if vi > en and vi >= 2 else "en"


@dataclass
class Request:
    """A request split into the person's words and what they pasted or pointed at."""

    raw: str
    prose: str
    folded: str
    code: str = ""
    code_kind: str | None = None  # "sql" | "prisma_schema" | "prisma_call" | "query_builder"
    paths: list[str] = field(default_factory=list)
    lang: str = "en"


def read_request(raw: str) -> Request:
    fenced = [m.group(1) for m in _FENCE.finditer(raw)]
    prose = _FENCE.sub(" ", raw)
    code_lines, prose_lines = _split_lines(prose.splitlines())
    code = "\n".join(fenced + code_lines).strip()
    prose_text = " ".join(prose_lines).strip()
    paths = [m.group(1) for m in _PATH.finditer(" " + prose_text)]
    return Request(raw=raw, prose=prose_text, folded=fold(prose_text), code=code, code_kind=code_kind(code),
                   paths=paths, lang=language(prose_text or raw))


def _split_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Code lines and prose lines; a Prisma block or an unfinished SQL statement goes on until it closes."""
    code, prose, inside = [], [], None
    for line in lines:
        s = line.strip()
        if inside is not None:
            code.append(line)
            if (inside == "}" and s.startswith("}")) or (inside == ";" and s.endswith(";")):
                inside = None
            continue
        if not _looks_like_code(line):
            prose.append(line)
            continue
        if _inline_call(s):
            prose.append(line)  # "is prisma.user.findMany(...) slow?": the words around the call count
            code.append(_call_text(s))
        else:
            code.append(line)
        if _PRISMA_BLOCK.match(s) and not s.endswith("}"):
            inside = "}"
        elif _SQL_START.match(s) and not s.endswith(";") and not s.startswith(("--", "/*")):
            inside = ";"
    return code, prose


def _inline_call(line: str) -> bool:
    match = _PRISMA_CALL.search(line) or _TS_QUERY.search(line)
    if match is None:
        return False
    before = line[:match.start()].strip()
    return bool(before) and not re.fullmatch(r"(await|return|(const|let)\s+\w+\s*=\s*(await)?)", before)


def _call_text(line: str) -> str:
    """The call itself out of a sentence: from `prisma.` to the bracket that closes it (and its chain)."""
    match = _PRISMA_CALL.search(line) or _TS_QUERY.search(line)
    start, depth, end = match.start(), 0, len(line)
    for i in range(start, len(line)):
        if line[i] in "([{":
            depth += 1
        elif line[i] in ")]}":
            depth -= 1
            if depth == 0 and not line[i + 1:i + 2] == ".":
                end = i + 1
                break
    return line[start:end]


def _looks_like_code(line: str) -> bool:
    """A line of SQL, Prisma schema or TypeScript, not a sentence that starts with 'Update' or 'Set'."""
    s = line.strip()
    if not s:
        return False
    if s.startswith(("--", "/*", "//")):
        return True
    first = s.split()[0]
    if _SQL_START.match(s) and (s.endswith((";", "(", ",")) or (first.isupper() and not _reads_as_prose(s))):
        return True
    if s.startswith('"') and s.endswith((",", "(", ";")):  # a column line inside CREATE TABLE
        return True
    if _PRISMA_BLOCK.match(s) or _PRISMA_CALL.search(s) or _TS_QUERY.search(s):
        return True
    return bool(_CODE_LINE.match(s))


def _reads_as_prose(line: str) -> bool:
    """A sentence that merely starts with an SQL keyword ("ADD VALUE on the enum fails inside a
    transaction", "DROP COLUMN on payments while the old app runs: safe?"): outside quoted names and
    strings it has at least two words of a sentence that SQL never uses. Identifiers and lower-case
    keywords of a real statement ("ALTER TABLE users DROP COLUMN phone") are not such words."""
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", " ", line)
    words = re.findall(r"[a-z]+", fold(unquoted))
    return sum(word in _PROSE_WORDS for word in words) >= 2


def code_kind(code: str) -> str | None:
    """What was pasted: migration SQL, a Prisma schema block, a Prisma Client call or a query builder."""
    if not code:
        return None
    if _PRISMA_BLOCK.search(code):
        return "prisma_schema"
    if _TS_QUERY.search(code):
        return "query_builder"
    if _PRISMA_CALL.search(code):
        return "prisma_call"
    if re.search(r"\b(ALTER|CREATE|DROP|RENAME|TRUNCATE|REINDEX)\b", code, re.I):
        return "sql"
    if re.search(r"\bSELECT\b.+\bFROM\b", code, re.I | re.S):
        return "sql_query"
    return None
