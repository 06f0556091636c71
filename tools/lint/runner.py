"""Lint migration files and folders: histories in order, the cache first, the rules on a miss.

For each migrations folder the files are hashed in the order they are applied; a file whose key
(its bytes, its history's bytes, the linter's code, the settings) is in the cache costs nothing
more. On a miss the schema state left by the earlier files is rebuilt by replaying them (parse and
apply, no rules), then the file is linted and its results stored. The cold path imports the parser
and the rules only when a file actually needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.gcpause import cycle_collector_paused
from tools.lint import cache as cache_mod
from tools.lint.results import FileSummary, LintReport, pack_finding, unpack_finding
from tools.lint.settings import LintSettings
from tools.lint.sources import History, MigrationSet, detect_prisma_version, discover, read_text, relative
from tools.lint.transactions import PRISMA


def lint_paths(paths: list[Path], settings: LintSettings, *, base: Path, project_root: Path | None = None,
               since: str | None = None, use_cache: bool = True) -> LintReport:
    """Lint every migration under `paths` (only those changed since the git ref `since`, if given)."""
    found = discover(paths, settings.exclude)
    if since:
        from tools.lint.gitdiff import changed_since

        found.targets = changed_since(since, found.targets, paths)
    return lint_set(found, settings, base=base, project_root=project_root, use_cache=use_cache)


def lint_set(found: MigrationSet, settings: LintSettings, *, base: Path, project_root: Path | None = None,
             use_cache: bool = True) -> LintReport:
    with cycle_collector_paused():
        return _lint_set(found, settings, base, project_root, use_cache)


def _lint_set(found: MigrationSet, settings: LintSettings, base: Path, project_root: Path | None,
              use_cache: bool) -> LintReport:
    report = LintReport()
    use_cache = use_cache and settings.cache and not settings.collect_exemptions
    directory = settings.cache_dir or cache_mod.default_cache_dir(project_root)
    jobs = []
    for history in sorted(found.histories, key=lambda h: str(h.folder)):
        targets = {p for p in history.files if p in found.targets}
        if targets:
            jobs.append(_plan(history, targets, settings, directory if use_cache else None))
    _lint_misses(jobs, settings, base)
    for job in jobs:
        _assemble(job, report, base)
    report.findings.sort(key=lambda f: (f.location.file if f.location else "", f.location.line if f.location else 0,
                                        f.location.column if f.location else 0, f.rule))
    return report


@dataclass
class _Job:
    """One history: which of its files to report on, their cache keys, and what is already cached."""

    history: History
    runner: str
    prisma_version: tuple[int, int] | None
    pack: "cache_mod.Pack | None"
    replay: "_Replay"
    targets: list[tuple[int, str]] = field(default_factory=list)  # (index in the history, cache key)
    entries: dict[int, tuple] = field(default_factory=dict)  # index -> (statements, findings)
    cached: set[int] = field(default_factory=set)
    exemptions: list[dict] = field(default_factory=list)
    whole_history: bool = False

    def misses(self) -> list[int]:
        return [index for index, _ in self.targets if index not in self.entries]


def _plan(history: History, targets: set[Path], settings: LintSettings, cache_dir: Path | None) -> _Job:
    runner = settings.runner if settings.runner != "auto" else history.runner
    prisma_version = settings.prisma_version
    if prisma_version is None and runner == PRISMA:
        prisma_version = detect_prisma_version(history.folder)
    pack = cache_mod.Pack(cache_dir, history.folder, runner) if cache_dir else None
    job = _Job(history, runner, prisma_version, pack, _Replay(history.files), whole_history=targets == set(history.files))
    fingerprint = f"{settings.fingerprint()}|{prisma_version}"
    engine = cache_mod.engine_hash() if pack else ""
    last = max(i for i, p in enumerate(history.files) if p in targets)
    digest = b""
    for index, path in enumerate(history.files[: last + 1]):
        data = job.replay.bytes(index)
        before, digest = digest, cache_mod.chain(digest, cache_mod.content_hash(data))
        if path in targets:
            key = cache_mod.entry_key(engine, fingerprint, runner, before, data) if pack else ""
            job.targets.append((index, key))
            entry = pack.get(key) if pack else None
            if entry is not None:
                job.entries[index] = entry
                job.cached.add(index)
    return job


def _lint_misses(jobs: list[_Job], settings: LintSettings, base: Path) -> None:
    """Lint every file not found in the cache, on several processes when there are many."""
    if not any(job.misses() for job in jobs):
        return  # everything came from the cache: no parser, no rules, no workers
    from tools.lint import parallel

    total = sum(len(job.misses()) for job in jobs)
    tasks = [(number, chunk) for number, job in enumerate(jobs) for chunk in parallel.chunks(job.misses(), total)]
    results = parallel.run(tasks, jobs, settings, base)
    for number, found in results:
        job = jobs[number]
        for index, entry, exemptions in found:
            job.entries[index] = entry
            job.exemptions += exemptions


def lint_chunk(job: _Job, indices: list[int], linter, base: Path) -> list[tuple[int, tuple, list[dict]]]:
    """Lint some files of one history (in order), replaying the files before each as needed."""
    out = []
    for index in indices:
        state = job.replay.state_before(index)
        display = relative(job.history.files[index], base)
        result = linter.lint_text(job.replay.text(index), display, job.runner, state, prisma_version=job.prisma_version)
        job.replay.advanced_to(index)
        exemptions = [{"file": display, "rule": e.rule, "statement": e.statement + 1, "reason": e.reason,
                       "span": result.statement_spans[e.statement]} for e in result.exemptions]
        out.append((index, (result.statements, tuple(pack_finding(f, result.sql) for f in result.findings)), exemptions))
    return out


def _assemble(job: _Job, report: LintReport, base: Path) -> None:
    for index, key in job.targets:
        statements, findings = entry = job.entries[index]
        path = job.history.files[index]
        display = relative(path, base)
        report.findings += [unpack_finding(item, display) for item in findings]
        report.files.append(FileSummary(display, job.runner, statements, len(findings), index in job.cached))
        report.histories[display] = (job.history.files, index)
        if job.pack is not None and index not in job.cached:
            job.pack.put(key, entry)
    report.exemptions += job.exemptions
    if job.pack is not None:
        if job.whole_history:
            job.pack.keep_only({key for _, key in job.targets})
        job.pack.save()


class _Replay:
    """The files of one history, read once, and the schema state replayed up to a given file."""

    def __init__(self, files: list[Path]):
        self.files = files
        self._bytes: dict[int, bytes] = {}
        self._state = None
        self._applied = -1  # index of the last file whose statements are in the state

    def bytes(self, index: int) -> bytes:
        if index not in self._bytes:
            try:
                self._bytes[index] = self.files[index].read_bytes()
            except OSError:
                read_text(self.files[index])  # raises the input error with its message
        return self._bytes[index]

    def text(self, index: int) -> str:
        try:
            return self.bytes(index).decode("utf-8-sig")
        except UnicodeDecodeError:
            return read_text(self.files[index])  # raises InputNotFound naming the byte

    def state_before(self, index: int):
        from tools.lint.engine import replay_into
        from tools.lint.history import SchemaState

        if self._state is None:
            self._state = SchemaState()
        for earlier in range(self._applied + 1, index):
            replay_into(self.text(earlier), self._state, str(self.files[earlier]))
        self._applied = index - 1
        return self._state

    def advanced_to(self, index: int) -> None:
        self._applied = index
