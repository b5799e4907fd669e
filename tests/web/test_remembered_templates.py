"""The remembered ``{% url %}`` and ``|date`` (template builtins) answer exactly as Django's."""

import datetime as dt
import zoneinfo

import pytest
from django.template import defaultfilters, engines
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse, set_script_prefix
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.functional import Promise

from clearhold.toolkit import addresses
from clearhold.toolkit.addresses import address


def _render(source: str, **values) -> str:
    return engines["django"].from_string(source).render(values)


def test_the_url_tag_prints_django_s_address_and_is_remembered():
    addresses._reversed.cache_clear()
    first = _render("{% url 'problems:meeting' 7 12 %}")
    again = _render("{% url 'problems:meeting' pk 12 %}", pk=7)
    assert first == again == reverse("problems:meeting", args=[7, 12])
    assert addresses._reversed.cache_info().hits == 1


def test_the_url_tag_keeps_as_var_and_its_errors():
    assert _render("{% url 'problems:detail' 3 as there %}[{{ there }}]") == "[/problems/3/]"
    assert _render("{% url 'no-such-page' as there %}[{{ there }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no-such-page' %}")
    with pytest.raises(NoReverseMatch):  # a failure is not remembered as an answer
        _render("{% url 'no-such-page' %}")


def test_an_address_follows_the_script_prefix():
    try:
        set_script_prefix("/clearhold/")
        assert address("problems:detail", args=[4]) == "/clearhold/problems/4/"
    finally:
        set_script_prefix("/")
    assert address("problems:detail", args=[4]) == "/problems/4/"


def test_arguments_other_than_plain_numbers_and_text_go_to_reverse(monkeypatch):
    asked = []
    monkeypatch.setattr(addresses, "reverse", lambda *a, **k: asked.append(a) or "/x/")

    class Number(int):
        def __str__(self) -> str:
            return "other"

    assert address("problems:detail", args=[Number(4)]) == "/x/"
    assert address("problems:detail", args=[True]) == "/x/"
    assert len(asked) == 2


@pytest.mark.parametrize("fmt", ['"j M Y"', '"j F Y"', '"l j F Y"', ""])
def test_the_date_filter_prints_django_s_text_for_a_date(fmt):
    day = dt.date(2025, 5, 7)
    source = "{{ day|date%s }}" % (":" + fmt if fmt else "")
    django_text = defaultfilters.date(day, fmt.strip('"') or None)
    assert _render(source, day=day) == django_text


def test_the_date_filter_follows_the_language():
    day = dt.date(2025, 5, 7)
    with translation.override("en-gb"):
        english = _render('{{ day|date:"F" }}', day=day)
    with translation.override("fr"):
        french = _render('{{ day|date:"F" }}', day=day)
    assert english == "May"
    assert french == "mai"


def test_times_and_empty_values_go_to_django_s_filter():
    london = zoneinfo.ZoneInfo("Europe/London")
    # 01:30 on 26 October 2025 happened twice in London: the fold tells them apart.
    first = dt.datetime(2025, 10, 26, 1, 30, tzinfo=london)
    second = first.replace(fold=1)
    assert _render("{{ t|date:'U' }}", t=first) != _render("{{ t|date:'U' }}", t=second)
    assert _render('{{ t|date:"j M Y" }}', t=None) == ""


def test_an_address_is_the_one_of_the_url_configuration_in_force():
    """``ROOT_URLCONF`` overridden (``get_urlconf()`` still None): reverse reads the new one."""
    assert address("problems:detail", args=[5]) == "/problems/5/"
    with override_settings(ROOT_URLCONF="tests.web.other_urls"):
        assert address("problems:detail", args=[5]) == "/elsewhere/5/"


def _language_bound(patterns) -> list[str]:
    """The patterns whose address depends on the active language (a language prefix or a
    translated route), walking the includes."""
    found = []
    for entry in patterns:
        pattern = entry.pattern
        route = getattr(pattern, "_route", getattr(pattern, "_regex", ""))
        if isinstance(pattern, LocalePrefixPattern) or isinstance(route, Promise):
            found.append(str(entry))
        if isinstance(entry, URLResolver):
            found += _language_bound(entry.url_patterns)
    return found


def test_no_address_depends_on_the_language():
    """The remembered addresses leave the active language out of their key: sound only while
    no route is translated or under ``i18n_patterns`` (else add ``get_language()`` to it)."""
    with override_settings(ROOT_URLCONF="tests.web.other_urls"):  # the walk finds one
        assert _language_bound(get_resolver().url_patterns) == [str(get_resolver().url_patterns[1])]
    assert _language_bound(get_resolver().url_patterns) == []


def test_arguments_given_as_an_iterator_are_the_address_s_arguments():
    """An iterator is read once: the plain-type check must not leave the key without them."""
    given = (n for n in (7, 12))
    assert address("problems:meeting", args=given) == reverse("problems:meeting", args=[7, 12])
