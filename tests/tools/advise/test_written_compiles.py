"""Every query the advisor writes in Drizzle or Kysely compiles under `tsc --strict` against the
Drizzle schema and the Kysely types that `triple-orm sync` generates: for the example project's
queries (every input form) and for every item of the evaluation set on its corpus schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from testkit.paths import REPO
from testkit.toolchain import tsc_check
from tools.advise.advisor import advise

DATA = Path(__file__).parent / "data"
EVAL_DATA = REPO / "evals" / "data" / "advise"


def example_items() -> list[dict]:
    return yaml.safe_load((DATA / "example_queries.yaml").read_text())["items"]


def written_modules(items, schema, harness, prefix: str) -> tuple[dict[str, str], dict[str, str]]:
    """(file name -> module, file name -> the code, for messages) of every Drizzle/Kysely query written."""
    modules, shown = {}, {}
    for index, item in enumerate(items):
        advice = advise(item["input"], schema, names=harness.names, all_orms=True)
        for orm in ("drizzle", "kysely"):
            written = advice.code.get(orm)
            if written is None or "as given (already this ORM)" in written.notes:
                continue
            name = f"{prefix}{index:03d}_{orm}.ts"
            modules[name] = harness.module(written)
            shown[name] = f"{item['id']} ({orm}):\n{written.text()}"
    return modules, shown


def assert_compiles(files: dict[str, str], shown: dict[str, str]) -> None:
    result = tsc_check(files)
    if result.returncode == 0:
        return
    failing = sorted({m.group(1) for m in re.finditer(r"^(\w+\.ts)\(", result.stdout, re.M)})
    details = "\n\n".join(f"{shown.get(f, f)}\n{_errors_of(result.stdout, f)}" for f in failing[:8])
    pytest.fail(f"tsc --strict failed for {len(failing)} file(s):\n{details}\n\n{result.stdout[-2000:]}")


def _errors_of(output: str, name: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith(name))


@pytest.mark.node
def test_every_query_written_for_the_example_compiles(example_schema, example_harness):
    modules, shown = written_modules(example_items(), example_schema, example_harness, "q")
    drizzle = [n for n in modules if n.endswith("_drizzle.ts")]
    kysely = [n for n in modules if n.endswith("_kysely.ts")]
    # every item is written in both ORMs except those given in that ORM already
    assert len(drizzle) >= len(example_items()) - 1 and len(kysely) >= len(example_items()) - 2
    assert_compiles({**example_harness.files, **modules}, shown)


def corpus_eval_files() -> list:
    params = []
    for path in sorted(EVAL_DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        params.append(pytest.param(data["schema"], data["items"], id=path.stem))
    return params


@pytest.mark.node
@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("schema_id, items", corpus_eval_files())
def test_every_query_written_for_the_evaluation_set_compiles(schema_id, items, harness_for):
    from testkit.corpus import corpus_schemas
    from testkit.paths import require_corpus
    from tools.prisma import load_schema

    require_corpus()
    corpus = {s.id: s for s in corpus_schemas()}
    schema = load_schema(corpus[schema_id].schema)
    harness = harness_for(schema)
    code_items = [i for i in items if advise(i["input"], schema).input.kind != "intent"]
    modules, shown = written_modules(code_items, schema, harness, "e")
    assert modules, f"nothing written for {schema_id}"
    assert_compiles({**harness.files, **modules}, shown)
