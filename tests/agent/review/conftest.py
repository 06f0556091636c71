"""A fake GitHub for the review's tests, and a small project with a pull request's migration.

The real GitHub API cannot be reached from the tests, so `FakeGitHub` stands in for GitHub: a local
HTTP server (127.0.0.1, a free port) that keeps a pull request's files, issue comments and review
comments, answers the REST and GraphQL calls the review makes as GitHub documents them (pagination
by `Link` header, 201/204 statuses, review comments only on lines inside the diff's hunks or 422,
comment bodies over 65,536 characters refused with 422, file contents at the base commit, anonymous
reads of a public repository), and records every request (method, path, query, body,
authorization) for the tests to check. `faults` makes it answer a call with a chosen status and
headers (rate limits, 401, 404, 5xx), a given number of times.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

REPO = "acme/shop"
NUMBER = 7
HEAD = "c0ffee" + "0" * 34
BASE_SHA = "ba5e" + "0" * 36
MAX_BODY = 65_536  # GitHub refuses a comment body longer than this
TOKEN = "ghs_test_token"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    authorization: str


@dataclass
class Fault:
    """Answer `method` on paths matching `pattern` with this status and headers, `times` times."""

    method: str
    pattern: str
    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1_000_000


@dataclass
class FakeGitHub:
    files: list[dict] = field(default_factory=list)  # the pull request's files, as GET …/pulls/N/files lists them
    issue_comments: list[dict] = field(default_factory=list)
    review_comments: list[dict] = field(default_factory=list)
    resolved: set[int] = field(default_factory=set)  # review comment ids whose thread is resolved
    requests: list[Recorded] = field(default_factory=list)
    page_size: int = 2  # small, so that every list call has to follow the Link header
    token: str = TOKEN
    refuse: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)  # (method, path regex) -> (status, message)
    app_tokens: list[str] = field(default_factory=list)  # the JWTs the App authentication presented
    faults: list[Fault] = field(default_factory=list)
    base_files: dict[str, str] = field(default_factory=dict)  # path -> text at the base commit
    public: bool = False  # a public repository: GETs without a token are answered
    url: str = ""
    _next_id: int = 1000

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def calls(self, method: str | None = None) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.requests if method is None or r.method == method]

    def fail(self, method: str, pattern: str, status: int, message: str, headers: dict | None = None,
             times: int = 1_000_000) -> None:
        """Answer `method` on paths matching `pattern` with `status` and `headers` (the next `times` calls)."""
        self.faults.append(Fault(method, pattern, status, message, headers or {}, times))

    def reply(self, to: int, body: str) -> None:
        """Someone answers one of the bot's review comments."""
        parent = next(c for c in self.review_comments if c["id"] == to)
        self.review_comments.append({"id": self.new_id(), "body": body, "in_reply_to_id": to, "path": parent["path"],
                                     "line": parent["line"], "start_line": None, "user": {"login": "dev"}})


def set_pull_files(fake: FakeGitHub, root: Path, names: list[str], status: str = "added") -> None:
    """The pull request adds these files (whole-file patches, as GitHub shows an added file)."""
    fake.files = []
    for name in names:
        lines = (root / name).read_text().splitlines()
        patch = f"@@ -0,0 +1,{len(lines)} @@\n" + "\n".join("+" + line for line in lines)
        fake.files.append({"filename": name, "status": status, "patch": patch})


def _hunks(patch: str) -> list[tuple[int, int]]:
    out = []
    for start, count in re.findall(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", patch, re.M):
        if count != "0":
            out.append((int(start), int(start) + int(count or 1) - 1))
    return out


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub

    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self, status: int, body: Any = None, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _dispatch(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        auth = self.headers.get("Authorization", "")
        fake.requests.append(Recorded(method, parts.path, parse_qs(parts.query), body, auth))
        for (m, pattern), (status, message) in fake.refuse.items():
            if m == method and re.fullmatch(pattern, parts.path):
                return self._answer(status, {"message": message})
        for fault in fake.faults:
            if fault.times > 0 and fault.method == method and re.fullmatch(fault.pattern, parts.path):
                fault.times -= 1
                return self._answer(fault.status, {"message": fault.message}, fault.headers)
        if parts.path.startswith("/app/") or parts.path.endswith("/installation"):
            return self._app(method, parts.path, auth)
        if not (auth == f"Bearer {fake.token}" or fake.public and not auth and method == "GET"):
            # GitHub answers 404, not 401, to an anonymous read of a private repository
            return self._answer(401 if auth else 404, {"message": "Bad credentials" if auth else "Not Found"})
        if isinstance(body, dict) and len(body.get("body") or "") > MAX_BODY or isinstance(body, dict) and any(
                len(c.get("body") or "") > MAX_BODY for c in body.get("comments") or []):
            return self._answer(422, {"message": "Validation Failed", "errors": [
                {"resource": "IssueComment", "code": "custom", "field": "body",
                 "message": f"body is too long (maximum is {MAX_BODY} characters)"}]})
        if parts.path == "/graphql":
            return self._graphql(body)
        return self._rest(method, parts.path, parse_qs(parts.query), body)

    def _rest(self, method: str, path: str, query: dict, body: Any) -> None:
        fake, base = self.fake, f"/repos/{REPO}"
        comment = re.fullmatch(rf"{base}/(issues|pulls)/comments/(\d+)", path)
        if method == "GET" and path == f"{base}/pulls/{NUMBER}":
            return self._answer(200, {"number": NUMBER, "state": "open", "head": {"sha": HEAD},
                                      "base": {"ref": "main", "sha": BASE_SHA}})
        contents = re.fullmatch(rf"{base}/contents/(.+)", path)
        if method == "GET" and contents:
            return self._contents(unquote(contents[1]), query)
        if method == "GET" and path in (f"{base}/pulls/{NUMBER}/files", f"{base}/issues/{NUMBER}/comments",
                                        f"{base}/pulls/{NUMBER}/comments"):
            items = {"files": fake.files, "comments": fake.issue_comments if "/issues/" in path else fake.review_comments}
            return self._page(path, query, items["files" if path.endswith("files") else "comments"])
        if method == "POST" and path == f"{base}/issues/{NUMBER}/comments":
            fake.issue_comments.append({"id": fake.new_id(), "body": body["body"], "user": {"login": "github-actions[bot]"}})
            return self._answer(201, fake.issue_comments[-1])
        if method == "POST" and path == f"{base}/pulls/{NUMBER}/reviews":
            return self._review(body)
        if comment and method in ("PATCH", "DELETE"):
            return self._edit(method, comment[1], int(comment[2]), body)
        return self._answer(404, {"message": "Not Found"})

    def _contents(self, path: str, query: dict) -> None:
        if query.get("ref") != [BASE_SHA] or path not in self.fake.base_files:
            return self._answer(404, {"message": "Not Found"})
        text = self.fake.base_files[path].encode()
        self._answer(200, {"type": "file", "encoding": "base64", "path": path, "size": len(text),
                           "content": base64.encodebytes(text).decode()})  # GitHub wraps it at 60 columns

    def _page(self, path: str, query: dict, items: list[dict]) -> None:
        page = int(query.get("page", ["1"])[0])
        size = min(self.fake.page_size, int(query.get("per_page", ["30"])[0]))
        chunk = items[(page - 1) * size: page * size]
        headers = {}
        if page * size < len(items):
            headers["Link"] = f'<{self.fake.url}{path}?per_page={query["per_page"][0]}&page={page + 1}>; rel="next"'
        self._answer(200, chunk, headers)

    def _review(self, body: dict) -> None:
        fake = self.fake
        if body.get("commit_id") != HEAD or body.get("event") not in ("COMMENT", "APPROVE", "REQUEST_CHANGES"):
            return self._answer(422, {"message": "Unprocessable Entity", "errors": ["commit_id or event"]})
        hunks = {f["filename"]: _hunks(f.get("patch") or "") for f in fake.files}
        for item in body.get("comments", []):
            first = item.get("start_line") or item["line"]
            if item.get("side") != "RIGHT" or not any(a <= first and item["line"] <= b for a, b in hunks.get(item["path"], [])):
                return self._answer(422, {"message": "Unprocessable Entity",
                                          "errors": ["pull_request_review_thread.line must be part of the diff"]})
        for item in body.get("comments", []):
            fake.review_comments.append({"id": fake.new_id(), "body": item["body"], "path": item["path"], "line": item["line"],
                                         "start_line": item.get("start_line"), "in_reply_to_id": None,
                                         "commit_id": HEAD, "user": {"login": "github-actions[bot]"}})
        self._answer(200, {"id": fake.new_id(), "state": "COMMENTED"})

    def _edit(self, method: str, kind: str, number: int, body: Any) -> None:
        store = self.fake.issue_comments if kind == "issues" else self.fake.review_comments
        found = next((c for c in store if c["id"] == number), None)
        if found is None:
            return self._answer(404, {"message": "Not Found"})
        if method == "DELETE":
            store.remove(found)
            return self._answer(204)
        found["body"] = body["body"]
        self._answer(200, found)

    def _graphql(self, body: dict) -> None:
        fake, query = self.fake, body["query"]
        if "resolveReviewThread" in query:
            fake.resolved.add(int(body["variables"]["id"].removeprefix("T_")))
            return self._answer(200, {"data": {"resolveReviewThread": {"thread": {"id": body["variables"]["id"], "isResolved": True}}}})
        nodes = [{"id": f"T_{c['id']}", "isResolved": c["id"] in fake.resolved, "comments": {"nodes": [{"databaseId": c["id"]}]}}
                 for c in fake.review_comments if not c.get("in_reply_to_id")]
        threads = {"pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": nodes}
        self._answer(200, {"data": {"repository": {"pullRequest": {"reviewThreads": threads}}}})

    def _app(self, method: str, path: str, auth: str) -> None:
        fake = self.fake
        fake.app_tokens.append(auth.removeprefix("Bearer "))
        if method == "GET" and path == f"/repos/{REPO}/installation":
            return self._answer(200, {"id": 99})
        if method == "POST" and path == "/app/installations/99/access_tokens":
            return self._answer(201, {"token": fake.token, "expires_at": "2099-01-01T00:00:00Z"})
        self._answer(404, {"message": "Not Found"})

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")


@pytest.fixture
def github(monkeypatch) -> FakeGitHub:
    """The fake GitHub, running, with the Actions environment of a pull_request workflow pointing at it."""
    fake = FakeGitHub()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in ("GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_INSTALLATION_ID", "GH_TOKEN", "GITHUB_EVENT_PATH",
                 "GITHUB_GRAPHQL_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_REF", f"refs/pull/{NUMBER}/merge")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


SCHEMA = """\
datasource db {
  provider = "postgresql"
}

model Author {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
"""

INIT = """\
CREATE TABLE "Author" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "Author_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "Author_email_key" ON "Author"("email");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"""

RISKY = 'ALTER TABLE "Post" DROP COLUMN "title";\nCREATE INDEX "Post_authorId_idx" ON "Post"("authorId");\nALTER TABLE "Author" ADD COLUMN "bio" TEXT;\n'
RISKY_PATH = "prisma/migrations/20240202000000_risky/migration.sql"


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A repository whose pull request adds one risky migration; the generated files are current."""
    from tools.prisma import load_schema
    from tools.sync import plan_sync, write_sync

    root = tmp_path / "shop"
    migrations = root / "prisma" / "migrations"
    (migrations / "20240101000000_init").mkdir(parents=True)
    (migrations / "20240202000000_risky").mkdir()
    (root / "prisma" / "schema.prisma").write_text(SCHEMA)
    (migrations / "migration_lock.toml").write_text('provider = "postgresql"\n')
    (migrations / "20240101000000_init" / "migration.sql").write_text(INIT)
    (root / RISKY_PATH).write_text(RISKY)
    (root / "triple-orm.toml").write_text('schema = "prisma/schema.prisma"\nmigrations = "prisma/migrations"\n'
                                          'drizzle-out = "db/schema.ts"\nkysely-out = "db/types.ts"\n')
    write_sync(plan_sync(load_schema(root / "prisma/schema.prisma"), root / "db/schema.ts", root / "db/types.ts",
                         source="prisma/schema.prisma"))
    monkeypatch.chdir(root)
    monkeypatch.setenv("TRIPLE_ORM_CACHE_DIR", str(tmp_path / "lint-cache"))
    return root
