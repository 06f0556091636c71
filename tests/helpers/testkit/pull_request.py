"""Pull-request files as GitHub's API lists them, for the review bot's tests (fake GitHub server)."""

from __future__ import annotations

from pathlib import Path


def set_added_files(github, root: Path, names: list[str]) -> None:
    """The pull request adds these files: whole-file patches, as GitHub lists an added file."""
    github.files = []
    for name in names:
        lines = (root / name).read_text().splitlines()
        github.files.append({"filename": name, "status": "added",
                             "patch": f"@@ -0,0 +1,{len(lines)} @@\n" + "\n".join("+" + line for line in lines)})
