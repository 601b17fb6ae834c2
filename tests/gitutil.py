"""Real git repositories for tests, with fixed dates and identities."""

from __future__ import annotations

import subprocess
from pathlib import Path

from coprodoc.gitrepo import git_env

PEOPLE = {
    "jo": ("Jo Bennett", "jo@riverside.example"),
    "amira": ("Amira Khan", "amira@example.org"),
    "rowan": ("Rowan Hale", "rowan@example.org"),
    "gareth": ("Gareth Llewellyn", "gareth@example.org"),
    "leila": ("Leila Haddad", "leila@example.org"),
    "bot": ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
    "stranger": ("Chris Stranger", "chris@elsewhere.example"),
}


class Repo:
    """A git repository in *path*; each commit gets the next fixed date."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.day = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.invalid")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, who: str | tuple[str, str] = "jo") -> str:
        """Run git as *who*: a key of PEOPLE, or any (name, email)."""
        name, email = PEOPLE[who] if isinstance(who, str) else who
        env = git_env(name, email, f"2026-03-{1 + self.day:02d}T12:00:00+00:00")
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)

    def commit(
        self,
        message: str,
        files: dict[str, str] | None = None,
        who: str | tuple[str, str] = "jo",
    ) -> str:
        self.write(files or {})
        self.git("add", "-A", who=who)
        self.git("commit", "-q", "-m", message, who=who)
        self.day += 1
        return self.git("rev-parse", "HEAD").strip()

    def pull_request(
        self,
        number: int,
        branch: str,
        commits: list[tuple[str, dict[str, str], str | tuple[str, str]]],
        merger: str = "jo",
        owner: str = "example",
    ) -> str:
        """Commits on a branch, merged with a merge commit as GitHub does."""
        self.git("checkout", "-q", "-b", branch)
        for message, files, who in commits:
            self.commit(message, files, who)
        self.git("checkout", "-q", "main")
        self.git(
            "merge",
            "-q",
            "--no-ff",
            "-m",
            f"Merge pull request #{number} from {owner}/{branch}",
            branch,
            who=merger,
        )
        self.day += 1
        return self.git("rev-parse", "HEAD").strip()

    def blame(self, name: str, ignore_revs: bool = False) -> list[str]:
        """``git blame --first-parent``: the commit of each line."""
        args = ["blame", "--first-parent", "--porcelain"]
        if ignore_revs:
            args += ["--ignore-revs-file", ".git-blame-ignore-revs"]
        out = self.git(*args, name)
        owners = []
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit():
                owners.append(parts[0])
        return owners
