"""Running the real CLI in a subprocess: once with its output collected, or prompt by prompt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
BUNDLED_DECKS = REPO / "decks"
TEST_DATA = REPO / "tests" / "data"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Run:
    """mesadrill in a real subprocess, as a user would run it."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "mesadrill", *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


class Interactive:
    """A CLI subprocess driven prompt by prompt, as a person at a terminal would."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, preexec_fn: object = None) -> None:
        import threading

        full_env = dict(os.environ)
        full_env["PYTHONFAULTHANDLER"] = "1"  # a process that hangs can be made to say where (see wait)
        full_env.update(env or {})

        def as_from_a_shell() -> None:
            # As a shell starts a program: Ctrl-C (SIGINT) with its default action and no signal
            # blocked. The test process's own state leaks otherwise: something this suite loads
            # in-process can leave SIGINT blocked, and a child then never sees Ctrl-C.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, set())
            if callable(preexec_fn):
                preexec_fn()

        self.process = subprocess.Popen(
            [sys.executable, "-m", "mesadrill", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=full_env,
            preexec_fn=as_from_a_shell,
        )
        self.output = ""
        self._cursor = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while True:
            chunk = os.read(self.process.stdout.fileno(), 65536)
            with self._changed:
                if not chunk:
                    self._changed.notify_all()
                    return
                self.output += chunk.decode("utf-8", errors="replace")
                self._changed.notify_all()

    def expect(self, text: str, timeout: float = 30) -> str:
        """Wait until ``text`` appears after what was already matched; return what came before it."""
        import time

        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = self.output.find(text, self._cursor)
                if found >= 0:
                    before = self.output[self._cursor : found]
                    self._cursor = found + len(text)
                    return before
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(
                        f"never saw {text!r} (exit code {self.process.poll()}); output so far:\n{self.output}\nstderr: {self.stderr()}"
                    )
                self._changed.wait(min(remaining, 0.5))

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def close_input(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()

    def wait(self, timeout: float = 30) -> int:
        """Wait for the end, then collect stderr and close every pipe.

        A process still running after ``timeout`` is made to print every
        thread's stack (faulthandler, on SIGABRT) and the test fails with it.
        """
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)
            self.process.wait(10)
            self._reader.join(10)
            stacks = self._close()
            raise AssertionError(f"still running after {timeout} s; its stacks:\n{stacks}") from None
        self._reader.join(timeout)
        self._close()
        return code

    def _close(self) -> str:
        """Close every pipe (a pipe left open would warn in whichever test runs next); return stderr."""
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        if self.process.stderr is not None and not self.process.stderr.closed:
            self._stderr = self.process.stderr.read().decode("utf-8", errors="replace")
            self.process.stderr.close()
        return getattr(self, "_stderr", "")

    def stderr(self) -> str:
        """What the process wrote to stderr; read in full once it has exited."""
        if not hasattr(self, "_stderr") and self.process.poll() is not None and self.process.stderr is not None:
            self._stderr = self.process.stderr.read().decode("utf-8", errors="replace")
            self.process.stderr.close()
        return getattr(self, "_stderr", "")
