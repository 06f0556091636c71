"""`triple-orm review`: a pull request's migrations, schema and generated files, reviewed on GitHub.

- `diff`: what the pull request changes (GitHub's file list with patches, or `git diff BASE`) and
  which lines of each file a review comment may sit on (the right side of the diff's hunks);
- `checks`: the project's own checks on those files: `tools.lint` on the migrations it adds or
  changes, `tools.drift` and `sync --check` when it touches the schema, the migrations or the
  generated files; every path made relative to the repository's root, as GitHub names them;
- `comments`: a finding on a changed line as an inline comment (rule, severity, the lock and what
  it blocks, a `suggestion` block when the linter has a verified fix, a hidden fingerprint);
- `summary`: the one sticky summary comment (squawk's marker pattern), with a per-file fallback
  under GitHub's 65,536-character limit;
- `github` / `auth`: a small REST client (GITHUB_TOKEN, or a GitHub App's installation token);
- `publish`: what to post, update, resolve or delete so that a re-run never duplicates.
"""
