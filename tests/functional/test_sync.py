"""`mesadrill sync` through a folder and through git, with three data folders, bad input and kills."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_plain_review import write_deck

from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.sm2 import NEW
from mesadrill.store import exchange, segments
from support.cli import Interactive, run_cli

DAY1 = "2026-01-05T12:00:00+00:00"
DAY1_LATER = "2026-01-05T15:00:00+00:00"
DAY2 = "2026-01-06T12:00:00+00:00"
STRANGER = "0123456789abcdef"  # a device id no data folder here has


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    folder = tmp_path / "synced"
    folder.mkdir()
    return folder


def machine(home: Path, name: str) -> dict[str, str]:
    return {"MESADRILL_DATA_DIR": str(home / name / "data"), "MESADRILL_CONFIG_DIR": str(home / name / "config")}


def run_on(env: dict[str, str], *args: str, now: str = DAY2, input: str | None = None, **extra: str):  # type: ignore[no-untyped-def]
    done = run_cli(*args, env={**env, "MESADRILL_NOW": now, **extra}, input=input)
    assert "Traceback" not in done.output, done.output
    return done


def study(env: dict[str, str], deck: Path, now: str, grades: list[str], new: int = 3) -> None:
    lines = [x for g in grades for x in ("", g)]
    done = run_on(env, "review", str(deck), "--plain", "--new", str(new), now=now, input="\n".join(lines) + "\n")
    assert done.returncode == 0, done.output


def sync(env: dict[str, str], *args: str, now: str = DAY2, ok: bool = True, **extra: str):  # type: ignore[no-untyped-def]
    done = run_on(env, "sync", *args, now=now, **extra)
    if ok:
        assert done.returncode == 0, done.output
    return done


def state(env: dict[str, str], deck: Path) -> tuple[str, str]:
    cards = run_on(env, "cards", str(deck), "--json")
    export = run_on(env, "history", "export")
    assert cards.returncode == 0 and export.returncode == 0
    return cards.stdout, export.stdout


def test_three_machines_converge_through_a_folder(deck: Path, isolated_home: Path, target: Path) -> None:
    a, b, c = (machine(isolated_home, name) for name in "abc")
    study(a, deck, DAY1, ["5", "2", "4"])
    first = sync(a, str(target), now=DAY1)
    assert "sent 3 event(s)" in first.stdout and "Remembered sync_target" in first.stderr
    assert "received 3 from 1 device(s)" in sync(b, str(target), now=DAY1).stdout
    # The same cards again on b, the same study day: they are same-day repeats, not reviews.
    study(b, deck, DAY1_LATER, ["5", "5"], new=0)
    sync(b, now=DAY1_LATER)
    study(c, deck, DAY2, ["4", "4", "4", "3"], new=4)

    # a grades on day 2, syncs while its session is still open, then undoes the grade.
    session = Interactive("review", str(deck), "--plain", "--new", "0", env={**a, "MESADRILL_NOW": DAY2})
    session.expect("(Enter to show the answer")
    session.send("")
    session.expect("Grade 0-5")
    session.send("1")
    session.expect("(Enter to show the answer")
    assert "sent 1 event(s)" in sync(a).stdout  # the review in the other terminal carries on
    session.send("u")
    session.expect("Undid the last grade")
    session.close_input()
    assert session.wait() == 0
    for _ in range(2):
        for env in (c, a, b):
            sync(env, str(target))
    states = [state(env, deck) for env in (a, b, c)]
    assert states[0] == states[1] == states[2]
    rows = {row["id"]: row for row in json.loads(states[0][0])}
    # a1: a's 5 on day 1 and c's 4 on day 2 count; a's undone 1 on day 2 does not.
    assert (rows["a1"]["reviews"], rows["a1"]["repetitions"], rows["a1"]["lapses"]) == (2, 2, 0)
    # a2: a's 2 on day 1 is the review; b's 5 later that day is a same-day repeat.
    assert (rows["a2"]["reviews"], rows["a2"]["lapses"]) == (3, 1)
    kinds = [json.loads(line)["kind"] for line in states[0][1].splitlines()[1:]]
    assert kinds.count("undo") == 1 and kinds.count("same-day") >= 1


def test_status_shows_device_target_unsent_and_other_devices(deck: Path, isolated_home: Path, target: Path) -> None:
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    before = run_on(a, "sync", "--status")
    assert "Target: none" in before.stdout and "Last sync: never" in before.stdout
    study(a, deck, DAY1, ["5", "4"])
    assert "Events not yet sent: 2" in run_on(a, "sync", "--status").stdout
    sync(a, str(target))
    sync(b, str(target))
    status = run_on(b, "sync", "--status").stdout
    a_id = run_on(a, "doctor").stdout.split("Device: ")[1].split()[0]
    assert f"Target: {target}" in status and "Events not yet sent: 0" in status
    assert f"{a_id}: 2 event(s) in 1 segment(s), last event 2026-01-05 12:00 UTC" in status


def test_sync_without_a_target_says_how_to_give_one(isolated_home: Path) -> None:
    done = run_on(machine(isolated_home, "a"), "sync")
    assert done.returncode != 0 and "no sync target" in done.stderr


# A read-only folder: see test_sync_faults (a tmpfs mounted read-only binds root too).
@pytest.mark.parametrize("kind", ["missing", "file"])
def test_an_unusable_target_is_a_clear_message_and_nothing_is_lost(
    deck: Path, isolated_home: Path, tmp_path: Path, kind: str
) -> None:
    a = machine(isolated_home, "a")
    study(a, deck, DAY1, ["5"])
    place = tmp_path / "place"
    if kind == "file":
        place.write_text("not a folder")
    done = sync(a, str(place), ok=False)
    expected = {"missing": "does not exist", "file": "is a file"}[kind]
    assert done.returncode != 0 and expected in done.stderr
    assert "Events not yet sent: 1" in run_on(a, "sync", "--status").stdout


# ---- segments from elsewhere: damaged, hostile, half-copied, newer


def an_event(number: int = 1, **changes: object) -> dict[str, object]:
    event = ReviewEvent(
        f"stranger-{number}", "drill", "a1", exchange.datetime(2026, 1, 5, 9, tzinfo=exchange.UTC),
        exchange.date(2026, 1, 5), 4, EventKind.REVIEW, NEW, device_id=STRANGER,
    )  # fmt: skip
    row = exchange.event_to_dict(event)
    row.update(changes)
    return row


def craft(root: Path, seq: int, lines: list[object], *, device: str = STRANGER, header: object = None) -> Path:
    """A segment with a correct end line around whatever lines are given (dicts become JSON)."""
    head = header or {"format": "mesadrill-sync", "version": 1, "device": device, "seq": seq}
    raw = [json.dumps(head).encode()] + [
        json.dumps(line).encode() if isinstance(line, dict) else str(line).encode() for line in lines
    ]
    body = b"\n".join(raw) + b"\n"
    end = {"end": {"count": len(lines), "sha256": hashlib.sha256(body).hexdigest()}}
    path = segments.segment_path(root, device, seq)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body + json.dumps(end).encode() + b"\n")
    return path


BAD_LINES = {
    "malformed": ("{not json", ":3: not a JSON line"),
    "wrong type": (an_event(quality="4"), "'quality' should be a whole number, not '4'"),
    "unknown kind": (an_event(kind="teleport"), "'kind' should be one of review"),
    "quality 7": (an_event(quality=7), "'quality' should be from 0 to 5, not 7"),
    "future date": (an_event(reviewed_at="2099-01-01T00:00:00+00:00"), "in the future"),
    "huge number": (an_event(repetitions=10**30), "'repetitions' should be from 0 to 1,000,000"),
    "nan easiness": (an_event(easiness=float("nan")), "'easiness' should be from 1.3 to 1000.0, not nan"),
    "malformed quiz": (
        an_event(kind="quiz-attempt", deck_id="course:birdwatch", quality=0, quiz={"total": 1, "answers": "all"}),
        "'quiz.answers' should be a list of at most 1 (the total) answers",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_segment_is_reported_by_line_and_nothing_of_it_applied(
    deck: Path, isolated_home: Path, target: Path, case: str
) -> None:
    a = machine(isolated_home, "a")
    line, message = BAD_LINES[case]
    path = craft(target, 1, [an_event(1), line, an_event(3)])
    done = sync(a, str(target))
    assert f"warning: {path}" in done.stderr and message in done.stderr, done.stderr
    assert "received 0" in done.stdout
    assert run_on(a, "history", "export").stdout.count("\n") == 1  # the header: nothing applied
    # A good segment beside it is applied; the bad one is reported again, never half applied.
    craft(target, 2, [an_event(4)])
    again = sync(a)
    assert "received 1 from 1 device(s)" in again.stdout and message in again.stderr


def test_a_half_copied_segment_waits_until_it_is_whole(isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    path = craft(target, 1, [an_event(1), an_event(2)])
    whole = path.read_bytes()
    for cut in (len(whole) - 5, len(whole) // 2, 0):
        path.write_bytes(whole[:cut])
        done = sync(a, str(target))
        assert "received 0" in done.stdout and f"{path}" in done.stderr, done.output
    path.write_bytes(whole)
    assert "received 2 from 1 device(s)" in sync(a).stdout
    assert "received 0" in sync(a).stdout and "warning" not in sync(a).stderr  # applied once only


def test_a_changed_checksum_skips_the_segment(isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    path = craft(target, 1, [an_event(1)])
    path.write_bytes(path.read_bytes().replace(b'"quality": 4', b'"quality": 5'))
    done = sync(a, str(target))
    assert "count or checksum does not match" in done.stderr and "received 0" in done.stdout


def test_a_segment_from_a_newer_mesadrill_asks_for_an_upgrade(isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    header = {"format": "mesadrill-sync", "version": 9, "device": STRANGER, "seq": 1}
    craft(target, 1, [{"something": "new"}], header=header)
    done = sync(a, str(target))
    assert "upgrade mesadrill" in done.stderr and "received 0" in done.stdout


def test_files_that_are_not_ours_are_reported_or_left_alone(isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    (target / "README.txt").write_text("my notes")
    (target / STRANGER).mkdir()
    (target / STRANGER / "notes.txt").write_text("hello")
    (target / STRANGER / "00000001.jsonl").write_text("this is not json at all\n")
    done = sync(a, str(target))
    assert "notes.txt: not a mesadrill segment" in done.stderr
    assert "00000001.jsonl:1: not a JSON line" in done.stderr and "README" not in done.stderr
    assert (target / "README.txt").read_text() == "my notes"


def test_a_duplicate_id_with_different_content_keeps_ours_and_says_so(isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    craft(target, 1, [an_event(1)])
    sync(a, str(target))
    craft(target, 2, [an_event(1, quality=0)])
    done = sync(a)
    assert "share an id with a different event here" in done.stderr and "stranger-1" in done.stderr
    (line,) = run_on(a, "history", "export").stdout.splitlines()[1:]
    assert json.loads(line)["quality"] == 4


def test_a_50_mb_line_is_refused_without_reading_it_whole(isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    huge = an_event(1, item_hash="x" * 50_000_000)
    path = craft(target, 1, [huge])
    done = sync(a, str(target))
    assert f"{path}:2: a line longer than 1024 KiB" in done.stderr and "received 0" in done.stdout


# ---- one sync at a time; kills at every step


def test_one_sync_at_a_time_while_reviews_carry_on(deck: Path, isolated_home: Path, target: Path) -> None:
    a = machine(isolated_home, "a")
    study(a, deck, DAY1, ["5"])
    data = Path(a["MESADRILL_DATA_DIR"])
    with (data / "sync.lock").open("a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        held.write("pid 4242")
        held.flush()
        busy = sync(a, str(target), ok=False)
        assert busy.returncode != 0 and "another sync of this data folder is running (pid 4242)" in busy.stderr
        study(a, deck, DAY2, ["4", "4"], new=1)  # a review does not wait for the sync lock
    assert "sent 3 event(s)" in sync(a, str(target)).stdout


@pytest.mark.parametrize(
    "step", ["sync-before-rename", "sync-after-segment", "sync-before-publish", "sync-before-apply"]
)
def test_a_sync_killed_at_any_step_converges_next_time(
    deck: Path, isolated_home: Path, target: Path, step: str
) -> None:
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    study(a, deck, DAY1, ["5", "3"])
    study(b, deck, DAY1, ["4"])
    sync(b, str(target), now=DAY1)
    killed = run_on(a, "sync", str(target), MESADRILL_FAULT=step)
    assert killed.returncode == -9
    for env in (a, b, a, b):
        done = sync(env, str(target))
        assert "warning" not in done.stderr, done.stderr
    assert state(a, deck) == state(b, deck)
    assert "Integrity check: ok" in run_on(a, "doctor").stdout
    assert not list(target.rglob("*.partial"))  # a killed write leaves nothing behind after the next sync
    events = [json.loads(line) for line in state(a, deck)[1].splitlines()[1:]]
    assert len(events) == len({e["event_id"] for e in events}) == 3


# ---- git


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run checks it is)")


@needs_git
def test_three_machines_converge_through_a_bare_git_repository(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    remote = tmp_path / "progress.git"
    git("init", "--quiet", "--bare", str(remote))
    a, b, c = (machine(isolated_home, name) for name in "abc")
    study(a, deck, DAY1, ["5", "2"])
    study(b, deck, DAY1_LATER, ["4"])
    study(c, deck, DAY2, ["3", "5", "5"], new=3)
    for env in (a, b, c):
        sync(env, str(remote))
    # b and c push again without having pulled a's latest: the push is retried after a rebase.
    study(a, deck, DAY2, ["4"], new=0)
    sync(a)
    for env in (b, c, a, b):
        done = sync(env)
        assert "warning" not in done.stderr, done.stderr
    states = [state(env, deck) for env in (a, b, c)]
    assert states[0] == states[1] == states[2]
    log = git("--git-dir", str(remote), "log", "--format=%s", "main")
    assert "mesadrill: 1 segment(s)" in log
    listed = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main").split()
    assert len({name.split("/")[0] for name in listed}) == 3


@needs_git
def test_an_unreachable_remote_keeps_everything_for_the_next_sync(
    deck: Path, isolated_home: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "progress.git"
    git("init", "--quiet", "--bare", str(remote))
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    sync(a, str(remote))
    study(a, deck, DAY1, ["5", "4"])
    remote.rename(tmp_path / "away.git")
    failed = sync(a, ok=False)
    assert failed.returncode != 0 and "git" in failed.stderr and "Traceback" not in failed.stderr
    (tmp_path / "away.git").rename(remote)
    assert sync(a).returncode == 0
    assert "received 2 from 1 device(s)" in sync(b, str(remote)).stdout
    assert state(a, deck)[0] == state(b, deck)[0]


@needs_git
def test_a_sync_killed_before_its_git_push_converges(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    remote = tmp_path / "progress.git"
    git("init", "--quiet", "--bare", str(remote))
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    study(a, deck, DAY1, ["5"])
    assert run_on(a, "sync", str(remote), MESADRILL_FAULT="sync-before-push").returncode == -9
    sync(a, str(remote))
    assert "received 1 from 1 device(s)" in sync(b, str(remote)).stdout


def test_sync_on_exit_syncs_after_a_session_and_says_when_it_fails(
    deck: Path, isolated_home: Path, target: Path, tmp_path: Path
) -> None:
    a = machine(isolated_home, "a")
    config = Path(a["MESADRILL_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'sync_target = "{target}"\nsync_on_exit = true\n')
    done = run_on(a, "review", str(deck), "--plain", "--new", "1", now=DAY1, input="\n5\n")
    assert done.returncode == 0 and f"Synced with folder {target}: sent 1 event(s)" in done.stderr, done.output
    (config / "config.toml").write_text(f'sync_target = "{tmp_path / "unplugged"}"\nsync_on_exit = true\n')
    done = run_on(a, "review", str(deck), "--plain", "--new", "1", now=DAY2, input="\n4\n")
    assert done.returncode == 0 and "Sync after the session failed" in done.stderr and "does not exist" in done.stderr
    assert "Events not yet sent: 1" in run_on(a, "sync", "--status").stdout


def test_a_bad_sync_setting_is_a_clear_message(isolated_home: Path) -> None:
    a = machine(isolated_home, "a")
    config = Path(a["MESADRILL_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text('sync_on_exit = "yes"\n')
    done = run_on(a, "sync", "--status")
    assert done.returncode != 0 and "sync_on_exit should be true or false" in done.stderr


def test_a_new_target_gets_the_whole_history(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    study(a, deck, DAY1, ["5", "4"])
    sync(a, str(old))
    sync(b, str(old))
    study(b, deck, DAY2, ["3"], new=0)
    sync(b)
    sync(a)
    # Moving to another folder: each sends everything it has (its own events and those it received).
    assert "sent 3 event(s)" in sync(a, str(new)).stdout
    assert "sent 3 event(s), received 0" in sync(b, str(new)).stdout
    c = machine(isolated_home, "c")
    assert "received 3 from 2 device(s)" in sync(c, str(new)).stdout
    assert state(c, deck) == state(a, deck) == state(b, deck)


def test_a_copied_data_folder_takes_a_new_device_id_and_both_converge(
    deck: Path, isolated_home: Path, target: Path
) -> None:
    a = machine(isolated_home, "a")
    study(a, deck, DAY1, ["5"])
    sync(a, str(target), now=DAY1)
    copy = machine(isolated_home, "copy")
    shutil.copytree(isolated_home / "a", isolated_home / "copy")  # the whole data folder, device id included
    study(a, deck, DAY2, ["4"], new=1)
    study(copy, deck, DAY2, ["3", "3"], new=2)
    sync(a)
    renewed = sync(copy)
    assert "written under this data folder's device id by another copy of it" in renewed.stderr
    for env in (a, copy, a):
        sync(env)
    ids = {run_on(env, "doctor").stdout.split("Device: ")[1].split()[0] for env in (a, copy)}
    assert len(ids) == 2
    assert state(a, deck) == state(copy, deck)


def test_a_relative_target_is_remembered_as_an_absolute_path(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    a = machine(isolated_home, "a")
    (tmp_path / "here" / "synced").mkdir(parents=True)
    study(a, deck, DAY1, ["5"])
    done = run_cli("sync", "synced", env={**a, "MESADRILL_NOW": DAY2}, cwd=tmp_path / "here")
    assert done.returncode == 0 and "sent 1 event(s)" in done.stdout, done.output
    config = (Path(a["MESADRILL_CONFIG_DIR"]) / "config.toml").read_text()
    assert f'sync_target = "{tmp_path / "here" / "synced"}"' in config
    elsewhere = run_cli("sync", env={**a, "MESADRILL_NOW": DAY2}, cwd=tmp_path)  # from another folder: the same one
    assert elsewhere.returncode == 0 and "sent 0 event(s), received 0" in elsewhere.stdout, elsewhere.output
