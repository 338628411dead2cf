"""The Textual app, headless: drive it with keys, then check the store, not just the screen."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from mesadrill.core.history import EventKind
from mesadrill.decks.catalog import Catalog, Origin, deck_files
from mesadrill.env.settings import Settings
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.home import HomeScreen
from mesadrill.tui.screens.review import ReviewScreen
from mesadrill.tui.screens.stats import StatsScreen
from mesadrill.tui.screens.summary import SummaryScreen
from mesadrill.tui.widgets.card_view import CardText, CardView
from mesadrill.tui.widgets.key_bar import KeyBar
from mesadrill.tui.widgets.top_bar import TopBar
from support.history import grade_event
from support.tui import (
    Card,
    MovableClock,
    card_of,
    fake_editor,
    make_runtime,
    open_store,
    review_app,
    text_of,
    write_deck,
)


async def test_a_full_session_reveal_grade_repeat_undo(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            card = card_of(app)
            assert (card.meta, card.question, card.back) == ("new · basic · t", "Question 1", None)
            assert "Answer 1" not in card.front
            assert "Test deck" in text_of(app, "TopBar") and " 1 / 3 " in text_of(app, "TopBar")
            await pilot.press("3")  # grades need the answer shown first
            assert store.event_count() == 0
            await pilot.press("space")
            card = card_of(app)
            assert (card.question, card.answer, card.source) == ("Question 1", "Answer 1", "Source: Source 1")
            await pilot.press("2")  # below 4: comes back later
            assert store.event_count() == 1
            assert card_of(app).question == "Question 2" and card_of(app).back is None
            assert " 2 / 4 " in text_of(app, "TopBar")
            await pilot.press("space", "5")
            assert card_of(app).question == "Question 3"
            await pilot.press("u")  # undo the 5 on c2
            assert card_of(app).question == "Question 2"
            # The 5 stays in the log with the undo that takes it back; c2 is new again.
            assert store.event_count() == 3 and store.record("t", "c2") is None
            await pilot.press("space", "4", "space", "4")
            assert card_of(app).question == "Question 1"
            assert "again today" in card_of(app).meta
            await pilot.press("space", "5")
            assert isinstance(app.screen, SummaryScreen)
            assert "3 item(s) reviewed with 4 grade(s)" in text_of(app, "#headline")
            assert "Question 1" in text_of(app, "#repeated")
        kinds = [(e.item_id, e.quality, e.kind) for e in store.events()]
        assert kinds == [
            ("c1", 2, EventKind.REVIEW),
            ("c2", 5, EventKind.REVIEW),  # undone: kept in the history, counts for nothing
            ("c2", 0, EventKind.UNDO),
            ("c2", 4, EventKind.REVIEW),
            ("c3", 4, EventKind.REVIEW),
            ("c1", 5, EventKind.SAME_DAY),
        ]
        c1 = store.record("t", "c1")
        assert c1 is not None and (c1.state.repetitions, c1.state.interval_days, c1.reviews) == (0, 1, 2)


async def test_quitting_early_keeps_every_grade_and_asks_nothing(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "5", "q")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter")
            await pilot.pause()
        assert app.return_code == 0
        assert store.event_count() == 1


async def test_the_first_screen_is_the_bottom_and_leaving_it_quits(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert [type(screen) for screen in app.screen_stack] == [ReviewScreen]  # no empty screen underneath
            await pilot.press("space", "5", "q", "s")
            assert isinstance(app.screen, StatsScreen)
            await pilot.press("q")  # back to the summary, not out of the app
            assert isinstance(app.screen, SummaryScreen) and app.is_running
            await pilot.press("enter")
            await pilot.pause()
        assert app.return_code == 0 and not app.is_running
        stats = MesadrillApp(runtime, store, lambda app: StatsScreen())
        async with stats.run_test(size=(80, 24)) as pilot:
            assert [type(screen) for screen in stats.screen_stack] == [StatsScreen]
            await pilot.press("q")
            await pilot.pause()
        assert stats.return_code == 0 and not stats.is_running


async def test_escape_also_ends_the_session(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("escape")
            assert isinstance(app.screen, SummaryScreen)
            assert "no grades given" in text_of(app, "#headline")


async def test_choice_card_marks_the_pick_and_suggests_a_grade(tmp_path: Path) -> None:
    cards = "  - {id: q, type: choice, question: Which?, choices: [theory, demonstrated behaviour, open question], answer: theory}\n"
    runtime = make_runtime([write_deck(tmp_path, cards=cards)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert card_of(app).choices == "  1. theory\n  2. demonstrated behaviour\n  3. open question"
            await pilot.press("9")  # no ninth choice: nothing happens
            assert card_of(app).back is None
            await pilot.press("3")
            card = card_of(app)
            assert card.choices == "✓ 1. theory\n  2. demonstrated behaviour\n✗ 3. open question"
            assert card.answer == "1. theory"
            assert "Wrong: suggested grade 1" in text_of(app, "KeyBar")
            await pilot.press("enter")  # accepts the suggestion
        (event,) = list(store.events())
        assert event.quality == 1


async def test_cloze_and_reverse_items(tmp_path: Path) -> None:
    cards = (
        "  - {id: r, type: basic, front: term, back: its definition, reverse: true}\n"
        "  - {id: z, type: cloze, text: 'The {{c1::sky}} is {{c2::blue::a colour}}.'}\n"
    )
    # Siblings held back would leave two items for tomorrow; this test is about how each one shows.
    runtime = make_runtime([write_deck(tmp_path, cards=cards)], settings=Settings(bury_siblings=False))
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            seen = []
            for _ in range(4):
                seen.append(card_of(app).question)
                await pilot.press("space")
                seen.append(card_of(app).answer)
                await pilot.press("5")
    assert seen == [
        "term",
        "its definition",
        "its definition",
        "term",
        "The [...] is blue.",
        "The sky is blue.",
        "The sky is [a colour].",
        "The sky is blue.",
    ]


HOSTILE = (
    "  - id: evil\n"
    "    type: basic\n"
    '    front: "[bold red]not bold[/] [link=http://evil.test]click[/link] [@click=app.quit]quit?[/] $accent [/"\n'
    '    back: "\\e[2Jcleared? \\e]8;;http://evil.test\\aurl\\e]8;;\\a [b]x[/b]"\n'
    '    source: "[i]source[/i]"\n'
)


async def test_markup_and_escapes_in_cards_are_shown_literally(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, cards=HOSTILE, title="'[b]Deck[/b] [@click=app.quit]x[/]'")])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert text_of(app, "TopBar").startswith("[b]Deck[/b] [@click=app.quit]x[/] ")
            await pilot.click(TopBar, offset=(14, 0))
            question = card_of(app).question
            assert (
                question
                == "[bold red]not bold[/] [link=http://evil.test]click[/link] [@click=app.quit]quit?[/] $accent [/"
            )
            for x in range(0, 76, 8):  # a forged [@click] must do nothing, wherever the card is clicked
                await pilot.click(CardText, offset=(x, 2))
            assert app.is_running and isinstance(app.screen, ReviewScreen)
            await pilot.press("space")
            card = card_of(app)
            assert card.answer == "cleared? url [b]x[/b]"
            assert "\x1b" not in card.back
            assert card.source == "Source: [i]source[/i]"
            screenshot = app.export_screenshot()
            assert "[bold red]not bold[/]" in screenshot.replace("&#160;", " ")
            spans = app.screen.query_one(CardView).content.spans
            assert not any("evil.test" in str(span.style) or "click" in str(span.style) for span in spans)


async def test_edit_opens_the_editor_and_shows_the_edited_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = write_deck(tmp_path)
    fake_editor(
        tmp_path,
        monkeypatch,
        'echo "$1" > "$(dirname "$0")/args"\nsed -i \'s/Question 1/Question one, edited/\' "$2"\n',
    )
    runtime = make_runtime([deck])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "5")  # c1 gets a schedule
            await pilot.press("u")  # back to c1
            await pilot.press("e")
            await pilot.pause()
            assert card_of(app).question == "Question one, edited"
            await pilot.press("space", "4")
        assert (tmp_path / "args").read_text().strip() == "+5"
        record = store.record("t", "c1")
        assert record is not None and record.reviews == 1


async def test_a_broken_edit_is_reported_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = write_deck(tmp_path)
    fake_editor(tmp_path, monkeypatch, "printf 'cards: [unclosed\\n' >> \"$2\"\n")
    runtime = make_runtime([deck])
    notes: list[str] = []
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("e")
            await pilot.pause()
            notes = [n.message for n in app._notifications]
            assert app.is_running and card_of(app).question == "Question 1"
            await pilot.press("space", "5")
        assert store.event_count() == 1
    assert any("still showing the old card" in note for note in notes)


async def test_what_the_daily_limit_held_back_is_told_once_the_first_card_shows(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)], settings=Settings(reviews_per_day=1))
    long_ago = runtime.today() - timedelta(days=30)
    with open_store(runtime, tmp_path) as store:
        # Three cards reviewed on three days long ago: all due, the limit lets one through.
        store.merge_events(grade_event(f"c{n}", 5, day=long_ago + timedelta(days=n), deck_id="t") for n in range(1, 4))
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            notes = [n.message for n in app._notifications]
            assert " 1 / 1 " in text_of(app, "TopBar") and card_of(app).question == "Question 1"
            assert notes == ["Held back by the daily limit: 2 (reviews_per_day, new_per_day_total)."]


async def test_home_lists_decks_reviews_and_reloads(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    write_deck(folder, "alpha", title="Alpha deck")
    runtime = make_runtime([])
    runtime.discover = lambda: Catalog.from_files([(path, Origin.EXTRA) for path in deck_files(folder)])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, HomeScreen)
            table = app.screen.query_one("#decks")
            assert table.row_count == 1  # type: ignore[attr-defined]
            assert "Today: 0 due, 3 new" in text_of(app, "#status")
            await pilot.press("enter")
            assert isinstance(app.screen, ReviewScreen)
            await pilot.press("space", "5", "q", "enter")
            assert isinstance(app.screen, HomeScreen)
            assert "Today: 0 due, 2 new" in text_of(app, "#status")
            # An author adds a deck to the folder; r finds and loads it without restarting.
            write_deck(folder, "beta", title="Beta deck")
            await pilot.press("r")
            assert table.row_count == 2  # type: ignore[attr-defined]
            await pilot.press("s")
            assert isinstance(app.screen, StatsScreen)
            await pilot.press("q")
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("q")
        assert app.return_code == 0


async def test_home_with_no_decks_says_how_to_make_one(tmp_path: Path) -> None:
    runtime = make_runtime([])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert "mesadrill new" in text_of(app, "#status")
            await pilot.press("enter")  # nothing to review: stays home
            assert isinstance(app.screen, HomeScreen)


async def test_home_when_nothing_is_due_says_when_next(tmp_path: Path) -> None:
    clock = MovableClock()
    runtime = make_runtime([write_deck(tmp_path)], clock)
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*["space", "5"] * 3)
        home = MesadrillApp(runtime, store)
        async with home.run_test(size=(80, 24)):
            assert "Nothing due today. Next: 3 item(s) on Tue 06 Jan." in text_of(home, "#status")


def key_position(app: MesadrillApp, label: str) -> tuple[int, int]:
    """Column and line of ``label`` (e.g. "u Undo") in the key bar's text."""
    for y, line in enumerate(text_of(app, "KeyBar").split("\n")):
        if label in line:
            return line.index(label), y
    raise AssertionError(f"{label!r} not in the key bar: {text_of(app, 'KeyBar')!r}")


async def test_the_key_bar_shows_the_keys_that_work_now_and_clicks_press_them(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            bar = app.screen.query_one(KeyBar)
            keys = text_of(app, "KeyBar")
            assert "space Show answer" in keys and "q End" in keys
            assert "Grade" not in keys  # hidden until the answer is shown
            assert "Recall the answer" in keys  # the legend line above the keys
            undo = next(key for key in bar.keys if key.description == "Undo")
            assert not undo.enabled  # nothing to undo yet: shown dimmed
            await pilot.click(KeyBar, offset=key_position(app, "u Undo"))
            assert store.event_count() == 0 and isinstance(app.screen, ReviewScreen)

            await pilot.hover(KeyBar, offset=key_position(app, "space Show answer"))
            assert bar.tooltip == "Show the answer and its source"
            await pilot.click(KeyBar, offset=key_position(app, "space Show answer"))
            assert card_of(app).answer == "Answer 1"
            keys = text_of(app, "KeyBar")
            assert "0-5 Grade" in keys and "Show answer" not in keys
            assert "0 blank" in keys  # the legend now explains the grades

            await pilot.press("5")
            assert next(key for key in bar.keys if key.description == "Undo").enabled
            await pilot.click(KeyBar, offset=key_position(app, "u Undo"))
            assert store.event_count() == 2 and store.record("t", "c1") is None  # the click undid the grade
            assert card_of(app) == Card("new · basic · t\n\nQuestion 1", None)


async def test_the_key_bar_packs_keys_onto_more_lines_when_narrow(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(30, 24)) as pilot:
            await pilot.press("space")
            lines = text_of(app, "KeyBar").split("\n")
            assert all(len(line) <= 30 for line in lines)
            keys = " ".join(lines)
            for label in ("0-5 Grade", "e Edit", "? Help", "q End"):
                assert label in keys  # none cut off, none split
            assert app.screen.query_one(KeyBar).size.height == len(lines)


async def test_help_lists_the_screen_keys_and_the_grade_scale(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            keys = text_of(app, "#keys")
            assert "Take back the last grade" in keys and "Open the deck file in $EDITOR" in keys
            assert "wrong, but recognised on seeing the answer" in text_of(app, "#scale")
            await pilot.press("escape")
            assert isinstance(app.screen, ReviewScreen)


async def test_long_answers_scroll(tmp_path: Path) -> None:
    long_back = " ".join(f"word{i}" for i in range(600))
    runtime = make_runtime(
        [write_deck(tmp_path, cards=f"  - {{id: long, type: basic, front: Q, back: '{long_back}'}}\n")]
    )
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space")
            card = app.screen.query_one(CardView)
            assert card.max_scroll_y > 0
            assert "word599" not in app.export_screenshot()
            await pilot.press("end")
            assert card.scroll_y > 0
            screen = app.export_screenshot().replace("&#160;", " ")
            assert "word599" in screen
            top, keys = app.screen.query_one(TopBar).region, app.screen.query_one(KeyBar).region
            assert (top.y, top.width, keys.bottom, keys.width) == (0, 80, 24, 80)  # the bars stay put, full width
            # The rule spans the card beside its scrollbar: 80 columns less padding (2 + 2) and scrollbar (2).
            assert "─" * 74 in card.content.plain and "─" * 75 not in card.content.plain


def test_no_color_is_respected(tmp_path: Path) -> None:
    """Textual reads NO_COLOR itself; the app must not force colours back on."""
    assert os.environ.get("NO_COLOR") == "1"  # set for every test in conftest
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from pathlib import Path\n"
        "from support.tui import make_runtime, open_store, review_app, write_deck\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "runtime = make_runtime([write_deck(folder)])\n"
        "async def main():\n"
        "    with open_store(runtime, folder) as store:\n"
        "        app = review_app(runtime, store)\n"
        "        async with app.run_test() as pilot:\n"
        "            print(app.no_color)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    assert done.stdout.strip() == "True", done.stderr


async def test_every_built_in_theme_renders_the_review(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space")
            themes = sorted(app.available_themes)
            assert len(themes) > 5
            for theme in themes:
                app.theme = theme
                await pilot.pause()
                assert card_of(app).answer == "Answer 1"
                app.export_screenshot()  # renders every widget with the theme's variables


async def test_ctrl_c_quits_with_grades_saved(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "5", "ctrl+c")
            await pilot.pause()
        assert not app.is_running and app.return_code == 0
        assert store.event_count() == 1


async def test_editing_a_bundled_deck_edits_a_copy_in_the_user_folder(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support.cli import BUNDLED_DECKS

    bundled = BUNDLED_DECKS / "mesa-quiz.yaml"
    original = bundled.read_bytes()
    fake_editor(
        tmp_path, monkeypatch, 'echo "$2" > "$(dirname "$0")/edited"\nsed -i \'s/^title: .*/title: My quiz/\' "$2"\n'
    )
    runtime = make_runtime([bundled])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            assert app.screen.session.decks[0].title == "My quiz"  # type: ignore[attr-defined]
    copy = isolated_home / "data" / "decks" / "mesa-quiz.yaml"
    assert (tmp_path / "edited").read_text().strip() == str(copy)
    assert bundled.read_bytes() == original
    assert b"title: My quiz" in copy.read_bytes()
