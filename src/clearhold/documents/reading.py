"""A plain-English check on letters to residents: sentence length and reading age.

What it measures is what it cites. GOV.UK's content design guidance (“Writing for GOV.UK”,
www.gov.uk/guidance/content-design/writing-for-gov-uk) asks for short sentences (check any of
more than 25 words) and plain English that people with a reading age of 9 understand, the
Government Digital Service's standard for everything written to the public. We hold letters to
an average of at most 15 words a sentence and to that reading age: residents reading a letter
about a closure include people with low literacy and people reading English as a second
language.

The reading age is estimated with the Automated Readability Index, as the ``textstat`` package
computes it (characters per word and words per sentence). ARI gives a US school grade; its
band for a score ``n`` (rounded up) is ages ``n + 4`` to ``n + 5``, and we take the youngest
age of the band. ARI needs no pronouncing dictionary, so the check never downloads one (the
syllable-based formulas of ``textstat`` fetch NLTK's CMU dictionary at first use).

The check reads the words a resident will see: markup and template tags removed, each
paragraph, heading, list item and table cell a sentence of its own. On a template (an adapted
letter at upload) a placeholder counts as one short word; a rendered letter is measured as it
is. It warns and does not block: a council may need a long legal sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import textstat

LONGEST_SENTENCE = 25
LONGEST_AVERAGE = 15
READING_AGE = 9
SHORTEST_UNPUNCTUATED = 8
_ENDS = (".", "!", "?", ":")

_TAGS = re.compile(r"<[^>]+>")
_BLOCKS = re.compile(r"{%.*?%}|{#.*?#}", re.S)
_PLACEHOLDER = re.compile(r"{{.*?}}", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|<br\s*/?>|</(?:p|li|h\d|td|th)>", re.I)
_WORD = re.compile(r"[\w’'£%-]+")
# A UK telephone number or postcode: an unpunctuated line holding one is contact details.
_CONTACT = re.compile(r"\b0\d{2,4}[ \d]{5,}\d\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_ENTITIES = {"&amp;": "&", "&nbsp;": " ", "&#39;": "'", "&quot;": '"', "&lt;": "<", "&gt;": ">"}


@dataclass(frozen=True)
class ReadingCheck:
    sentences: int
    average_words: float
    long_sentences: list[tuple[int, str]]  # (words, the sentence's opening)
    reading_age: int

    def warnings(self) -> list[str]:
        found = [
            f"A sentence of {words} words (keep to {LONGEST_SENTENCE}): “{opening}…”"
            for words, opening in self.long_sentences
        ]
        if self.average_words > LONGEST_AVERAGE:
            found.append(
                f"Sentences average {self.average_words:.1f} words "
                f"(GOV.UK: {LONGEST_AVERAGE} or fewer)."
            )
        if self.reading_age > READING_AGE:
            found.append(
                f"The letter needs a reading age of about {self.reading_age} "
                f"(GOV.UK: {READING_AGE}). Use shorter words and sentences."
            )
        return found


def sentences_of(html: str) -> list[list[str]]:
    """The words of each sentence a reader sees in rendered ``html``.

    A sentence ends with a full stop, question mark, exclamation mark or colon, or is any run
    of at least ``SHORTEST_UNPUNCTUATED`` words (a long line without a full stop is still read
    as one). Shorter unpunctuated runs are labels, not sentences: a heading, an address line,
    a list item, a date, a sign-off. Counting them would flatter the average. An unpunctuated
    line with a telephone number or a postcode is contact details, not prose, whatever its
    length: a reader looks it up rather than reads it."""
    text = _SENTENCE_END.sub("\n\n", html)
    text = _TAGS.sub(" ", text)
    for entity, character in _ENTITIES.items():
        text = text.replace(entity, character)
    found = []
    for run in re.split(r"\n\s*\n", text):
        words = _WORD.findall(run)
        prose = len(words) >= SHORTEST_UNPUNCTUATED and not _CONTACT.search(run)
        if words and (run.rstrip().endswith(_ENDS) or prose):
            found.append(words)
    return found


def reading_age(sentences: list[list[str]]) -> int:
    """The youngest reading age of the ARI band of ``sentences`` (0 for no words)."""
    if not sentences:
        return 0
    text = " ".join(" ".join(words) + "." for words in sentences)
    score = textstat.automated_readability_index(text)
    return max(math.ceil(score), 1) + 4


def text_check(html: str) -> ReadingCheck:
    """Sentence lengths and reading age of rendered ``html`` (a letter as a resident gets it)."""
    sentences = sentences_of(html)
    lengths = [len(words) for words in sentences]
    long = [(len(w), " ".join(w[:8])) for w in sentences if len(w) > LONGEST_SENTENCE]
    average = sum(lengths) / len(lengths) if lengths else 0.0
    return ReadingCheck(
        sentences=len(lengths),
        average_words=average,
        long_sentences=long,
        reading_age=reading_age(sentences),
    )


def reading_check(template: str) -> ReadingCheck:
    """Sentence lengths and reading age of the text a template shows its reader."""
    text = _BLOCKS.sub(" ", template)
    return text_check(_PLACEHOLDER.sub(" place ", text))
