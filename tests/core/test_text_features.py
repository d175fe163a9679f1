"""What is left of a note's text to compare: the words that carry its idea."""

from __future__ import annotations

import pytest

from app.core.text_features import fold, text_features, theme_features, trim_ending


def words(text: str) -> tuple[str, ...]:
    return text_features(text).words


def test_case_punctuation_and_filler_words_go():
    assert words("Maybe we could OFFER a callback, please!") == ("offer", "callback")


def test_accents_go_from_latin_letters_only():
    assert fold("Réunion à Zürich") == "reunion a zurich"
    # A Japanese voiced mark is part of the letter: が is not か.
    assert fold("が") == "が"


@pytest.mark.parametrize(
    ("written", "trimmed"),
    [("tickets", "ticket"), ("adding", "add"), ("shipping", "ship"), ("called", "call")],
)
def test_plural_and_verb_endings_are_trimmed(written: str, trimmed: str):
    assert trim_ending(written) == trimmed


def test_number_words_become_digits_in_every_listed_language():
    assert words("two weeks") == words("2 weeks")
    assert words("zwei Wochen") == words("2 Wochen")
    assert words("by the fifth") == words("by the 5th")
    assert text_features("提前两天").words == ("2",)
    assert text_features("二十四小时").words == ("24",)


def test_negations_stay_they_flip_an_idea():
    assert "no" in words("No remote work on Fridays")
    assert "dont" in words("Don't charge a fee")
    assert "without" in words("Ship without a signature")


def test_french_elisions_part_two_words():
    assert words("L'équipe n'envoie pas") == ("equipe", "envoie", "pas")


def test_words_written_apart_are_also_joined():
    features = text_features("QR code on every invoice")
    assert ("qrcode", ("qr", "code")) in features.joined
    assert ("email", ("mail",)) in text_features("e-mail").joined


def test_scripts_without_spaces_become_characters_and_pairs():
    features = text_features("保留音の代わりに")
    # Hiragana part the runs, the way spaces part words.
    assert features.glyphs == ("保", "留", "音", "保留", "留音", "代")
    assert features.words == ()


def test_a_mixed_note_keeps_its_latin_words_and_its_characters():
    features = text_features("FAQページを作る")
    assert features.words == ("faq",)
    assert "ペー" in features.glyphs


def test_digits_int_cannot_read_are_no_crash():
    # An Ethiopic digit is a digit to isdigit() and nothing to int(); ² folds to 2.
    assert text_features("step ፩ and ²").words == ("step", "2")


def test_a_theme_is_not_made_of_negations_numbers_or_filler_words():
    said = "Nobody makes 2 invoices before the first delivery, never without a PO number"
    assert {"nobody", "before", "1st", "never", "without", "2", "make"} <= set(words(said))
    features = theme_features(said)
    assert features.words == ("invoice", "delivery", "po", "number")
    assert features.spellings == ("invoices", "delivery", "po", "number")
    assert all(set(parts) <= set(features.words) for _, parts in features.joined)
    assert ("qrcode", ("qr", "code")) in theme_features("QR code on the parcel").joined
