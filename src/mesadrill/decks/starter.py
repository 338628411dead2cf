"""The deck `mesadrill new` writes: one card of every type, each field explained."""

from __future__ import annotations

import re

STARTER = """\
# A mesadrill deck. Check it with: mesadrill lint {filename}
# The format is described in mesadrill's docs/deck-format.md; `mesadrill schema`
# prints a JSON Schema for editor completion.
deck: {deck_id}                 # stable id; review history is keyed by it
title: {title}
description: What this deck teaches, in a sentence or two.
tags: [example]
cards:
  # basic: front and back; reverse: true also asks back -> front.
  - id: capital-of-france       # stable: edit the text freely, keep the id
    type: basic
    front: What is the capital of France?
    back: Paris
    reverse: true
    source: Any atlas

  # cloze: each {{{{...}}}} is blanked in turn. {{{{c2::answer::hint}}}} numbers
  # a deletion (numbers keep ids stable when you add more) and gives a hint.
  - id: sm2-first-intervals
    type: cloze
    text: In SM-2 the first two intervals are {{{{c1::1 day}}}} and {{{{c2::6 days::a number of days}}}}.
    source: Wozniak, SuperMemo 2 (1987)

  # choice: the answer must be one of the choices, exactly as written.
  - id: claim-column
    type: choice
    question: "Claim: this tool shows card text literally, even [bold]markup[/bold]. Which kind of claim?"
    choices:
      - theory
      - demonstrated behaviour
      - open question
    answer: demonstrated behaviour
    explanation: You can see it for yourself when this card is shown.

  # interview: answer aloud or typed against the clock, then tick the key points.
  - id: tell-me-about-yourself
    type: interview
    prompt: Tell me about a project you are proud of.
    answer: |
      Situation, task, action, result: what the project was for, what I
      owned, the hardest decision I made, and what changed because of it.
    key_points:
      - the situation and why it mattered
      - what I personally owned
      - a hard decision and its trade-off
      - a measurable result
    time_limit: 120
    follow_ups:
      - What would you do differently?
    pitfalls:
      - Says "we" throughout, so the interviewer cannot tell what you did.
"""


def deck_id_from(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:64].strip("-")
    return slug or "my-deck"


def starter_deck(filename: str, stem: str) -> str:
    deck_id = deck_id_from(stem)
    title = deck_id.replace("-", " ").capitalize()
    return STARTER.format(filename=filename, deck_id=deck_id, title=title)
