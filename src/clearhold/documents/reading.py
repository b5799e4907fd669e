"""A plain-English check on letter templates: sentence length.

GOV.UK's content guidance asks for sentences of no more than 25 words and an average around
15; residents reading a letter about a closure order include people with low literacy and
people reading English as a second language. The check reads the words a resident will see
(markup and template tags removed; a placeholder counts as one word) and warns — it does not
block, because a council may need a long legal sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONGEST_SENTENCE = 25
LONGEST_AVERAGE = 20

_TAGS = re.compile(r"<[^>]+>")
_BLOCKS = re.compile(r"{%.*?%}|{#.*?#}", re.S)
_PLACEHOLDER = re.compile(r"{{.*?}}", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|</(?:p|li|h\d|td|th)>", re.I)
_WORD = re.compile(r"[\w’'£%-]+")


@dataclass(frozen=True)
class ReadingCheck:
    sentences: int
    average_words: float
    long_sentences: list[tuple[int, str]]  # (words, the sentence's opening)

    def warnings(self) -> list[str]:
        found = [
            f"A sentence of {words} words (keep to {LONGEST_SENTENCE}): “{opening}…”"
            for words, opening in self.long_sentences
        ]
        if self.average_words > LONGEST_AVERAGE:
            found.append(
                f"Sentences average {self.average_words:.1f} words "
                f"(aim for {LONGEST_AVERAGE} or fewer)."
            )
        return found


def reading_check(template: str) -> ReadingCheck:
    """Sentence lengths of the text a template shows its reader."""
    text = _BLOCKS.sub(" ", template)
    text = _PLACEHOLDER.sub(" placeholder ", text)
    text = _SENTENCE_END.sub("\n\n", text)
    text = _TAGS.sub(" ", text)
    lengths: list[int] = []
    long: list[tuple[int, str]] = []
    for sentence in re.split(r"\n\s*\n", text):
        words = _WORD.findall(sentence)
        if not words:
            continue
        lengths.append(len(words))
        if len(words) > LONGEST_SENTENCE:
            long.append((len(words), " ".join(words[:8])))
    average = sum(lengths) / len(lengths) if lengths else 0.0
    return ReadingCheck(sentences=len(lengths), average_words=average, long_sentences=long)
