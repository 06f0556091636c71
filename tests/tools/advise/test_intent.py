"""Plain-language intents in English and Vietnamese (with and without diacritics) read offline."""

from __future__ import annotations

import pytest

from tools.advise.intent import find_phrases, read_intent, strip_accents
from tools.advise.matrix import load_matrix


@pytest.mark.parametrize("text, orm, language, checks", [
    ("count lessons completed per locale this month", "kysely", "en", {"group_by": True, "aggregates": ["count"]}),
    ("đếm số bài học hoàn thành theo từng ngôn ngữ trong tháng này", "kysely", "vi", {"group_by": True}),
    ("dem so bai hoc hoan thanh theo tung ngon ngu", "kysely", "en", {"group_by": True}),
    ("thống kê doanh thu theo tháng", "kysely", "vi", {"group_by": True}),
    ("rank courses by revenue within each locale", "kysely", "en", {"window_functions": ["rank"]}),
    ("nhập 10.000 sự kiện từ file NDJSON", "drizzle", "vi", {"operation": "write", "batch_dynamic": True}),
    ("bulk import 20,000 contacts from a CSV upload", "drizzle", "en", {"operation": "write", "batch_dynamic": True}),
    ("log every video play event from the mobile app", "drizzle", "en", {"high_frequency": True}),
    ("ghi log sự kiện mỗi lần có yêu cầu", "drizzle", "vi", {"high_frequency": True}),
    ("find users whose settings theme is dark", "drizzle", "en", {"jsonb_operators": ["->>"]}),
    ("thêm cột phone vào bảng users", "prisma", "vi", {"operation": "schema"}),
    ("add an index on users created_at", "prisma", "en", {"operation": "schema"}),
    ("rename column full_name to name", "prisma", "en", {"operation": "schema"}),
    ("get user by email", "prisma", "en", {"operation": "read", "tables": ["User"]}),
    ("lấy khóa học theo id", "prisma", "vi", {"operation": "read"}),
])
def test_intents_decide(text: str, orm: str, language: str, checks: dict, example_schema) -> None:
    reading = read_intent(text, example_schema)
    assert reading.language == language
    for name, value in checks.items():
        got = reading.features.value(name)
        assert (all(v in got for v in value) if isinstance(value, list) else got == value), (name, got)
    assert load_matrix().decide(reading.features).orm == orm


def test_phrases_are_whole_words_and_accent_insensitive() -> None:
    assert "analytics" not in find_phrases("show the demo account")  # "dem" is not "đếm"
    assert find_phrases("THỐNG KÊ")["analytics"] == find_phrases("thong ke")["analytics"] == ["thống kê"]
    assert strip_accents("Đầu tư cơ bản") == "Dau tu co ban"
    assert "schema_change" not in find_phrases("add the user to the list")


def test_tables_are_recognised_by_model_and_table_names(example_schema) -> None:
    reading = read_intent("average fee of courses per locale and the enrollments of each", example_schema)
    assert set(reading.features.tables) == {"Course", "Locale", "Enrollment"}
    assert reading.features.joins >= 2
