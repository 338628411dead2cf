"""The SM-2 quality of an answer, 0-5: its meanings, and the grades suggested for a choice."""

from __future__ import annotations

from enum import IntEnum


class Quality(IntEnum):
    """The SM-2 quality of a response, with the meanings shown to the learner."""

    BLACKOUT = 0
    WRONG_RECOGNISED = 1
    WRONG_EASY_RECALL = 2
    HARD = 3
    HESITANT = 4
    PERFECT = 5

    @property
    def meaning(self) -> str:
        """The full meaning, as the help and the plain mode show it."""
        return _MEANINGS[self]

    @property
    def short(self) -> str:
        """Two words or fewer, for a key bar."""
        return _SHORT[self]


_MEANINGS = {
    Quality.BLACKOUT: "complete blackout",
    Quality.WRONG_RECOGNISED: "wrong, but recognised on seeing the answer",
    Quality.WRONG_EASY_RECALL: "wrong, but the answer seemed easy to recall",
    Quality.HARD: "right, with serious difficulty",
    Quality.HESITANT: "right, after hesitation",
    Quality.PERFECT: "perfect",
}
_SHORT = {
    Quality.BLACKOUT: "blank",
    Quality.WRONG_RECOGNISED: "wrong, familiar",
    Quality.WRONG_EASY_RECALL: "wrong, easy",
    Quality.HARD: "hard",
    Quality.HESITANT: "hesitant",
    Quality.PERFECT: "perfect",
}

GRADE_LEGEND = "  ".join(f"{q.value} {q.meaning}" for q in Quality)
"""Every grade with its meaning on one line, for line-based prompts."""

FSRS_RATINGS = {0: "Again", 1: "Again", 2: "Again", 3: "Hard", 4: "Good", 5: "Easy"}
"""What each grade tells FSRS (scheduler = "fsrs"): Anki's four answer buttons."""
FSRS_LEGEND = "0 1 2 Again (forgot)  3 Hard  4 Good  5 Easy  (FSRS)"


def grade_legend(fsrs: bool = False) -> str:
    """The grades on one line for line-based prompts, as the scheduler in use reads them."""
    return FSRS_LEGEND if fsrs else GRADE_LEGEND


RIGHT_CHOICE_GRADE = Quality.HESITANT
WRONG_CHOICE_GRADE = Quality.WRONG_RECOGNISED


def suggested_choice_grade(right: bool) -> Quality:
    """Picking the right choice is recall with a hint: 4. A wrong pick, recognised: 1."""
    return RIGHT_CHOICE_GRADE if right else WRONG_CHOICE_GRADE
