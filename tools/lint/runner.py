"""Lint migration files and folders: histories in order, the cache first, the rules on a miss.

For each migrations folder the files are hashed in the order they are applied; a file whose key
(its bytes, its history's bytes, the linter's code, the settings) is in the cache costs nothing
more. On a miss the schema state left by the earlier files is rebuilt by replaying them (parse and
apply, no rules), then the file is linted and its results stored. The cold path imports the parser
and the rules only when a file actually needs them.
"""

from __future__ import annotations

from pathlib import Path

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
    report = LintReport()
    use_cache = use_cache and settings.cache and not settings.collect_exemptions
    directory = settings.cache_dir or cache_mod.default_cache_dir(project_root)
    session = _Session(settings, report, base, directory if use_cache else None)
    for history in sorted(found.histories, key=lambda h: str(h.folder)):
        targets = [p for p in history.files if p in found.targets]
        if targets:
            session.lint_history(history, set(targets))
    report.findings.sort(key=lambda f: (f.location.file if f.location else "", f.location.line if f.location else 0,
                                        f.location.column if f.location else 0, f.rule))
    return report


class _Session:
    """One run: the lazily built linter, the cache directory, the report being filled."""

    def __init__(self, settings: LintSettings, report: LintReport, base: Path, cache_dir: Path | None):
        self.settings = settings
        self.report = report
        self.base = base
        self.cache_dir = cache_dir
        self._linter = None

    @property
    def linter(self):
        if self._linter is None:
            from tools.lint.engine import Linter

            self._linter = Linter(self.settings)
        return self._linter

    def lint_history(self, history: History, targets: set[Path]) -> None:
        runner = self.settings.runner if self.settings.runner != "auto" else history.runner
        prisma_version = self.settings.prisma_version
        if prisma_version is None and runner == PRISMA:
            prisma_version = detect_prisma_version(history.folder)
        fingerprint = f"{self.settings.fingerprint()}|{prisma_version}"
        pack = cache_mod.Pack(self.cache_dir, history.folder, runner) if self.cache_dir else None
        engine = cache_mod.engine_hash() if pack else ""
        last = max(i for i, p in enumerate(history.files) if p in targets)
        replay = _Replay(history.files)
        digest, keys = b"", set()
        for index, path in enumerate(history.files[: last + 1]):
            data = replay.bytes(index)
            before, digest = digest, cache_mod.chain(digest, cache_mod.content_hash(data))
            if path not in targets:
                continue
            key = cache_mod.entry_key(engine, fingerprint, runner, before, data) if pack else ""
            keys.add(key)
            entry = pack.get(key) if pack else None
            cached = entry is not None
            if entry is None:
                entry = self._lint_file(replay, index, runner, prisma_version)
                if pack:
                    pack.put(key, entry)
            self._add(path, runner, entry, cached)
            self.report.histories[relative(path, self.base)] = history.files[:index]
        if pack:
            if targets == set(history.files):
                pack.keep_only(keys)
            pack.save()

    def _lint_file(self, replay: "_Replay", index: int, runner: str, prisma_version) -> tuple:
        state = replay.state_before(index, self.linter)
        text = replay.text(index)
        display = relative(replay.files[index], self.base)
        result = self.linter.lint_text(text, display, runner, state, prisma_version=prisma_version)
        replay.advanced_to(index)
        if result.exemptions:
            self.report.exemptions += [{"file": display, "rule": e.rule, "statement": e.statement + 1, "reason": e.reason,
                                        "span": result.statement_spans[e.statement]} for e in result.exemptions]
        return (result.statements, tuple(pack_finding(f, result.sql) for f in result.findings))

    def _add(self, path: Path, runner: str, entry: tuple, cached: bool) -> None:
        display = relative(path, self.base)
        statements, findings = entry
        self.report.findings += [unpack_finding(item, display) for item in findings]
        self.report.files.append(FileSummary(display, runner, statements, len(findings), cached))


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

    def state_before(self, index: int, linter):
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
