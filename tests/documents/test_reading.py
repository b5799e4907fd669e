"""The plain-English reading check and the placeholder check of templates, by example and by
property (any template of short sentences passes; one long sentence always warns; any name a
document does not supply is reported by that name)."""

from __future__ import annotations

import keyword
import string

from hypothesis import given
from hypothesis import strategies as st

from clearhold.documents.reading import (
    LONGEST_AVERAGE,
    LONGEST_SENTENCE,
    reading_check,
    sentences_of,
)
from clearhold.documents.templating import ListOf, Obj, check_template

WORD = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8)
JINJA_WORDS = {"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "loop"}
PLACEHOLDERS = {
    "reference": None,
    "unit": Obj.of("name", "address_lines"),
    "closures": ListOf(Obj.of("premises")),
}


def sentence(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


def short_sentences(longest: int = LONGEST_SENTENCE):
    return st.lists(st.lists(WORD, min_size=1, max_size=longest), min_size=1, max_size=12)


def test_words_are_counted_in_what_the_reader_sees():
    check = reading_check(
        "<h1>Your home</h1>\n<p>We wrote to {{ unit.name }} on {{ date }}.</p>"
        "{% for x in closures %}<p>{{ x.premises }} is closed.</p>{% endfor %}"
        "<ul><li>One</li><li>Two words</li></ul>"
    )
    # The heading and the two list items are labels, not sentences: only the punctuated
    # paragraphs count (a placeholder is one word).
    assert check.sentences == 2
    assert check.long_sentences == []
    assert check.average_words == (6 + 3) / 2


def test_an_unpunctuated_run_of_eight_words_or_more_is_still_a_sentence():
    check = reading_check("<ul><li>one two three four five six seven eight</li><li>Short</li></ul>")
    assert (check.sentences, check.average_words) == (1, 8)


def test_a_long_sentence_is_named_by_its_opening():
    long = "<p>" + sentence([f"w{n}" for n in range(30)]) + " Short one.</p>"
    check = reading_check(long)
    assert check.long_sentences == [(30, "W0 w1 w2 w3 w4 w5 w6 w7")]
    assert check.warnings()[0].startswith("A sentence of 30 words (keep to 25)")


def test_an_empty_template_has_nothing_to_warn_about():
    check = reading_check("{% if x %}{% endif %}<br>")
    assert (check.sentences, check.average_words, check.warnings()) == (0, 0.0, [])


@given(short_sentences())
def test_sentences_of_25_words_or_fewer_never_warn_of_length(sentences):
    template = "".join(f"<p>{sentence(words)}</p>\n" for words in sentences)
    check = reading_check(template)
    assert check.long_sentences == []
    assert check.sentences == len(sentences)


@given(short_sentences(longest=LONGEST_AVERAGE), st.lists(WORD, min_size=26, max_size=80))
def test_one_long_sentence_always_warns(sentences, long):
    template = "".join(f"<p>{sentence(words)}</p>" for words in sentences)
    template += f"<p>{sentence(long)}</p>"
    check = reading_check(template)
    assert [words for words, _ in check.long_sentences] == [len(long)]
    assert f"A sentence of {len(long)} words" in check.warnings()[0]


@given(st.lists(st.lists(WORD, min_size=LONGEST_AVERAGE + 1, max_size=25), min_size=1, max_size=6))
def test_long_sentences_on_average_warn_even_when_none_is_too_long(sentences):
    check = reading_check(" ".join(sentence(words) for words in sentences))
    assert check.long_sentences == []
    assert any(w.startswith("Sentences average") for w in check.warnings())


def _name():
    return WORD.filter(
        lambda n: n not in PLACEHOLDERS and n not in JINJA_WORDS and not keyword.iskeyword(n)
    )


@given(_name())
def test_any_name_the_document_does_not_supply_is_named(name):
    check = check_template(f"<p>{{{{ reference }}}} {{{{ {name} }}}}</p>", PLACEHOLDERS)
    assert not check.ok
    assert any(f"{{{{ {name} }}}}" in error for error in check.errors)
    assert not any("{{ reference }}" in error for error in check.errors)


@given(WORD.filter(lambda f: f not in {"name", "address_lines"}))
def test_any_field_the_object_does_not_have_is_named(field):
    check = check_template(f"{{{{ unit.name }}}} {{{{ unit.{field} }}}}", PLACEHOLDERS)
    assert any(f"{{{{ unit.{field} }}}}" in error for error in check.errors)
    assert not any("{{ unit.name }}" in error for error in check.errors)


@given(st.sampled_from(["reference", "unit.name", "unit.address_lines"]), _name())
def test_supplied_names_and_loop_variables_pass(known, loop_name):
    source = (
        f"{{{{ {known} }}}}{{% for {loop_name} in closures %}}{{{{ {loop_name}.premises }}}}"
        "{{ loop.index }}{% endfor %}"
    )
    assert check_template(source, PLACEHOLDERS).errors == []


def test_a_required_placeholder_left_out_is_named_with_why():
    check = check_template("{{ reference }}", PLACEHOLDERS, {"unit": "every letter needs one."})
    assert check.errors == ["The template leaves out {{ unit }}: every letter needs one."]


def test_a_contact_line_is_looked_up_not_read_as_a_sentence():
    """An unpunctuated line with a telephone number or postcode is contact details: long
    words like "Cambridgeshire" in an address must not raise the letter's reading age."""
    contact = (
        "<p>Fenland District Council Housing Options, 01354 654321, Fenland Hall, County Road, "
        "March, Cambridgeshire PE15 8NQ</p>"
    )
    prose = "<p>We will patrol the open space every evening for the next month.</p>"
    assert sentences_of(contact + prose) == sentences_of(prose)
    long_label = "<p>" + " ".join(["word"] * 9) + "</p>"
    assert len(sentences_of(long_label)) == 1  # a long line without a number is still read
