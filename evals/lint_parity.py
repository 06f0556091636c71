"""Parity of `triple-orm lint` with squawk over every migration of ../shared/corpus.

For each squawk rule that one of our rules covers (`Rule.squawk`), every squawk finding should be
matched by one of ours on the same statement. Prints per rule: squawk's count, how many we match,
how many we leave out on purpose (a rule recorded a documented exemption on that statement, e.g.
"table created earlier in this migration"), and how many we miss; then what we report that squawk
does not, per rule; with a few samples of each category.

Two configurations, each the fair counterpart of the other:
- prisma: squawk --assume-in-transaction (what its docs advise for ORM runners) vs runner = prisma;
- plain:  squawk's defaults vs runner = plain.

    .venv/bin/python evals/lint_parity.py [--mode prisma|plain|both] [--samples 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "helpers"))


@dataclass
class RuleParity:
    squawk_rule: str
    ours: tuple[str, ...]
    total: int = 0
    matched: int = 0
    exempted: Counter = field(default_factory=Counter)  # reason -> count
    missed: list = field(default_factory=list)  # (file, statement index, message)
    exempt_samples: list = field(default_factory=list)

    @property
    def explained(self) -> int:
        return self.matched + sum(self.exempted.values())

    def ratio(self, explained: bool = False) -> float:
        return (self.explained if explained else self.matched) / self.total if self.total else 1.0


@dataclass
class Parity:
    mode: str
    files: int = 0
    rules: dict[str, RuleParity] = field(default_factory=dict)
    uncovered: Counter = field(default_factory=Counter)
    extra: dict[str, list] = field(default_factory=lambda: defaultdict(list))  # our rule -> samples we add


def corpus_files() -> list[Path]:
    from testkit.corpus import corpus_schemas

    files = []
    for schema in corpus_schemas():
        files += sorted(schema.migrations.glob("*/migration.sql"))
    return files


def run_squawk(files: list[Path], mode: str) -> list[dict]:
    squawk = Path(sys.executable).parent / "squawk"
    command = [str(squawk), "--reporter", "json", *(["--assume-in-transaction"] if mode == "prisma" else [])]
    out: list[dict] = []
    for start in range(0, len(files), 500):  # keep the command line short
        done = subprocess.run(command + [str(f) for f in files[start:start + 500]], capture_output=True, text=True)
        if done.returncode not in (0, 1) or not done.stdout.strip():
            raise SystemExit(f"squawk failed ({done.returncode}): {done.stderr[-1000:]}")
        out += json.loads(done.stdout)
    return out


def lint_ours(files: list[Path], mode: str):
    from tools.lint.runner import lint_set
    from tools.lint.settings import LintSettings
    from tools.lint.sources import History, MigrationSet

    histories: dict[Path, History] = {}
    for path in files:
        folder = path.parent.parent
        histories.setdefault(folder, History(folder, mode, [])).files.append(path)
    found = MigrationSet(list(histories.values()), set(files))
    settings = LintSettings(runner=mode, cache=False, collect_exemptions=True)
    return lint_set(found, settings, base=Path("/"), use_cache=False)


class StatementIndex:
    """Statement spans of each file, to find the statement a squawk line/column falls in."""

    def __init__(self):
        from tools.lint.parse import parse_sql

        self._parse = parse_sql
        self._cache: dict[str, tuple[str, list[int], list[tuple[int, int]]]] = {}

    def statement_at(self, path: str, line: int, byte_column: int) -> int:
        text, starts, spans = self._file(path)
        if line >= len(starts):
            return -1
        line_text = text[starts[line]:].split("\n", 1)[0]
        column = len(line_text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))
        offset = starts[line] + column
        begins = [s for s, _ in spans]
        index = bisect_right(begins, offset) - 1
        if index >= 0 and offset <= spans[index][1] + 1:
            return index
        return index + 1 if index + 1 < len(spans) and offset >= spans[index + 1][0] - 1 else max(index, 0)

    def _file(self, path: str):
        if path not in self._cache:
            text = Path(path).read_text(encoding="utf-8-sig")
            starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
            spans = [(s.start, s.end) for s in self._parse(text).statements]
            self._cache[path] = (text, starts, spans)
        return self._cache[path]


def compare(mode: str, files: list[Path]) -> Parity:
    from tools.lint.rules import REGISTRY

    covering: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for rule in REGISTRY:
        for squawk_rule in rule.squawk:
            covering[squawk_rule] += (rule.id,)
    ours = lint_ours(files, mode)
    squawk = run_squawk(files, mode)
    index = StatementIndex()
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for finding in ours.findings:
        statement = finding.data.get("statement", 0) - 1
        found[("/" + finding.location.file, statement)].add(finding.rule)
    exempt: dict[tuple[str, int, str], str] = {}
    for e in ours.exemptions:
        exempt.setdefault(("/" + e["file"], e["statement"] - 1, e["rule"]), e["reason"])
    parity = Parity(mode, len(files))
    claimed: set[tuple[str, int, str]] = set()
    for item in squawk:
        _match_one(item, covering, index, found, exempt, parity, claimed)
    _extras(ours, covering, claimed, parity)
    return parity


def _match_one(item, covering, index, found, exempt, parity: Parity, claimed: set) -> None:
    rule = item["rule_name"]
    if rule not in covering:
        parity.uncovered[rule] += 1
        return
    path = str(Path(item["file"]).resolve())
    statement = index.statement_at(path, item["line"], item["column"])
    result = parity.rules.setdefault(rule, RuleParity(rule, covering[rule]))
    result.total += 1
    hits = found.get((path, statement), set()) & set(covering[rule])
    if rule == "syntax-error":
        hits = {r for (p, _), rules in found.items() if p == path for r in rules} & {"syntax-error"}
    if hits:
        result.matched += 1
        claimed.update((path, statement, r) for r in hits)
        return
    reason = next((exempt[(path, statement, r)] for r in covering[rule] if (path, statement, r) in exempt), None)
    if reason is not None:
        result.exempted[_reason_kind(reason)] += 1
        result.exempt_samples.append((path, statement, reason))
    else:
        result.missed.append((path, statement, item["message"]))


def _reason_kind(reason: str) -> str:
    """Group exemption reasons that differ only by names (`table X is created ...`)."""
    import re

    reason = re.sub(r'"[^"]*"|\'[^\']*\'', "…", reason)
    return re.sub(r"\b[\w$]*[A-Z_.][\w$.]*\b|\b\d+\b", "…", reason)


def _extras(ours, covering, claimed: set, parity: Parity) -> None:
    covering_rules = {r for rules in covering.values() for r in rules}
    for finding in ours.findings:
        key = ("/" + finding.location.file, finding.data.get("statement", 0) - 1, finding.rule)
        if key in claimed:
            continue
        label = finding.rule if finding.rule in covering_rules else f"{finding.rule} (not a squawk rule)"
        parity.extra[label].append(finding)


def print_report(parity: Parity, samples: int, rng: random.Random) -> None:
    print(f"\n=== mode {parity.mode}: {parity.files} migrations ===")
    print(f"{'squawk rule':<46}{'squawk':>7}{'matched':>9}{'exempt':>8}{'missed':>8}{'parity':>9}{'explained':>11}")
    for name in sorted(parity.rules):
        r = parity.rules[name]
        print(f"{name:<46}{r.total:>7}{r.matched:>9}{sum(r.exempted.values()):>8}{len(r.missed):>8}"
              f"{r.ratio():>9.1%}{r.ratio(True):>11.1%}")
    total = sum(r.total for r in parity.rules.values())
    matched = sum(r.matched for r in parity.rules.values())
    explained = sum(r.explained for r in parity.rules.values())
    print(f"{'all covered rules':<46}{total:>7}{matched:>9}{explained - matched:>8}{total - explained:>8}"
          f"{matched / max(total, 1):>9.1%}{explained / max(total, 1):>11.1%}")
    if parity.uncovered:
        print("squawk rules we do not cover: " + ", ".join(f"{r} ({n})" for r, n in parity.uncovered.most_common()))
    _print_samples(parity, samples, rng)


def _print_samples(parity: Parity, samples: int, rng: random.Random) -> None:
    for name in sorted(parity.rules):
        r = parity.rules[name]
        for kind, count in r.exempted.most_common():
            print(f"  [{name}] exempt x{count}: {kind}")
        for path, statement, reason in rng.sample(r.exempt_samples, min(samples, len(r.exempt_samples))):
            print(f"      e.g. {_short(path)} statement {statement + 1}: {reason}")
        for path, statement, message in r.missed[:samples]:
            print(f"  [{name}] MISSED {_short(path)} statement {statement + 1}: {message}")
    print("\nwhat we report that squawk does not (per rule):")
    for label, findings in sorted(parity.extra.items(), key=lambda kv: -len(kv[1])):
        print(f"  {label}: {len(findings)}")
        for finding in rng.sample(findings, min(samples, len(findings))):
            print(f"      e.g. {_short(finding.location.file)}:{finding.location.line}: {finding.message[:150]}")


def _short(path: str) -> str:
    parts = Path(path).parts
    return "/".join(parts[-3:]) if len(parts) > 3 else path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("prisma", "plain", "both"), default="both")
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    files = corpus_files()
    if not files:
        print("../shared/corpus not found: nothing to compare")
        return 1
    results = {}
    for mode in (("prisma", "plain") if args.mode == "both" else (args.mode,)):
        parity = compare(mode, files)
        print_report(parity, args.samples, random.Random(args.seed))
        results[mode] = {name: {"squawk": r.total, "matched": r.matched, "exempt": sum(r.exempted.values()),
                                "missed": len(r.missed)} for name, r in parity.rules.items()}
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
