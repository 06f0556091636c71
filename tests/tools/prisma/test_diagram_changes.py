"""The ER diagram of what a schema change touches (`schema_changes`, `changes_to_mermaid`).

The diagrams are read back by Mermaid's own parser (the `mermaid` npm package, pinned in
`mermaid/package.json`, installed once into the test cache like the TypeScript toolchain): a
diagram GitHub could not render fails here, and the marks are checked as Mermaid reads them
(attribute comments, relationship labels), not as substrings of our own text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from testkit.paths import CACHE, EXAMPLE
from tools.prisma import parse_schema_text
from tools.prisma.diagram import ADDED, CHANGED, REMOVED, changes_to_mermaid, schema_changes, schema_to_mermaid

HERE = Path(__file__).parent / "mermaid"
EXAMPLE_SCHEMA = (EXAMPLE / "apps/api/prisma/schema.prisma").read_text()
NOTE = """
model LessonNote {
  id       Int    @id @default(autoincrement())
  lessonId String
  body     String
  lesson   Lesson @relation(fields: [lessonId], references: [id])

  @@index([lessonId])
}
"""


def mermaid_reads(diagram: str) -> dict:
    """What Mermaid's parser makes of `diagram`: entities with their attributes, relationships."""
    from testkit.toolchain import _installed

    folder = _installed(HERE, CACHE / "mermaid")
    shutil.copyfile(HERE / "parse.mjs", folder / "parse.mjs")
    done = subprocess.run(["node", str(folder / "parse.mjs")], input=diagram, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def pull_request_schema() -> str:
    """The example's schema after a pull request: Lesson loses videoUrl, durationSec becomes BigInt,
    a LessonNote model is added with a relation to Lesson, Certificate is removed."""
    text = EXAMPLE_SCHEMA.replace("  videoUrl    String?\n", "")
    text = text.replace("  durationSec Int      @default(0)\n", "  durationSec BigInt   @default(0)\n")
    text = text.replace("  behaviorLogs BehaviorLog[]\n\n  @@unique([courseId, position])",
                        "  behaviorLogs BehaviorLog[]\n  notes        LessonNote[]\n\n  @@unique([courseId, position])")
    start = text.index("model Certificate {")
    text = text[:start] + text[text.index("}\n", start) + 2:]
    text = re.sub(r"\n  certificates +Certificate\[\]", "", text)  # the back-relations on User and Course
    return text + NOTE


def test_changes_between_the_example_and_a_pull_request() -> None:
    base, head = parse_schema_text(EXAMPLE_SCHEMA), parse_schema_text(pull_request_schema())
    changes = schema_changes(base, head)
    assert {m.name: m.status for m in changes.models} == {"Lesson": CHANGED, "LessonNote": ADDED, "Certificate": REMOVED}
    lesson = changes.model("Lesson")
    assert {f.name: (f.status, f.details) for f in lesson.fields} == {
        "durationSec": (CHANGED, ["integer → bigint"]), "videoUrl": (REMOVED, [])}
    assert changes.relations == {("LessonNote", "lesson", "Lesson"): ADDED, ("Certificate", "user", "User"): REMOVED,
                                 ("Certificate", "course", "Course"): REMOVED}
    assert changes.model("Certificate").table == "certificates"
    assert json.loads(json.dumps(changes.to_dict()))["models"][0]["model"] == "Lesson"
    assert not schema_changes(base, parse_schema_text(EXAMPLE_SCHEMA))  # the same schema: nothing


def small(note: str, lesson_fields: str = "") -> str:
    return f'datasource db {{\n  provider = "postgresql"\n}}\nmodel Lesson {{\n  id String @id\n{lesson_fields}}}\n' + note


def test_nullability_default_key_and_index_changes_are_named() -> None:
    base = parse_schema_text(small(NOTE, "  notes LessonNote[]\n"))
    head = parse_schema_text(small(NOTE.replace("  body     String\n", '  body     String?  @default("")\n')
                                   .replace("  @@index([lessonId])", "  @@unique([lessonId, body])"), "  notes LessonNote[]\n"))
    note = schema_changes(base, head).model("LessonNote")
    assert note.status == CHANGED
    assert note.field("body").details == ["required → nullable", "no default → default ''"]
    assert sorted(note.details) == ["index (lessonId) removed", "unique (lessonId, body) added"]


def test_marks_as_mermaid_reads_them() -> None:
    base, head = parse_schema_text(EXAMPLE_SCHEMA), parse_schema_text(pull_request_schema())
    diagram = changes_to_mermaid(base, head, schema_changes(base, head))
    read = mermaid_reads(diagram)
    assert "error" not in read, read.get("error")
    assert read["type"] == "er"
    # the touched models, plus User and Course: the other ends of the relations Certificate took away
    assert set(read["entities"]) == {"Lesson", "LessonNote", "Certificate", "User", "Course"}
    lesson = {a["name"]: a for a in read["entities"]["Lesson"]}
    assert lesson["durationSec"]["comment"] == "~ integer → bigint" and lesson["durationSec"]["type"] == "bigint"
    assert lesson["videoUrl"]["comment"] == "- removed"  # drawn from the base schema
    assert lesson["title"]["comment"] == ""  # unchanged columns carry no mark
    assert all(a["comment"] == "+ added" for a in read["entities"]["LessonNote"])
    certificate = {a["name"]: a["comment"] for a in read["entities"]["Certificate"]}
    assert certificate["userId"] == "- removed · user_id"  # the mark beside the column's own name
    # context only: the key a foreign key points at, unmarked
    assert read["entities"]["User"] == [{"type": "uuid", "name": "id", "keys": ["PK"], "comment": ""}]
    labels = {(r["from"], r["to"], r["label"]) for r in read["relationships"]}
    assert ("Lesson", "LessonNote", "lesson (added)") in labels
    assert ("User", "Certificate", "user (removed)") in labels and ("Course", "Certificate", "course (removed)") in labels
    assert "%% removed: Certificate" in diagram and "%% unchanged (related): User" in diagram


def test_a_schema_added_by_the_pull_request_is_all_added() -> None:
    head = parse_schema_text(small(NOTE, "  notes LessonNote[]\n"))
    changes = schema_changes(None, head)
    assert {m.status for m in changes.models} == {ADDED}
    read = mermaid_reads(changes_to_mermaid(None, head, changes))
    assert "error" not in read and set(read["entities"]) == {"Lesson", "LessonNote"}


def test_the_whole_example_diagram_is_valid_mermaid() -> None:
    """The diagram `inspect --mermaid` prints, unchanged by the additions."""
    read = mermaid_reads(schema_to_mermaid(parse_schema_text(EXAMPLE_SCHEMA)))
    assert "error" not in read, read.get("error")
    assert len(read["entities"]) == 10 and len(read["relationships"]) >= 9


def test_the_parser_rejects_a_broken_diagram() -> None:
    """The check above can fail: Mermaid's parser refuses what GitHub would not render."""
    assert "error" in mermaid_reads("erDiagram\n    Post {\n        int id PK\n")
    assert "error" in mermaid_reads('erDiagram\n    Post {\n        int id "a "quoted" comment"\n    }\n')

