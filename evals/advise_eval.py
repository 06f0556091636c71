"""How often the ORM advisor agrees with the evaluation set: `python evals/advise_eval.py`.

The set (`evals/data/advise/*.yaml`) holds queries, snippets and sentences (English and
Vietnamese) written against the corpus schemas in the styles those projects use, each with the ORM
a reviewer expects (`orm`: one name, or a list when either is right) and the features that decide
it (`features`: numbers are minimums, lists must all be found, booleans and strings must match).
An item agrees when the recommended ORM is expected and every expected feature is found.

Prints, per file and per input kind, the agreement rate, and each disagreement with what the
advisor saw; `--min-rate 0.95` exits 1 below that rate (the CI test does the same assertion).
Needs ../shared/corpus (the schemas) and PyYAML.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "evals" / "data" / "advise"
sys.path.insert(0, str(REPO / "tests" / "helpers"))


@dataclass
class Outcome:
    id: str
    file: str
    kind: str
    language: str
    expected: list[str]
    got: str
    orm_ok: bool
    missing: list[str] = field(default_factory=list)  # expected features not found
    written: bool | None = None  # code inputs: the query was written in the recommended ORM
    holdout: bool = False

    @property
    def agrees(self) -> bool:
        return self.orm_ok and not self.missing


def load_items(folder: Path = DATA) -> list[tuple[str, str, dict]]:
    """(file stem, schema id, item) for every item of every file."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["items"]:
            out.append((path.stem, data["schema"], {**item, "holdout": bool(data.get("holdout"))}))
    return out


def schemas_by_id() -> dict[str, Any]:
    from testkit.corpus import corpus_schemas

    return {s.id: s for s in corpus_schemas()}


def feature_misses(features, expected: dict[str, Any]) -> list[str]:
    """The expected features the advisor did not find, in words."""
    missing = []
    for name, want in expected.items():
        got = features.value(name)
        if isinstance(want, bool):
            ok = bool(got) == want
        elif isinstance(want, int):
            ok = (len(got) if isinstance(got, list) else (got or 0)) >= want
        elif isinstance(want, list):
            ok = all(w in (got or []) for w in want)
        else:
            ok = got == want
        if not ok:
            missing.append(f"{name}: expected {want!r}, found {got!r}")
    return missing


def evaluate(items, schemas, loaded: dict | None = None) -> list[Outcome]:
    from tools.advise.advisor import advise
    from tools.errors import TripleOrmError
    from tools.prisma import load_schema

    loaded = {} if loaded is None else loaded
    outcomes = []
    for stem, schema_id, item in items:
        if schema_id not in loaded:
            loaded[schema_id] = load_schema(schemas[schema_id].schema)
        expect = item["expect"]
        expected = expect["orm"] if isinstance(expect["orm"], list) else [expect["orm"]]
        try:
            advice = advise(item["input"], loaded[schema_id], kind=item.get("kind"))
        except TripleOrmError as error:  # counted as a disagreement, with what went wrong
            outcomes.append(Outcome(item["id"], stem, item.get("kind") or "?", "?", expected, "error", False,
                                    [error.message], holdout=item.get("holdout", False)))
            continue
        language = advice.input.intent.language if advice.input.intent else "code"
        outcome = Outcome(item["id"], stem, advice.input.kind, language, expected, advice.recommended,
                          advice.recommended in expected, feature_misses(advice.features, expect.get("features", {})),
                          holdout=item.get("holdout", False))
        if advice.input.kind != "intent":
            outcome.written = advice.recommended in advice.code
        outcomes.append(outcome)
    return outcomes


def rate(outcomes: list[Outcome]) -> float:
    return sum(o.agrees for o in outcomes) / len(outcomes) if outcomes else 0.0


def report(outcomes: list[Outcome]) -> str:
    lines = [f"ORM advisor evaluation: {len(outcomes)} items from {len({o.file for o in outcomes})} corpus schemas", ""]
    lines.append(f"{'group':<24}{'items':>6}{'ORM':>8}{'features':>10}{'both':>8}")
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[f"file {o.file}"].append(o)
        groups[f"kind {o.kind}"].append(o)
        if o.kind == "intent":
            groups[f"intent ({o.language})"].append(o)
    for name in sorted(groups):
        group = groups[name]
        orm = sum(o.orm_ok for o in group) / len(group)
        feats = sum(not o.missing for o in group) / len(group)
        lines.append(f"{name:<24}{len(group):>6}{orm:>8.0%}{feats:>10.0%}{rate(group):>8.0%}")
    code = [o for o in outcomes if o.written is not None]
    held = [o for o in outcomes if o.holdout]
    if held:
        lines += ["", f"held-out items (never used to tune the advisor): {rate(held):.1%} "
                      f"({sum(o.agrees for o in held)}/{len(held)})"]
    lines += ["", f"agreement rate: {rate(outcomes):.1%} ({sum(o.agrees for o in outcomes)}/{len(outcomes)})",
              f"ORM agreement: {sum(o.orm_ok for o in outcomes) / len(outcomes):.1%}",
              f"queries written in the recommended ORM (code and SQL inputs): "
              f"{sum(bool(o.written) for o in code)}/{len(code)}"]
    misses = [o for o in outcomes if not o.agrees]
    if misses:
        lines += ["", "disagreements:"]
        for o in misses:
            what = [] if o.orm_ok else [f"recommended {o.got}, expected {'/'.join(o.expected)}"]
            lines.append(f"  {o.id} ({o.kind}): " + "; ".join(what + o.missing))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-rate", type=float, default=None, help="exit 1 when the agreement rate is lower")
    parser.add_argument("--json", action="store_true", help="outcomes as JSON")
    args = parser.parse_args(argv)
    schemas = schemas_by_id()
    if not schemas:
        print("../shared/corpus not found: set TRIPLE_ORM_SHARED", file=sys.stderr)
        return 2
    outcomes = evaluate(load_items(), schemas)
    if args.json:
        print(json.dumps({"rate": rate(outcomes), "items": [o.__dict__ | {"agrees": o.agrees} for o in outcomes]},
                         indent=2))
    else:
        print(report(outcomes))
    return 1 if args.min_rate is not None and rate(outcomes) < args.min_rate else 0


if __name__ == "__main__":
    raise SystemExit(main())
