"""Plain-language intents, in English and Vietnamese, understood offline well enough to decide.

"count lessons completed per locale this month", "nhập 10.000 sự kiện từ file NDJSON",
"thêm cột phone vào bảng users": phrase lists (data, below) map the words that signal analytics
and reports, batch or high-frequency writes, schema changes, JSON queries, joins, window functions
and simple lookups to the same `QueryFeatures` the code and SQL readers fill. Matching is on whole
words, case-insensitive and also without Vietnamese diacritics (people often type without them:
"thong ke doanh thu"). Tables are recognised by their model or table names (singular or plural).
The advisor decides from these features; writing the query needs code, SQL or an LLM.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tools.advise.features import QueryFeatures
from tools.prisma.schema import PrismaSchema

# signal -> phrases (English and Vietnamese, with diacritics; matched with and without them)
PHRASES: dict[str, tuple[str, ...]] = {
    "analytics": (
        "count", "how many", "number of", "total", "sum", "average", "avg", "mean", "median", "percentile",
        "per", "by month", "by week", "by day", "by year", "monthly", "weekly", "daily", "yearly", "breakdown",
        "report", "dashboard", "statistics", "stats", "metrics", "kpi", "revenue", "trend", "distribution",
        "histogram", "cohort", "retention", "funnel", "conversion rate", "top", "most", "least", "grouped by",
        "aggregate", "leaderboard", "growth", "churn", "rate of", "per day", "per week", "per month", "per year",
        "per hour", "bounce rate", "open rate", "click rate", "error rate", "with the most", "the most", "the fewest",
        "highest number", "lowest number",
        "thống kê", "báo cáo", "tổng", "tổng cộng", "đếm", "bao nhiêu", "số lượng", "trung bình", "mỗi", "theo tháng",
        "theo tuần", "theo ngày", "theo năm", "hàng tháng", "hàng tuần", "hàng ngày", "doanh thu", "xu hướng",
        "phân bố", "tỷ lệ", "tỉ lệ", "nhiều nhất", "ít nhất", "xếp hạng", "bảng xếp hạng", "biểu đồ", "chỉ số",
        "theo từng", "từng", "tăng trưởng", "nhóm theo", "cao nhất", "thấp nhất",
    ),
    "window": (
        "rank", "ranking", "running total", "cumulative", "moving average", "previous row", "next row", "lag", "lead",
        "row number", "top 3 per", "top n per", "top 5 per", "percent of total", "compared to previous",
        "lũy kế", "luỹ kế", "cộng dồn", "trung bình trượt", "so với tháng trước", "so với kỳ trước", "xếp hạng trong",
    ),
    "batch_write": (
        "bulk", "batch", "import", "insert many", "insert thousands", "thousands of", "millions of", "backfill",
        "seed", "upload", "ingest", "csv", "ndjson", "sync from", "many rows", "mass insert", "copy into",
        "hàng loạt", "nhập", "nhập dữ liệu", "chèn nhiều", "hàng nghìn", "hàng ngàn", "hàng triệu", "nhiều dòng",
        "đồng bộ", "tải lên", "từ file", "từ tệp",
    ),
    "high_frequency": (
        "every second", "per second", "each request", "every request", "on every", "high volume", "high-volume",
        "high frequency", "high-frequency", "hot path", "tracking", "track", "telemetry", "log event", "log events",
        "event log", "event", "clickstream", "page view", "pageview", "heartbeat", "real-time", "realtime", "events",
        "mỗi giây", "mỗi request", "mỗi yêu cầu", "liên tục", "tần suất cao", "ghi log", "theo dõi", "sự kiện",
        "thời gian thực", "lượt xem",
    ),
    "schema_change": (
        "add column", "add a column", "new column", "drop column", "remove column", "rename column", "rename table",
        "new table", "create table", "add table", "add index", "create index", "drop table", "migration", "migrate",
        "alter", "change the type", "change column", "make nullable", "make required", "add enum", "add a field",
        "new field", "add field", "schema change", "add relation", "add foreign key",
        "thêm cột", "xóa cột", "xoá cột", "đổi tên", "tạo bảng", "thêm bảng", "xóa bảng", "xoá bảng", "thêm chỉ mục",
        "tạo chỉ mục", "di chuyển dữ liệu", "sửa schema", "thay đổi schema", "thêm trường", "đổi kiểu",
        "thêm khóa ngoại", "thêm enum",
    ),
    "json": (
        "json", "jsonb", "metadata", "settings", "inside the", "json field", "json key", "json property",
        "nested field", "key in", "payload", "webhook payload", "attributes",
        "trường json", "khóa json", "trong metadata", "trong settings", "thuộc tính", "dữ liệu json",
    ),
    "join": (
        "with their", "and their", "together with", "along with", "join", "joined", "across", "including their",
        "for each", "per each", "with the", "và các", "kèm theo", "cùng với", "kèm", "của họ", "gồm cả",
    ),
    "vector": ("similar", "similarity", "nearest", "embedding", "semantic search", "vector", "tương tự", "gần nhất",
               "tìm kiếm ngữ nghĩa"),
    "lookup": (
        "find", "get", "fetch", "show", "look up", "lookup", "by id", "by email", "by slug", "one", "single", "profile",
        "details", "detail", "list", "read", "load", "check if", "exists", "update", "delete", "rename the", "set",
        "tìm", "lấy", "hiển thị", "xem", "theo id", "theo email", "chi tiết", "danh sách", "kiểm tra", "cập nhật",
        "xóa", "xoá", "sửa",
    ),
    "write": (
        "insert", "create", "add", "save", "store", "record", "write", "update", "delete", "remove", "upsert", "log",
        "thêm", "tạo", "lưu", "ghi", "ghi lại", "cập nhật", "xóa", "xoá", "sửa",
    ),
    "transaction": ("transaction", "atomically", "all or nothing", "giao dịch", "nguyên tử"),
}
# "per"/"mỗi" signal a GROUP BY only next to something counted; "top" needs a number or "most".
_NUMBER_WORDS = re.compile(r"\b\d[\d.,]*\s*(k|000|nghìn|ngàn|triệu|million|thousand)?\b")


@dataclass(slots=True)
class IntentReading:
    features: QueryFeatures
    signals: dict[str, list[str]] = field(default_factory=dict)  # signal -> phrases found
    language: str = "en"

    def to_dict(self) -> dict:
        return {"language": self.language, "signals": {k: list(v) for k, v in self.signals.items()}}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _normalise(text: str) -> str:
    return " " + re.sub(r"[^\w%]+", " ", text.lower()).strip() + " "


# Verb-object phrases ("add column", "thêm cột") also match with up to two words between their words:
# "add an index", "add a nullable column", "thêm một cột".
GAPPED = frozenset(("schema_change", "batch_write"))


def find_phrases(text: str) -> dict[str, list[str]]:
    """signal -> the phrases of that signal found in `text` (whole words, with or without accents)."""
    plain = _normalise(unicodedata.normalize("NFC", text))
    bare = _normalise(strip_accents(unicodedata.normalize("NFC", text)))
    found: dict[str, list[str]] = {}
    for signal, phrases in PHRASES.items():
        for phrase in phrases:
            if _matches(phrase, plain, bare, signal in GAPPED):
                found.setdefault(signal, []).append(phrase)
    return found


def _matches(phrase: str, plain: str, bare: str, gapped: bool) -> bool:
    keys = [(_normalise(phrase), plain)]
    if strip_accents(phrase) != phrase:
        keys.append((_normalise(strip_accents(phrase)), bare))
    for key, text in keys:
        if key in text:
            return True
        words = key.split()
        if gapped and len(words) >= 2:
            pattern = r"\s(?:\S+\s){0,2}?".join(re.escape(w) for w in words)
            if re.search(rf"\s{pattern}\s", text):
                return True
    return False


def is_vietnamese(text: str) -> bool:
    return bool(re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text.lower()))


def read_intent(text: str, schema: PrismaSchema | None = None) -> IntentReading:
    """The features a sentence implies."""
    signals = find_phrases(text)
    f = QueryFeatures("intent")
    f.tables = _tables(text, schema) if schema is not None else []
    reading = IntentReading(f, signals, "vi" if is_vietnamese(text) else "en")
    if "schema_change" in signals:
        f.operation, f.statement = "schema", "ddl"
        return reading
    f.operation = _operation(signals)
    f.statement = "insert" if f.operation == "write" else "select"
    _analytics(f, signals)
    _writes(f, signals, text)
    if "json" in signals:
        f.add("jsonb_operators", "->>")
    if "vector" in signals:
        f.add("vector_operators", "<=>")
    if "join" in signals or len(f.tables) >= 2:
        f.joins = max(f.joins, max(1, len(f.tables) - 1))
        f.join_kinds = ["inner"] * f.joins
    if "transaction" in signals:
        f.transaction = True
    return reading


def _operation(signals: dict[str, list[str]]) -> str:
    """Analytics words make a read even next to write words ("revenue recorded per month"),
    unless the sentence is about loading rows (batch or high-frequency words)."""
    writes = "write" in signals or "batch_write" in signals
    if _strong_analytics(signals) and "batch_write" not in signals and not ("high_frequency" in signals and writes):
        return "read"
    return "write" if writes else "read"


def _strong_analytics(signals: dict[str, list[str]]) -> bool:
    words = signals.get("analytics", [])
    strong = [w for w in words if w not in _WEAK_ANALYTICS]
    return bool(strong) or "window" in signals or (bool(set(words) & {"per", "mỗi", "từng"}) and len(words) > 1)


_WEAK_ANALYTICS = frozenset(("per", "mỗi", "top", "most", "least", "từng", "tổng"))
# Words that make the counted thing per group: "per locale", "for each poll", "theo từng tháng".
_GROUPED = frozenset((
    "per", "for each", "by month", "by week", "by day", "by year", "monthly", "weekly", "daily", "yearly", "breakdown",
    "mỗi", "theo tháng", "theo tuần", "theo ngày", "theo năm", "hàng tháng", "hàng tuần", "hàng ngày", "theo từng",
    "từng", "report", "dashboard", "báo cáo", "thống kê", "distribution", "phân bố", "grouped by", "nhóm theo",
    "cohort", "trend", "xu hướng", "leaderboard", "bảng xếp hạng", "revenue", "doanh thu", "statistics", "stats",
    "per day", "per week", "per month", "per year", "per hour"))


def _analytics(f: QueryFeatures, signals: dict[str, list[str]]) -> None:
    words = signals.get("analytics", [])
    if not _strong_analytics(signals) or f.operation == "write":
        return
    f.add("aggregates", "count")
    if set(words) & _GROUPED or "for each" in signals.get("join", []):
        f.group_by = True
    if "window" in signals:
        f.add("window_functions", "rank" if any("rank" in w or "hạng" in w for w in signals["window"]) else "over")


def _writes(f: QueryFeatures, signals: dict[str, list[str]], text: str) -> None:
    if f.operation != "write":
        return
    if "batch_write" in signals:
        f.batch_dynamic = True
        match = _NUMBER_WORDS.search(text)
        if match:
            f.notes.append(f"batch of about {match.group(0).strip()}")
    if "high_frequency" in signals:
        f.high_frequency = True


def _tables(text: str, schema: PrismaSchema) -> list[str]:
    """Models named in the sentence: by model name, table name, or their plural (`lessons`)."""
    words = set(re.findall(r"[a-z0-9_]+", text.lower()))
    found = []
    for model in schema.models.values():
        candidates = {model.name.lower(), model.db_name.lower()}
        candidates |= {c + "s" for c in candidates} | {c + "es" for c in candidates} | {c[:-1] + "ies" for c in candidates if c.endswith("y")}
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", model.name).lower()
        candidates |= {snake, snake + "s", snake.replace("_", " ")}
        if candidates & words or any(" " in c and c in text.lower() for c in candidates):
            found.append(model.name)
    return found
