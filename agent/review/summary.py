"""The sticky summary comment: one per pull request, found again by its hidden marker and edited in place.

The full report lists every finding by file (severity, rule, line, message, lock and what it
blocks, whether it is also an inline comment), the drift comparisons that ran, and the diff of
each generated file `triple-orm sync` would change. GitHub refuses a comment body over 65,536
characters; past 65,000 the report falls back to one row per file with its counts by severity and
its rules (squawk does the same), and points at the job log for the rest.

When the pull request changes schema.prisma, the summary opens with the tables it touches as a
Mermaid entity-relationship diagram (GitHub draws it): each column marked `+ added`, `- removed`
or `~ before → after`, relationships labelled `(added)` / `(removed)`, and below it a table of the
changes, which also carries what the diagram cannot show (indexes) and stays when the diagram
would be too long to draw.

With a live database (`agent.review.live`), a "Live database" section says which environment
variable and which host and database (never the password), what was compared with what, the
migrations pending with this pull request, and the live findings, which are listed there rather
than under their files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from agent.review.checks import CheckResults
from agent.review.comments import CommentPlan, lock_phrase
from tools.findings import Finding, Severity
from tools.health.markdown import _ICON as ICON

MARKER = "<!-- triple-orm:review -->"
LIMIT = 65_000
MAX_DIFF_LINES = 200  # of each generated file's diff in the full report
ORDER = list(Severity)


@dataclass
class SummaryContext:
    repo: str | None
    head: str  # the commit reviewed
    server: str = "https://github.com"
    fail_on: Severity | None = Severity.HIGH
    version: str = ""


def summary_markdown(results: CheckResults, prints: list[str], comments: CommentPlan, context: SummaryContext) -> str:
    full = _full(results, prints, comments, context)
    if len(full) <= LIMIT:
        return full
    return _per_file(results, context, len(full))


def verdict(findings: list[Finding], fail_on: Severity | None) -> str:
    counts = Counter(f.severity for f in findings)
    if counts[Severity.CRITICAL]:
        return f"{ICON[Severity.CRITICAL]} **Blocked**: {counts[Severity.CRITICAL]} CRITICAL finding(s) (the migration fails or loses data for good)."
    failing = [f for f in findings if fail_on is not None and f.severity.at_least(fail_on)]
    if failing:
        return f"{ICON[Severity.HIGH]} **{len(failing)} finding(s) at {fail_on.value} or above** need attention before merging."
    if findings:
        return f"✅ Nothing at {fail_on.value if fail_on else 'a failing severity'} or above; {len(findings)} finding(s) to read."
    return "✅ No findings."


def _head(results: CheckResults, context: SummaryContext) -> list[str]:
    counts = Counter(f.severity for f in results.findings)
    shown = ", ".join(f"{counts[s]} {s.value.lower()}" for s in ORDER if counts[s]) or "none"
    return [MARKER, "## triple-orm review", "", verdict(results.findings, context.fail_on), "",
            f"**{len(results.findings)} finding(s)** ({shown}) · {len(results.linted)} migration file(s) linted"
            + (f" · {len(results.stale)} generated file(s) out of date" if results.stale else ""), ""]


def _foot(results: CheckResults, context: SummaryContext) -> list[str]:
    notes = [f"> {note}" for note in results.notes]
    return [*notes, *([""] if notes else []),
            f"<sub>triple-orm {context.version} · commit {context.head[:7]} · this comment is updated in place on every push; "
            "findings on changed lines are also inline comments (💬).</sub>", ""]


def _full(results: CheckResults, prints: list[str], comments: CommentPlan, context: SummaryContext) -> str:
    inline = {c.fingerprint for c in comments.inline}
    lines = _head(results, context) + _schema_section(results)
    by_file: dict[str, list[tuple[Finding, str]]] = {}
    for finding, fingerprint in zip(results.findings, prints):
        if _is_live(finding):
            continue  # in the live database's section
        by_file.setdefault(finding.location.file if finding.location else "(no file)", []).append((finding, fingerprint))
    for path, items in by_file.items():
        lines += [f"### `{path}`", "", "| | rule | line | finding | lock |", "|---|---|---|---|---|"]
        for finding, fingerprint in sorted(items, key=lambda i: (-i[0].severity.rank, _line(i[0]))):
            mark = " 💬" if fingerprint in inline else ""
            lines.append(f"| {ICON[finding.severity]} | `{finding.rule}`{mark} | {_link(finding, context)} | "
                         f"{_cell(finding.message)} | {_cell(lock_phrase(finding))} |")
        lines += _how_to_fix([f for f, _ in items])
    lines += _drift_section(results) + _live_section(results, prints, inline, context)
    return "\n".join(lines + _foot(results, context))


def _drift_section(results: CheckResults, diffs: bool = True) -> list[str]:
    if not results.comparisons and not results.stale:
        return []
    lines = ["### Schema, migrations and generated files", ""]
    for comparison in results.comparisons:
        state = {"ran": "✅" if not comparison["findings"] else "⚠️", "failed": "❌", "skipped": "➖"}.get(comparison["status"], "")
        detail = comparison["reason"] or f"{comparison['compared']} objects compared, {comparison['findings']} finding(s)"
        lines.append(f"- {state} {comparison['title']}: {_one_line(detail)}")
    for stale in results.stale:
        title = f"<code>{stale['path']}</code> is out of date ({stale['state']}): run <code>triple-orm sync</code> and commit it"
        if not diffs:
            lines.append(f"- ⚠️ {title}")
            continue
        diff = stale["diff"].rstrip().split("\n")
        cut = [f"… {len(diff) - MAX_DIFF_LINES} more lines (`triple-orm sync --check` prints them all)"] if len(diff) > MAX_DIFF_LINES else []
        lines += ["", f"<details><summary>{title}</summary>", "", "```diff", *diff[:MAX_DIFF_LINES], *cut, "```", "", "</details>"]
    return lines + [""]


def _per_file(results: CheckResults, context: SummaryContext, full_length: int) -> str:
    """One row per file: counts by severity and rules, cut short so the body stays under the limit."""
    schema = _schema_section(results, diagram=len("\n".join(_schema_section(results))) < LIMIT // 3)
    lines = _head(results, context) + schema
    lines += [f"The full report ({full_length:,} characters) is longer than a GitHub comment allows: here is one row "
              "per file; the job log has every finding (`triple-orm lint` / `triple-orm check`).", "",
              "| file | " + " | ".join(ICON[s] for s in ORDER) + " | rules |", "|---|" + "---|" * len(ORDER) + "---|"]
    by_file: dict[str, list[Finding]] = {}
    for finding in results.findings:
        by_file.setdefault(finding.location.file if finding.location else "(no file)", []).append(finding)
    foot = _drift_section(results, diffs=False) + _live_section(results) + _foot(results, context)
    budget = LIMIT - len("\n".join(lines + foot)) - 200
    for index, (path, findings) in enumerate(by_file.items()):
        counts = Counter(f.severity for f in findings)
        row = (f"| `{path}` | " + " | ".join(str(counts[s] or "") for s in ORDER) + " | "
               + ", ".join(f"`{r}`" for r in dict.fromkeys(f.rule for f in findings)) + " |")
        if len(row) + 1 > budget:
            lines.append(f"\n… and {len(by_file) - index} more file(s).")
            break
        lines.append(row)
        budget -= len(row) + 1
    return "\n".join(lines + [""] + foot)


def _how_to_fix(findings: list[Finding]) -> list[str]:
    helps = dict.fromkeys(f"**`{f.rule}`**: {f.help}" for f in findings if f.help)
    return ["", "<details><summary>How to fix</summary>", "", *[f"- {_one_line(h)}" for h in helps], "", "</details>", ""]


def _is_live(finding: Finding) -> bool:
    return bool((finding.data or {}).get("live"))


def _live_section(results: CheckResults, prints: list[str] | None = None, inline: set[str] = frozenset(),
                  context: SummaryContext | None = None) -> list[str]:
    """Which database, what was compared, what is pending; its findings when `prints` is given."""
    live = results.live
    if live is None:
        return []
    lines = ["### Live database", "", f"`${live.env}` → `{live.where}`, read-only. A deployed database runs the base "
             "branch, not this pull request: it is compared with the schema at the base, and its migration history "
             "with this pull request's migrations.", ""]
    if live.status != "ran":
        icon = "❌ could not check the live database" if live.status == "failed" else "➖ not checked"
        return lines + [f"- {icon}: {_one_line(live.reason)}", ""]
    for row in live.comparisons:
        state = {"ran": "✅" if not row["findings"] else "⚠️", "failed": "❌", "skipped": "➖"}.get(row["status"], "")
        detail = row["reason"] or f"{row['compared']} {row.get('unit', 'objects')} compared, {row['findings']} finding(s)"
        lines.append(f"- {state} {row['title']}: {_one_line(detail)}")
    if live.pending:
        lines.append("- ⏳ pending with this pull request (not applied yet; `prisma migrate deploy` applies them after "
                     "the merge): " + ", ".join(f"`{name}`" for name in live.pending))
    lines += [f"- {_one_line(note)}" for note in live.notes]
    if prints is None or context is None:
        return lines + [""]
    items = [(f, p) for f, p in zip(results.findings, prints) if _is_live(f)]
    if items:
        lines += ["", "| | rule | where | finding |", "|---|---|---|---|"]
        for finding, fingerprint in sorted(items, key=lambda i: -i[0].severity.rank):
            where = f"`{finding.location.file}` {_link(finding, context)}" if finding.location else ""
            note = finding.data.get("live_note")
            lines.append(f"| {ICON[finding.severity]} | `{finding.rule}`{' 💬' if fingerprint in inline else ''} | "
                         f"{where} | {_cell(finding.message)}{f' ({note})' if note else ''} |")
        lines += _how_to_fix([f for f, _ in items])[:-1]
    return lines + [""]


STATUS = {"added": "➕ added", "removed": "➖ removed", "changed": "✏️ changed"}
MAX_MODEL_ROWS = 150  # of the table of changed models (a larger change is a rewrite: the log has it all)


def _schema_section(results: CheckResults, diagram: bool = True) -> list[str]:
    """The tables a schema change touches: the ER diagram, then one row per model."""
    if not results.schema_changes:
        return []
    lines = ["### Tables this pull request changes", ""]
    if diagram and results.schema_diagram:
        lines += ["```mermaid", results.schema_diagram.rstrip("\n"), "```", "",
                  "<sub>In the diagram: <code>+ added</code>, <code>- removed</code>, <code>~ before → after</code> "
                  "beside each column; relationships marked (added) / (removed); unmarked tables are there for "
                  "the relationships.</sub>", ""]
    lines += ["| model (table) | change | what changed |", "|---|---|---|"]
    models = results.schema_changes["models"]
    for model in models[:MAX_MODEL_ROWS]:
        what = [f"`{f['name']}` {f['status']}" + (f" ({'; '.join(f['details'])})" if f["details"] else "")
                for f in model["fields"]] if model["status"] == "changed" else [f"{len(model['fields'])} column(s)"]
        table = f" (`{model['table']}`)" if model["table"] != model["model"] else ""
        lines.append(f"| `{model['model']}`{table} | {STATUS[model['status']]} | {_cell(', '.join(what + model['details']))} |")
    if len(models) > MAX_MODEL_ROWS:
        lines.append(f"| … | {len(models) - MAX_MODEL_ROWS} more model(s) | |")
    return lines + [""]


def _line(finding: Finding) -> int:
    return finding.location.line if finding.location else 0


def _link(finding: Finding, context: SummaryContext) -> str:
    if finding.location is None:
        return ""
    loc = finding.location
    if not context.repo:
        return f"L{loc.line}"
    end = f"-L{loc.end_line}" if loc.end_line and loc.end_line != loc.line else ""
    return f"[L{loc.line}]({context.server}/{context.repo}/blob/{context.head}/{loc.file}#L{loc.line}{end})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")
