"""The event ids of course progress: stable, so two machines holding one attempt or read hold one event."""

from __future__ import annotations

from mesadrill.store.import_checks import IMPORTED_ID

# hashlib is imported where an id is made, not here: it loads OpenSSL (3 ms), and
# the migrations import this module at every start.


def attempt_event_id(attempt_id: str) -> str:
    """A quiz attempt's event id: its attempt id (an attempt id no export could carry is hashed into one)."""
    if IMPORTED_ID.fullmatch(attempt_id):
        return attempt_id
    import hashlib

    return "quiz-" + hashlib.sha256(attempt_id.encode("utf-8")).hexdigest()[:32]


def read_event_id(course_id: str, lesson_id: str, read_at: str, device_id: str | None = None) -> str:
    """A lesson read's event id, from what it says (``read_at`` as stored: UTC, microseconds).

    A read made here names its device too: two machines reading one lesson at
    the same instant (a clock set by MESADRILL_NOW) make two events, not one
    id with two contents. Reads from before device ids have none.
    """
    said = f"{course_id}\n{lesson_id}\n{read_at}" + (f"\n{device_id}" if device_id is not None else "")
    import hashlib

    digest = hashlib.sha256(said.encode()).hexdigest()
    return f"read-{digest[:32]}"
