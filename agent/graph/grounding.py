"""The grounding check of an LLM answer: every name it uses must be in the facts, every finding it
was given must be in it, with the severity it has.

Names are what the answer writes as code or identifiers: kebab-case rule ids, `backticked` and
"quoted" identifiers, dotted `table.column` pairs, snake_case words, file paths, and the project's
own model and table names. A name absent from the facts' vocabulary (`facts.vocabulary`) fails the
check, and so does a finding the answer leaves out or a severity it changes; the explain node then
shows the template answer instead, and says why.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from agent.graph.facts import vocabulary

SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO")
# Identifiers an explanation may use that are not project names: SQL, PostgreSQL settings and lock
# modes, ORM vocabulary. Lower-case.
ALLOWED = set("""
alter table add column drop not null default concurrently index create unique primary key foreign references
constraint valid validate set type using on delete update cascade restrict no action begin commit rollback
transaction lock access exclusive share row exclusive update text varchar integer int int4 int8 bigint smallint
serial bigserial uuid jsonb json timestamptz timestamp date boolean numeric decimal char enum value rename to
lock_timeout statement_timeout idle_in_transaction_session_timeout search_path gen_random_uuid now current_timestamp
prisma drizzle kysely postgres postgresql sql ddl migrate dev deploy db push pull generate schema.prisma schema.ts
types.ts migration.sql triple-orm pgtable pg_catalog information_schema public select insert from where with
if exists cascade truncate vacuum analyze reindex cluster check is in and or as is_not_null nullable
""".split())
_ORDINARY_HYPHENATED = {"zero-downtime", "non-empty", "non-null", "high-volume", "read-only", "follow-up", "up-to-date",
                        "well-known", "built-in", "many-to-many", "one-to-many", "one-to-one", "two-step", "step-by-step",
                        "long-running", "in-place", "so-called", "back-fill", "e-mail", "re-run", "re-lint"}

_KEBAB = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w/-])")
_BACKTICK = re.compile(r"`([^`\n]{1,120})`")
_QUOTED = re.compile(r'"([A-Za-z_][\w]{0,62})"')
_DOTTED = re.compile(r"(?<![\w./])([A-Za-z_]\w*)\.([A-Za-z_]\w*)(?![\w(])")
_SNAKE = re.compile(r"(?<![\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w(])")
_FILE = re.compile(r"(?<![\w])([\w./@-]+\.(?:sql|prisma|ts|tsx|toml|json))\b")
_IDENT = re.compile(r"[A-Za-z_][\w]*")
# A severity as a claim: written in capitals ("HIGH"), or next to the word severity ("high severity").
_SEVERITY_SAID = re.compile(r"\b(CRITICAL|HIGH|MEDIUM|LOW|INFO)\b|(?i:\b(critical|high|medium|low|info)[- ]severity\b)|"
                            r"(?i:\bseverity(?: is| of|:)? (critical|high|medium|low|info)\b)")


@dataclass
class Grounding:
    passed: bool
    unknown: list[str] = field(default_factory=list)  # names used that the facts do not contain
    dropped: list[str] = field(default_factory=list)  # findings (rule ids) the answer left out
    changed: list[str] = field(default_factory=list)  # "rule: SEVERITY -> said" where it changed one

    def to_dict(self) -> dict:
        return asdict(self)

    def reason(self) -> str:
        parts = []
        if self.unknown:
            parts.append("it named " + ", ".join(self.unknown[:5]) + " (not in the facts)")
        if self.dropped:
            parts.append("it left out " + ", ".join(self.dropped[:5]))
        if self.changed:
            parts.append("it changed " + ", ".join(self.changed[:3]))
        return "; ".join(parts)


def check_answer(answer: str, facts: dict, required: list[dict] | None = None, *, known_rules: set[str] = frozenset(),
                 project_names: set[str] = frozenset()) -> Grounding:
    """Check `answer` against `facts`; `required` are the findings the model was given (all must appear)."""
    vocab = vocabulary(facts)
    unknown = sorted({n for n in used_names(answer, known_rules, project_names) if not _known(n, vocab)})
    required = facts.get("findings") or [] if required is None else required
    lowered = answer.lower()
    dropped = sorted({f["rule"] for f in required if f["rule"].lower() not in lowered})
    changed = _changed_severities(answer, required) + _denied_severities(answer, required)
    return Grounding(not (unknown or dropped or changed), unknown, dropped, changed)


def used_names(answer: str, known_rules: set[str], project_names: set[str]) -> set[str]:
    names: set[str] = set()
    for token in _KEBAB.findall(answer):
        if token in known_rules or (token.count("-") >= 2 and token not in _ORDINARY_HYPHENATED):
            names.add(token)
    for inner in _BACKTICK.findall(answer):
        for token in re.findall(r"[A-Za-z_][\w-]*", inner):
            if "-" in token:  # `ban-drop-column` is one name, not three words
                if token in known_rules or token.count("-") >= 2:
                    names.add(token)
            elif token.lower() not in ALLOWED:
                names.add(token)
        names.update(m.group(1) for m in _FILE.finditer(inner))
    names.update(q for q in _QUOTED.findall(answer) if q.lower() not in ALLOWED)
    for table, column in _DOTTED.findall(answer):
        if not _is_prose_abbreviation(table, column):
            names.update((table, column))
    names.update(s for s in _SNAKE.findall(answer) if s not in ALLOWED)
    names.update(m.group(1) for m in _FILE.finditer(answer))
    folded_project = {p.lower(): p for p in project_names}
    names.update(w for w in _IDENT.findall(answer) if w.lower() in folded_project and w[0].isupper() or w in project_names)
    return {n for n in names if n.lower() not in ALLOWED}


def _is_prose_abbreviation(left: str, right: str) -> bool:
    return (left.lower(), right.lower()) in {("e", "g"), ("i", "e")} or right.lower() in (
        "sql", "prisma", "ts", "tsx", "json", "toml", "md", "js")


def _known(name: str, vocab: set[str]) -> bool:
    lowered = name.lower()
    if lowered in vocab:
        return True
    if "/" in lowered or lowered.endswith((".sql", ".prisma", ".ts", ".tsx", ".toml", ".json")):
        # migrations are all called migration.sql: the folder is part of the name
        tail = "/".join(lowered.strip("./").split("/")[-2:])
        return any(v == tail or v.endswith("/" + tail) for v in vocab)
    return False


# "no critical or high-severity issues", "không có vấn đề nghiêm trọng": a claim about all findings
_DENIAL = re.compile(r"\b(no|none of|not any|without|zero|không có|chẳng có)\b(?P<rest>[^.!?\n]{0,60})", re.I)
_SEVERITY_WORDS = {"CRITICAL": r"critical|nghiêm trọng", "HIGH": r"\bhigh\b|mức cao", "MEDIUM": r"medium", "LOW": r"\blow\b"}


def _denied_severities(answer: str, required: list[dict]) -> list[str]:
    """Severities the answer says are absent although the facts have findings at them."""
    present = {f["severity"] for f in required}
    out = []
    for match in _DENIAL.finditer(answer):
        rest = match.group("rest")
        for severity, words in _SEVERITY_WORDS.items():
            if severity in present and re.search(words, rest, re.I):
                out.append(f"says there is no {severity} finding, but there is")
    return sorted(set(out))


def _changed_severities(answer: str, required: list[dict]) -> list[str]:
    """A sentence naming exactly one finding's rule and a severity word that is not its severity."""
    severity_of = {}
    for f in required:
        severity_of.setdefault(f["rule"].lower(), set()).add(f["severity"])
    changed = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", answer):
        lowered = sentence.lower()
        rules = [r for r in severity_of if r in lowered]
        said = {word.upper() for group in _SEVERITY_SAID.findall(sentence) for word in group if word}
        if len(rules) == 1 and said and not (said & severity_of[rules[0]]):
            changed.append(f"{rules[0]}: {'/'.join(sorted(severity_of[rules[0]]))} -> {'/'.join(sorted(said))}")
    return changed
