"""``mesadrill sync``: send this device's new events, receive every other device's.

1. Take the data folder's sync lock (one sync at a time; reviews carry on).
2. Prepare the target (a folder as it is; a git clone fetched and rebased).
3. Write this device's unsent events as segments: the segment's number is
   recorded first, then the file is written (temp name, fsync, rename), then
   its events are recorded as sent. A kill in between sends them again next
   time; they merge by id, so nothing is applied twice.
4. Publish (git: commit and push, retrying when another device pushed first).
5. Read every other device's segments not applied yet; each is checked whole
   (header, every line, count and checksum at the end) and a bad or
   half-copied one is reported and skipped. The good ones are merged in one
   transaction, which also records them as applied.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mesadrill.core.errors import MesadrillError
from mesadrill.core.history import ReviewEvent
from mesadrill.env.faults import fault_point
from mesadrill.store import segments, sync_state
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.sync_target import SyncTarget, sync_lock


@dataclass(slots=True)
class SyncReport:
    target: str
    sent: int = 0
    received: int = 0
    devices: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)  # segments skipped, files not ours, conflicts
    publish_error: str | None = None

    def summary(self) -> str:
        received = f"received {self.received} from {len(self.devices)} device(s)" if self.devices else "received 0"
        return f"Synced with {self.target}: sent {self.sent} event(s), {received}."


def sync(
    store: HistoryStore,
    target: SyncTarget,
    data_dir: Path,
    clock: Callable[[], datetime],
    progress: Callable[[str], None] = lambda _: None,
) -> SyncReport:
    report = SyncReport(target.describe)
    with sync_lock(data_dir), _collector_paused():
        root = target.prepare()
        sync_state.use_target(store, target.describe)
        device = _own_device(store, root, report)
        written = _send(store, root, device, clock, progress, report)
        fault_point("sync-before-publish")
        try:
            target.publish(written)
        except MesadrillError as error:  # nothing lost: the segments wait in the clone
            report.publish_error = str(error)
        _receive(store, root, device, clock, progress, report)
    return report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector waits until the sync is done.

    A first sync holds a million events (and their JSON rows) that all live
    until the merge; the collector would walk them over and over as they are
    made, which took a third of reading the segments. They form no cycles,
    so nothing is left for it to find meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _own_device(store: HistoryStore, root: Path, report: SyncReport) -> str:
    """This folder's device id, renewed if another data folder writes under it too.

    Segments under our id that we never wrote mean a copied data folder (or
    one restored from a backup): two writers on one set of files. This one
    takes a new id; the other's segments are then received like any device's.
    """
    device = store.device_id
    known = sync_state.known_segments(store)
    refs, _ = segments.list_segments(root)
    strangers = [ref for ref in refs if ref.device_id == device and (device, ref.seq) not in known]
    if strangers:
        device = sync_state.new_device_id(store)
        report.problems.append(
            f"{strangers[0].path} was written under this data folder's device id by another copy of it "
            f"(a copied or restored data folder?); this one now has its own id, {device}"
        )
    return device


def _send(
    store: HistoryStore,
    root: Path,
    device: str,
    clock: Callable[[], datetime],
    progress: Callable[[str], None],
    report: SyncReport,
) -> list[Path]:
    written: list[Path] = []
    segments.remove_leftovers(root, device)
    seq = max(sync_state.highest_own_seq(store, device), segments.highest_seq(root, device))
    for upto, batch in sync_state.unsent(store, segments.MAX_EVENTS_PER_SEGMENT):
        seq += 1
        sync_state.reserve(store, device, seq, len(batch), clock())
        written.append(segments.write_segment(root, device, seq, batch))
        fault_point("sync-after-segment")
        sync_state.mark_sent(store, upto)
        report.sent += len(batch)
        progress(f"sent {report.sent} event(s)")
    return written


def _receive(
    store: HistoryStore,
    root: Path,
    device: str,
    clock: Callable[[], datetime],
    progress: Callable[[str], None],
    report: SyncReport,
) -> None:
    refs, notes = segments.list_segments(root)
    report.problems.extend(notes)
    known = sync_state.known_segments(store)
    now = clock()
    ready: list[tuple[str, int, list[ReviewEvent]]] = []
    arrived = 0
    for ref in refs:
        if ref.device_id == device or (ref.device_id, ref.seq) in known:
            continue
        try:
            segment = segments.read_segment(ref, now)
        except segments.SegmentError as error:
            report.problems.append(str(error))
            continue
        ready.append((ref.device_id, ref.seq, segment.events))
        arrived += len(segment.events)
        progress(f"read {len(ready)} segment(s), {arrived:,} event(s)")
    if not ready:
        return
    fault_point("sync-before-apply")
    progress(f"merging {arrived:,} event(s) from {len(ready)} segment(s)")  # a first sync: seconds
    result = sync_state.apply(store, ready, clock())
    report.received = result.added
    report.devices = {device_id for device_id, _, events in ready if events}
    if result.conflicts:
        shown = ", ".join(result.conflicts[:5]) + (" ..." if len(result.conflicts) > 5 else "")
        report.problems.append(
            f"{len(result.conflicts)} received event(s) share an id with a different event here; "
            f"this history's copy is kept: {shown}"
        )
