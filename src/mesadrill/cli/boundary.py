"""The one error boundary: every way a command can fail becomes a message on stderr and an exit code.

Both ways in go through ``guarded``: the click command line
(``cli.main.main``) and a bare ``mesadrill`` opening the app without
building the command parser (``cli.entry``). Click itself is only imported
by the first, so its exceptions are recognised here without importing it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from mesadrill.core.cleantext import strip_controls
from mesadrill.core.errors import MesadrillError


def guarded(body: Callable[[], None]) -> None:
    """Run ``body``; turn what it raises into a message and ``sys.exit`` with the matching code."""
    try:
        body()
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        _finish_backups()
    except MesadrillError as error:
        _say(f"mesadrill: {strip_controls(str(error))}")
        sys.exit(error.exit_code)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as C tools do.
        _drop_stdout()
        sys.exit(141)
    except KeyboardInterrupt:
        _say("Interrupted.")
        sys.exit(130)
    except OSError as error:
        if not _is_stdout_error(error):
            raise
        # A full disk or device behind standard output: say so, and let no
        # half-written buffer trace back again at exit.
        _drop_stdout()
        _say(f"mesadrill: cannot write the output: {error.strerror or error}")
        sys.exit(1)
    except Exception as error:
        click = sys.modules.get("click")
        if click is None:
            raise
        if isinstance(error, click.exceptions.Abort):
            _say("Aborted.")
            sys.exit(130)
        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _finish_backups() -> None:
    """The day's backup, if this command started one, finishes after the output (Ctrl-C stops it)."""
    backups = sys.modules.get("mesadrill.store.daily_backup")
    if backups is not None:
        backups.finish_backups()


def _is_stdout_error(error: OSError) -> bool:
    """An error writing standard output (full disk, /dev/full, I/O error), not a file of ours."""
    import errno

    # Errors on files mesadrill opens itself carry the file's name and are
    # reported where they happen; a write to a stream does not.
    return error.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT) and error.filename is None


def _drop_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
