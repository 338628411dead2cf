"""Where sync segments go: a folder (kept in step by Syncthing, Dropbox, a share) or a git remote.

A folder target is used in place. A git target is cloned into the data
folder (``sync-git/``); each sync fetches and rebases onto the remote's
``main``, commits this device's new segment and pushes, fetching and
rebasing again when another device pushed first. Each device writes only
its own files, so a rebase never conflicts. Everything goes through the
system ``git``; a missing ``git`` or an unreachable remote is a clear
message, and nothing local is lost (the commit waits in the clone for the
next sync).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mesadrill.core.errors import MesadrillError
from mesadrill.core.records import record
from mesadrill.env.faults import fault_point
from mesadrill.store.segments import NOTHING_LOST

BRANCH = "main"
PUSH_ATTEMPTS = 5
GIT_TIMEOUT_S = 120
_REMOTE_LIKE = re.compile(r"^([a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.IGNORECASE)


class SyncTargetError(MesadrillError):
    """The sync target cannot be used; nothing was changed locally."""


class SyncBusy(MesadrillError):
    """Another sync of this data folder is running."""


@contextmanager
def sync_lock(data_dir: Path) -> Iterator[None]:
    """One sync at a time per data folder. The lock dies with its process, so a kill never leaves it stuck."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "sync.lock"
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise SyncBusy(f"another sync of this data folder is running ({holder}); try again when it ends") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def is_git_remote(target: str) -> bool:
    if target.startswith("git+"):
        return True
    if _REMOTE_LIKE.match(target):
        return True
    path = Path(target).expanduser()
    return path.is_dir() and (path / "HEAD").is_file() and (path / "objects").is_dir()


@record(slots=True)
class FolderTarget:
    root: Path

    @property
    def describe(self) -> str:
        return f"folder {self.root}"

    def prepare(self) -> Path:
        root = self.root
        if not root.exists():
            raise SyncTargetError(f"the sync folder {root} does not exist (not mounted?); create it, or check the path")
        if not root.is_dir():
            raise SyncTargetError(f"the sync target {root} is a file, not a folder")
        if not os.access(root, os.W_OK | os.X_OK):
            where = "its disk is mounted read-only" if _read_only_mount(root) else "check its permissions"
            raise SyncTargetError(f"the sync folder {root} is not writable ({where}). {NOTHING_LOST}")
        return root

    def publish(self, written: Sequence[Path]) -> None:
        """Nothing to do: the folder is the target."""

    def pending_publish(self) -> bool:
        return False


@record(slots=True)
class GitTarget:
    remote: str
    clone: Path

    @property
    def describe(self) -> str:
        return f"git {self.remote}"

    def _git(self, *args: str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        git = shutil.which("git")
        if git is None:
            raise SyncTargetError("sync to a git remote needs git, and no `git` command was found on PATH")
        command = [git, "-c", "user.name=mesadrill", "-c", "user.email=mesadrill@localhost", *args]
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            done = subprocess.run(
                command,
                cwd=cwd or self.clone,
                env=env,
                capture_output=True,
                text=True,
                timeout=GIT_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise SyncTargetError(f"git {args[0]} took over {GIT_TIMEOUT_S} s; is {self.remote} reachable?") from None
        if check and done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise SyncTargetError(
                f"git {args[0]} failed for {self.remote}: {detail[-1] if detail else done.returncode}"
            )
        return done

    def _remote_has_branch(self) -> bool:
        done = self._git("ls-remote", "--heads", "origin", BRANCH)
        return bool(done.stdout.strip())

    def prepare(self) -> Path:
        url = self.remote.removeprefix("git+")
        if not (self.clone / ".git").is_dir():
            if self.clone.exists():
                shutil.rmtree(self.clone)  # ours: a clone cut short
            self.clone.parent.mkdir(parents=True, exist_ok=True)
            partial = self.clone.with_name(self.clone.name + ".partial")
            if partial.exists():
                shutil.rmtree(partial)
            self._git("clone", "--quiet", url, str(partial), cwd=self.clone.parent)
            partial.rename(self.clone)
        self._git("remote", "set-url", "origin", url)
        if self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
            self._git("checkout", "--quiet", "-B", BRANCH)
        self._pull()
        return self.clone

    def _pull(self) -> None:
        self._git("rebase", "--abort", check=False)  # a rebase a kill cut short
        if self._remote_has_branch():
            self._git("fetch", "--quiet", "origin", BRANCH)
            if self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
                self._git("checkout", "--quiet", "-B", BRANCH, f"origin/{BRANCH}")
            else:
                self._git("rebase", "--quiet", f"origin/{BRANCH}")

    def publish(self, written: Sequence[Path]) -> None:
        if written:
            self._git("add", "--", *(str(p.relative_to(self.clone)) for p in written))
            self._git("commit", "--quiet", "-m", f"mesadrill: {len(written)} segment(s)")
        if not self.pending_publish():
            return
        fault_point("sync-before-push")
        for _ in range(PUSH_ATTEMPTS):
            pushed = self._git("push", "--quiet", "origin", f"HEAD:{BRANCH}", check=False)
            if pushed.returncode == 0:
                return
            self._pull()  # another device pushed first: rebase onto it (never a conflict) and try again
        detail = pushed.stderr.strip().splitlines()
        raise SyncTargetError(
            f"could not push to {self.remote} ({detail[-1] if detail else 'rejected'}); "
            "the new events are saved locally and go with the next sync"
        )

    def pending_publish(self) -> bool:
        """Commits in the clone that the remote does not have yet."""
        if self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
            return False
        has_remote = self._git("rev-parse", "--verify", "--quiet", f"origin/{BRANCH}", check=False).returncode == 0
        if not has_remote:
            return True
        ahead = self._git("rev-list", "--count", f"origin/{BRANCH}..HEAD")
        return int(ahead.stdout.strip() or 0) > 0


SyncTarget = FolderTarget | GitTarget


def remembered_form(target: str) -> str:
    """The target as ``sync_target`` keeps it: a local path made absolute, so a sync from any folder finds it."""
    bare = target.removeprefix("git+")
    if _REMOTE_LIKE.match(bare):
        return target
    return target[: len(target) - len(bare)] + str(Path(bare).expanduser().resolve())


def target_for(target: str, data_dir: Path) -> SyncTarget:
    if is_git_remote(target):
        remote = target
        path = Path(target.removeprefix("git+")).expanduser()
        if not _REMOTE_LIKE.match(target.removeprefix("git+")) and path.exists():
            remote = str(path.resolve())
        return GitTarget(remote, data_dir / "sync-git")
    return FolderTarget(Path(target).expanduser().resolve())


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False
