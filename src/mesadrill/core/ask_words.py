"""The words of a question for ``ask``: stop words, a small thesaurus, and a Porter-like stemmer.

Pure text functions, no IO; ``study.ask`` turns their output into an FTS5 query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "even",
        "ever",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "got",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'd",
        "i'm",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "really",
        "same",
        "she",
        "should",
        "shouldn't",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "thing",
        "things",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "wasn't",
        "we",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "anyone",
        "anything",
        "actually",
        "someone",
        "something",
        "tell",
        "called",
        "call",
        "say",
        "says",
        "said",
        "does",
        "did",
        "thing",
        "kind",
    ]
)
# Everyday words a learner asks with, and the words readings tend to use for the same thing.
# General English, not one course's vocabulary: each question word also looks for these.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "words": ("terms", "vocabulary", "term"),
    "word": ("term", "vocabulary"),
    "came": ("comes", "coined"),
    "invented": ("coined", "introduced"),
    "located": ("found", "pointed"),
    "discovered": ("found",),
    "discover": ("find", "found"),
    "find": ("located", "found"),
    "rid": ("remove", "removed"),
    "building": ("produce", "produces"),
    "build": ("produce",),
    "plant": ("insert", "inserted", "trained"),
    "planted": ("inserted", "trained", "built"),
    "fool": ("evade", "deceive", "trick"),
    "trick": ("deceive", "evade"),
    "suspect": ("think", "recognise"),
    "everyday": ("normal", "ordinary"),
    "chatbots": ("models",),
    "badly": ("flawed", "poorly"),
    "wrong": ("flawed",),
    "pretend": ("fake", "appear", "faking", "performing"),
    "pretending": ("faking", "appearing"),
    "hide": ("conceal", "hidden"),
    "hides": ("conceals", "hidden"),
    "stop": ("prevent", "remove"),
    "remove": ("eliminate",),
    "zero": ("eliminated",),
    "outcomes": ("cases", "spectrum"),
    "possible": ("spectrum",),
    "thinks": ("reasons",),
    "learning": ("learned", "learns"),
    "shows": ("demonstrates", "evidence"),
    "proof": ("evidence", "shown"),
    "proved": ("shown", "demonstrated"),
    "figure": ("estimate", "number"),
    "figures": ("numbers", "estimates"),
    "percent": ("%",),
    "weight": ("trust",),
    "cheat": ("gaming", "exploit"),
    "cheating": ("gaming", "exploiting"),
    "safe": ("safety",),
    "dangerous": ("risk", "worse"),
    "catch": ("detect", "detection"),
    "spot": ("detect",),
    "fix": ("defence", "defences"),
    "goal": ("objective",),
    "goals": ("objectives",),
    "aim": ("goal", "objective"),
}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def stem(word: str) -> str:
    """A small Porter-like stemmer, for telling which of the question's words a passage matched.

    FTS5's own Porter stemmer does the matching; this only has to agree with
    it well enough to count words, so it strips the common English endings.
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("fulness", "ful"),
        ("iveness", "ive"),
        ("ously", "ous"),
        ("ities", ""),
        ("ments", ""),
        ("ement", ""),
        ("ment", ""),
        ("ness", ""),
        ("ings", ""),
        ("ing", ""),
        ("ied", "y"),
        ("ies", "y"),
        ("ers", ""),
        ("er", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
        ("e", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def query_terms(question: str) -> list[str]:
    """The question's words that carry meaning: no stop words, each once, in order."""
    terms: list[str] = []
    for match in _WORD.finditer(question):
        word = match.group().lower().replace("’", "'")
        if word in STOP_WORDS or len(word) < 2:
            continue
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
        if word and word not in terms:
            terms.append(word)
    return terms


def expanded(terms: Iterable[str]) -> dict[str, str]:
    """Each word to look for, mapped to the question's word it stands for (itself or a synonym's source)."""
    found: dict[str, str] = {}
    for term in terms:
        found.setdefault(term, term)
        for other in SYNONYMS.get(term, ()):
            if _WORD.fullmatch(other):
                found.setdefault(other, term)
    return found
