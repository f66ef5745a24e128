"""Language strings: any BCP 47 language, names, and "all languages except …"."""

from __future__ import annotations

import pytest

from catalog.language_strings import (
    LanguageStringError,
    all_languages,
    describe_languages,
    parse_languages,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja, ko, fr", ("fr", "ja", "ko")),
        ("Japanese, Korean, French", ("fr", "ja", "ko")),
        ("zh-Hant, pt-BR", ("pt-br", "zh-hant")),
        ("Simplified Chinese / Cantonese", ("yue", "zh-hans")),
        ("Malay + Greek + Persian", ("el", "fa", "ms")),
        ("vi", ("vi",)),
        ("tlh", ("tlh",)),
    ],
)
def test_any_language_is_listable(text, expected):
    assert parse_languages(text).languages == expected


@pytest.mark.parametrize("text", ["L ex en", "all languages except en", "ALL excluding English"])
def test_all_languages_except(text):
    parsed = parse_languages(text)

    assert "en" not in parsed.languages
    assert {"ja", "ko", "fr", "th", "zh-hans", "zh-hant", "fil"} <= set(parsed.languages)
    assert len(parsed.languages) == len(all_languages()) - 1
    assert parsed.written == "L ex en"


def test_excluding_a_language_excludes_its_script_and_regional_forms():
    parsed = parse_languages("L ex zh")

    assert not {"zh", "zh-hans", "zh-hant"} & set(parsed.languages)
    assert "ja" in parsed.languages


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("", ""),
        ("ja, xx-??", "xx-??"),
        ("Elvish", "Elvish"),
        ("L ex", "ex"),
        ("ex en", "ex"),
        ("ja ex en", "en"),
        ("en ex en", "en ex en"),
    ],
)
def test_each_error_names_the_token(text, token):
    with pytest.raises(LanguageStringError) as caught:
        parse_languages(text)

    assert [error.token for error in caught.value.errors] == [token]


@pytest.mark.parametrize("text", ["L ex en", "L ex en, fr", "ja, ko", "L", "L, yue ex de"])
def test_stored_languages_are_described_back(text):
    languages = parse_languages(text).languages

    described = describe_languages(languages)

    assert parse_languages(described).languages == languages
    assert len(described) <= len(text) + 4
