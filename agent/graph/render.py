"""The template answer: facts -> slots -> the `prompts/answer/<kind>.<lang>.txt` template.

Every value put in a slot is read from the facts; nothing here decides what is true. The same
answer is the offline answer, and the fallback when an LLM's answer fails the grounding check.
"""

from __future__ import annotations

from typing import Any, Callable

from agent.graph.templates import answer_sections, fill, fill_lines

ORDER = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO")
LISTED = ("CRITICAL", "HIGH", "MEDIUM")  # listed one by one; LOW and INFO are counted per rule
MAX_LISTED = 15


def render_answer(facts: dict, lang: str = "en", *, list_findings: bool = True) -> str:
    """The answer; `list_findings=False` leaves out the finding lines (the chat shows them as a table)."""
    kind = facts.get("kind", "report")
    t = answer_sections(kind, lang)
    slots = SLOTS.get(kind, _report_slots)(facts, t)
    slots["notes"] = _notes(facts, t)
    if not list_findings and "findings" in slots and "groups" in slots:
        slots["findings"] = slots["groups"] = ""
    return fill_lines(t["answer"], slots)


def _where(location: dict | None) -> str:
    if not location:
        return ""
    return f"{location.get('file')}:{location.get('line')}"


def _notes(facts: dict, t: dict) -> str:
    return "\n".join(fill(t.get("note", "note: {text}"), {"text": n}) for n in facts.get("notes") or [])


def _finding_lines(findings: list[dict], t: dict, listed=LISTED) -> tuple[str, str]:
    """One line per serious finding; LOW/INFO findings grouped as 'n × rule'."""
    serious = sorted((f for f in findings if f["severity"] in listed), key=lambda f: ORDER.index(f["severity"]))
    shown = serious[:MAX_LISTED]
    lines = [fill(t["finding"], {"severity": f["severity"], "rule": f["rule"], "where": _where(f.get("location")),
                                 "message": f["message"], "help": f.get("help") or "",
                                 "fix": (f.get("fix") or {}).get("title") or ""}) for f in shown]
    hidden = len([f for f in findings if f["severity"] in listed]) - len(shown)
    if hidden > 0:
        lines.append(fill(t["more"], {"count": hidden}))
    grouped: dict[tuple[str, str], int] = {}
    for f in findings:
        if f["severity"] not in listed:
            grouped[(f["severity"], f["rule"])] = grouped.get((f["severity"], f["rule"]), 0) + 1
    groups = [fill(t["group"], {"count": n, "rule": rule, "severity": sev})
              for (sev, rule), n in sorted(grouped.items(), key=lambda kv: (ORDER.index(kv[0][0]), kv[0][1]))]
    return "\n".join(lines), "\n".join(groups)


def _counts(by_severity: dict) -> str:
    return ", ".join(f"{by_severity[s]} {s}" for s in ORDER if by_severity.get(s))


def _lint_slots(facts: dict, t: dict) -> dict[str, Any]:
    summary = facts.get("summary") or {}
    findings, groups = _finding_lines(facts.get("findings") or [], t)
    worst = summary.get("worst")
    verdict = t["verdict_blocked"] if summary.get("blocked") else t["verdict_clean"] if not worst else fill(t["verdict_worst"], {"worst": worst})
    subject = facts.get("subject") or {}
    given = subject.get("input")
    files = ", ".join(given) if isinstance(given, list) else (given or "")
    return {"verdict": verdict, "count": summary.get("findings", 0), "files": summary.get("files", 0),
            "inputs": files, "counts": _counts(summary.get("by_severity") or {}), "findings": findings, "groups": groups,
            "target": subject.get("target") or ""}


def _drift_slots(facts: dict, t: dict) -> dict[str, Any]:
    summary = facts.get("summary") or {}
    findings, groups = _finding_lines(facts.get("findings") or [], t, listed=ORDER)
    comparisons = "\n".join(fill(t["comparison"], {"title": r["comparison"], "status": r["status"], "reason": r.get("reason") or "",
                                                   "findings": r.get("findings", 0)}) for r in facts.get("rows") or [])
    counts = _counts(summary.get("by_severity") or {})
    return {"count": summary.get("findings", 0), "counts": f" ({counts})" if counts else "",
            "comparisons": comparisons, "findings": findings, "groups": groups}


def _health_slots(facts: dict, t: dict) -> dict[str, Any]:
    summary = facts.get("summary") or {}
    findings, groups = _finding_lines(facts.get("findings") or [], t, listed=ORDER)
    head = fill(t["ran"], {"count": summary.get("findings", 0), "tables": summary.get("tables", 0)}) if summary.get("ran") else t["not_ran"]
    return {"head": head, "findings": findings, "groups": groups}


def _sync_slots(facts: dict, t: dict) -> dict[str, Any]:
    rows = [r for r in facts.get("rows") or [] if "state" in r]
    files = "\n".join(fill(t["file"], {"file": r["file"], "kind": r["kind"], "state": t.get(f"state_{r['state']}", r["state"])})
                      for r in rows)
    stale = (facts.get("summary") or {}).get("stale", 0)
    artifacts = facts.get("artifacts") or {}
    code = "\n\n".join(fill(t["code"], {"label": label, "text": text}) for label, text in artifacts.items() if not label.startswith("diff:"))
    existing = "\n".join(fill(t["existing"], r) for r in facts.get("rows") or [] if r.get("kind") == "existing-drizzle")
    conventions = "\n".join(fill(t["convention"], {"text": c}) for c in (facts.get("summary") or {}).get("conventions", []))
    diff = "\n\n".join(text for label, text in artifacts.items() if label.startswith("diff:"))
    verdict = fill(t["verdict_stale"], {"stale": stale}) if stale else t["verdict_current"] if rows else ""
    return {"files": files, "verdict": verdict, "stale": stale,
            "code": code, "existing": existing, "conventions": conventions,
            "diff": fill(t["diff"], {"text": diff}) if diff and not code else "", "write": t["write"] if stale else ""}


def _relations_slots(facts: dict, t: dict) -> dict[str, Any]:
    subject = facts.get("subject") or {}
    lines = []
    for r in facts.get("rows") or []:
        template = t["m2m"] if r.get("kind") == "many-to-many" else t["relation"]
        lines.append(fill(template, {**r, "columns": ", ".join(r.get("columns") or []), "references": ", ".join(r.get("references") or []),
                                     "where": f"{r['file']}:{r['line']}", "on_delete": r.get("on_delete") or t["default_action"],
                                     "with": r.get("with") or ""}))
    head = fill(t["head"], {"count": len(lines), **subject}) if lines else fill(t["none"], subject)
    return {"head": head, "relations": "\n".join(lines)}


def _model_slots(facts: dict, t: dict) -> dict[str, Any]:
    subject = facts.get("subject") or {}
    columns = "\n".join(fill(t["column"], {**r, "where": f"{r['file']}:{r['line']}", "documentation": r.get("documentation") or ""})
                        for r in facts.get("rows") or [])
    doc = (facts.get("summary") or {}).get("documentation") or ""
    return {**subject, "where": f"{subject.get('file')}:{subject.get('line')}", "columns": columns,
            "documentation": fill(t["documentation"], {"text": doc}) if doc else ""}


def _overview_slots(facts: dict, t: dict) -> dict[str, Any]:
    rows = facts.get("rows") or []
    models = "\n".join(fill(t["model"], {**r, "where": f"{r['file']}:{r['line']}"}) for r in rows if "model" in r)
    enums = "\n".join(fill(t["enum"], {"enum": r["enum"], "values": ", ".join(r["values"]), "where": f"{r['file']}:{r['line']}"})
                      for r in rows if "enum" in r)
    return {**(facts.get("summary") or {}), **(facts.get("subject") or {}), "models_list": models, "enums_list": enums}


def _artifact_slots(facts: dict, t: dict) -> dict[str, Any]:
    subject = facts.get("subject") or {}
    artifacts = facts.get("artifacts") or {}
    return {"model": subject.get("model") or t["whole_schema"], "text": next(iter(artifacts.values()), ""),
            **(facts.get("summary") or {})}


def _search_slots(facts: dict, t: dict) -> dict[str, Any]:
    hits = "\n".join(fill(t["hit"], {**r, "where": f"{r['file']}:{r['line']}", "label": r.get("label") or r.get("name") or "",
                                     "excerpt": r.get("excerpt") or ""}) for r in facts.get("rows") or [])
    summary = facts.get("summary") or {}
    head = t["not_indexed"] if not summary.get("indexed") else (t["head"] if hits else t["none"])
    return {"head": fill(head, {"question": (facts.get("subject") or {}).get("question", "")}), "hits": hits}


def _why_slots(facts: dict, t: dict) -> dict[str, Any]:
    summary = facts.get("summary") or {}
    findings = {f["rule"]: f for f in facts.get("findings") or []}
    items = []
    for row in facts.get("rows") or []:
        finding = findings.get(row["rule"], {})
        lock = fill(t["lock"], {"lock": row["lock"], "table": row.get("table") or ""}) if row.get("lock") else ""
        items.append(fill_lines(t["item"], {**row, "message": finding.get("message", ""), "where": _where(finding.get("location")),
                                            "lock": lock, "why": row.get("why") or finding.get("help", "")}))
    mismatch = "" if summary.get("severity_matches", True) else fill(t["mismatch"], {"asked": summary.get("asked_severity"),
                                                                                    "actual": ", ".join(sorted({f["severity"] for f in findings.values()}))})
    return {"mismatch": mismatch, "items": "\n\n".join(items) if items else t["none"]}


def _safe_slots(facts: dict, t: dict) -> dict[str, Any]:
    artifacts = facts.get("artifacts") or {}
    blocks = [fill(t["fixed"], {"rule": label.split(":", 1)[1], "text": text}) for label, text in artifacts.items()]
    for row in facts.get("rows") or []:
        if f"fixed:{row['rule']}" not in artifacts:
            good = fill(t["good"], {"text": row["good_example"]}) if row.get("good_example") else ""
            blocks.append(fill_lines(t["manual"], {**row, "good": good}))
    return {"blocks": "\n\n".join(blocks) if blocks else t["none"]}


def _report_slots(facts: dict, t: dict) -> dict[str, Any]:
    findings, groups = _finding_lines(facts.get("findings") or [], t, listed=ORDER)
    return {"count": len(facts.get("findings") or []), "findings": findings, "groups": groups}


def _advice_slots(facts: dict, t: dict) -> dict[str, Any]:
    summary = facts.get("summary") or {}
    reasons = "\n".join(fill(t["reason"], r) for r in facts.get("rows") or [])
    code = "\n\n".join(fill(t["code"], {"orm": orm, "text": text}) for orm, text in (facts.get("artifacts") or {}).items())
    acceptable = ", ".join(o for o in summary.get("acceptable") or [] if o != summary.get("recommended"))
    return {"recommended": summary.get("recommended", ""), "also": fill(t["also"], {"orms": acceptable}) if acceptable else "",
            "reasons": reasons, "code": code, "ask": summary.get("ask") or ""}


def _error_slots(facts: dict, t: dict) -> dict[str, Any]:
    return {"message": (facts.get("summary") or {}).get("message", "")}


SLOTS: dict[str, Callable[[dict, dict], dict[str, Any]]] = {
    "lint": _lint_slots, "drift": _drift_slots, "health": _health_slots, "sync": _sync_slots,
    "relations": _relations_slots, "model": _model_slots, "overview": _overview_slots, "sql": _artifact_slots,
    "diagram": _artifact_slots, "search": _search_slots, "why": _why_slots,
    "safe_version": _safe_slots, "report": _report_slots, "error": _error_slots, "advice": _advice_slots,
}
