"""Follow-ups answered from the facts already in the conversation: "why is that critical?",
"show me the safe version" (and the same in Vietnamese). No tool runs again.

"That" is the finding the person points at: one whose rule id, table or severity they name, else
the most serious one of the last report. The "why" comes from the rule's own specification (the
Why paragraph of its docstring); the safe version is the finding's verified fix applied to the
migration, or, when the rule has no automatic fix, the rule's Good example and its help.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from agent.graph.facts import Facts, findings_names
from agent.graph.text import fold

_SEVERITY_WORDS = {
    "CRITICAL": r"critical|blocker|blocking|nghiem trong|chan",
    "HIGH": r"\bhigh\b|\bcao\b",
    "MEDIUM": r"medium|trung binh",
    "LOW": r"\blow\b|\bthap\b",
}
_RANK = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1, "INFO": 0}


def pick_findings(previous: dict, text: str) -> tuple[list[dict], str | None]:
    """The findings the follow-up points at, and the severity the person named (if any)."""
    findings = previous.get("findings") or []
    folded = fold(text)
    named = [f for f in findings if f["rule"] in folded]
    if named:
        return _dedupe(named), None
    said = next((s for s, words in _SEVERITY_WORDS.items() if re.search(words, folded)), None)
    if said:
        matching = [f for f in findings if f["severity"] == said]
        if matching:
            return _dedupe(matching), said
    if not findings:
        return [], said
    top = max(_RANK[f["severity"]] for f in findings)
    return _dedupe([f for f in findings if _RANK[f["severity"]] == top]), said


def _dedupe(findings: list[dict], limit: int = 3) -> list[dict]:
    """At most `limit` findings, one per rule first (the same rule on ten columns needs one why)."""
    seen, out = set(), []
    for finding in findings:
        if finding["rule"] not in seen:
            seen.add(finding["rule"])
            out.append(finding)
    return out[:limit]


def rule_spec(rule_id: str):
    """The rule's specification (summary, Why, Bad/Good examples), or None for non-lint rules."""
    from tools.lint.rules import REGISTRY

    for cls in REGISTRY:
        if cls.id == rule_id:
            return cls.spec()
    return None


def why_facts(previous: dict, text: str) -> Facts:
    chosen, said = pick_findings(previous, text)
    facts = Facts(previous["route"], "why", subject={"asked_severity": said, "from": previous.get("kind")}, findings=chosen)
    for finding in chosen:
        spec = rule_spec(finding["rule"])
        data = finding.get("data") or {}
        facts.rows.append({"rule": finding["rule"], "severity": finding["severity"],
                           "summary": spec.summary if spec else "", "why": spec.why if spec else "",
                           "lock": data.get("lock"), "blocks": data.get("blocks"), "table": data.get("table")})
    facts.summary = {"found": len(chosen), "asked_severity": said,
                     "severity_matches": said is None or any(f["severity"] == said for f in chosen)}
    findings_names(facts, chosen)
    return facts


def safe_facts(previous: dict, text: str, root: Path) -> Facts:
    chosen, _ = pick_findings(previous, text)
    with_fix = [f for f in chosen if f.get("fix")] or [f for f in previous.get("findings") or [] if f.get("fix")][:1]
    facts = Facts(previous["route"], "safe_version", subject={"from": previous.get("kind")}, findings=with_fix or chosen)
    for finding in with_fix:
        fixed = _apply_fix(finding, previous, root)
        if fixed:
            facts.artifacts[f"fixed:{finding['rule']}"] = fixed
    for finding in chosen:
        spec = rule_spec(finding["rule"])
        good = next((e.sql for e in spec.examples if e.kind == "good"), None) if spec else None
        facts.rows.append({"rule": finding["rule"], "severity": finding["severity"], "help": finding.get("help", ""),
                           "fix_title": (finding.get("fix") or {}).get("title"), "good_example": good})
    facts.summary = {"fixes": len(facts.artifacts), "findings": len(facts.findings)}
    findings_names(facts, facts.findings)
    return facts


def _apply_fix(finding: dict, previous: dict, root: Path) -> str | None:
    """The migration's text with the finding's fix applied (the linter verified it re-lints clean)."""
    from tools.findings import Fix, TextEdit
    from tools.lint.engine import apply_edits

    location = finding.get("location") or {}
    source = (previous.get("subject") or {}).get("sql")
    if source is None and location.get("file"):
        path = root / location["file"]
        source = path.read_text(encoding="utf-8") if path.is_file() else None
    if source is None:
        return None
    fix = finding["fix"]
    edits = tuple(TextEdit(e["start"], e["end"], e["text"]) for e in fix.get("edits", []))
    fixed = apply_edits(source, [Fix(fix.get("title", ""), edits)])
    if fixed is None:
        return None
    name = location.get("file") or "migration.sql"
    diff = difflib.unified_diff(source.splitlines(), fixed.splitlines(), f"a/{name}", f"b/{name}", n=2, lineterm="")
    return "\n".join(diff)
