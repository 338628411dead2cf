"""The course `mesadrill new --course` writes: two lessons, every field explained, and a deck for them."""

from __future__ import annotations

STARTER_COURSE = """\
# A mesadrill course. Check it with: mesadrill lint {folder}
# The format is described in mesadrill's docs/course-format.md; `mesadrill schema --course`
# prints a JSON Schema for editor completion.
course: {course_id}            # stable id; quiz scores are keyed by it
title: {title}
description: What the course teaches, in two or three sentences.
days: 10                       # optional pace: "Day N of 10" on the course map
lessons:
  - id: first-lesson           # stable: edit the text freely, keep the id
    title: The first lesson
    summary: One line shown on the course map.
    reading: {course_id}/01-first-lesson.md   # a Markdown file beside this one (or inline text)
    covers:
      - What the first lesson covers
    key_terms:                 # DECK:CARD cards that define the lesson's terms
      - {deck_id}:first-term
    cards:                     # decks and DECK:CARD cards whose items belong to the lesson
      - {deck_id}:first-term
      - {deck_id}:first-choice
    quiz:                      # optional; defaults shown
      questions: 15
      pass: 80
    related:
      - second-lesson
  - id: second-lesson
    title: The second lesson
    summary: New cards of this lesson wait until the first lesson's quiz is passed.
    reading: |
      # The second lesson

      ## A heading

      Inline Markdown works too; `mesadrill ask` finds passages by their ## headings.
    cards:
      - {deck_id}:second-term
"""

STARTER_READING = """\
# The first lesson

## What this is about

Write the lesson in Markdown. Split it with ## headings: each section is a
passage `mesadrill ask` can find.
"""

STARTER_DECK = """\
# The cards of the starter course. Check it with: mesadrill lint {folder}
deck: {deck_id}
title: Cards for {title}
description: The cards the starter course's lessons refer to.
cards:
  - id: first-term
    type: basic
    front: What does the first lesson's key term mean?
    back: Its definition
  - id: first-choice
    type: choice
    question: Which of these is right?
    choices: [This one, That one]
    answer: This one
    explanation: Why it is right.
  - id: second-term
    type: cloze
    text: The second lesson's {{{{key fact}}}}.
"""
