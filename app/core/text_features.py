"""What a note's text says, reduced to the words that carry its idea.

The similarity of two notes (``app.core.similarity``) is computed over these features,
never over the raw text: case, punctuation, accents, number words, plural and verb
endings and filler words ("maybe we could…") are what differ between two people
calling out the same idea, so they are taken away first.

Scripts written without spaces (Chinese, Japanese) have no words to split on. Their
runs of ideographs and katakana become overlapping character pairs and single
characters; hiragana and the commonest Chinese particles separate runs, the way spaces
separate words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_STOP_WORDS_BY_LANGUAGE = {
    "en": """a an the and or but of to in on at for from by with as into onto via per
        is are was were be been being am do does did done have has had will would shall
        should could can may might must let lets us we our ours you your i me my it its
        they them their this that these those there here so very just also too really
        maybe perhaps please some any all more much many each every other such own
        idea ideas suggestion how what which who whom when where why while if then than
        about up out over again get got make made use using used""",
    "de": """der die das den dem des ein eine einen einem einer eines und oder aber zu im
        ins am vom zum zur mit von für fur auf aus bei als wir uns unser unsere ihr sie es
        ist sind war waren sein werden wird wurde haben hat hatte kann können konnen
        könnten konnten sollten sollte mal doch noch auch bitte vielleicht jeder jede
        jedes""",
    "fr": """le la les l un une des du de d et ou mais à a au aux en dans sur par pour
        avec nous notre nos vous votre est sont être etre avoir ont peut pouvons pourrait
        pourrions devrait devrions on ce cette ces qui que qu se sa son ses leur leurs
        peutetre svp stp""",
    "es": """el la los las un una unos unas y o pero de del al en con por para sobre
        nosotros nuestro nuestra nuestros es son ser estar podemos podríamos podriamos
        deberíamos deberiamos quizás quizas tal vez lo se su sus que""",
    "pt": """o a os as um uma uns umas e ou mas de do da dos das na nas em com por para
        pelo pela nós nosso nossa é são ser estar podemos poderíamos poderiamos devemos
        deveríamos deveriamos talvez seu sua""",
    "nl": """de het een en of maar van voor met op in aan bij uit naar wij we ons onze is
        zijn was waren worden wordt kan kunnen zouden zou moeten misschien alsjeblieft
        graag er""",
}
# Words that carry no idea of their own, in any listed language. Negations and words
# of time or order (before, after, without, not, first, last) stay: they flip an idea.
_STOP_WORDS = frozenset(
    word for words in _STOP_WORDS_BY_LANGUAGE.values() for word in words.split()
)

# Number words written as digits, where it is cheap to know them. Words that are also
# articles or other words in a listed language ("un", "once", "ein") are left alone.
_NUMBER_WORDS = {
    **dict.fromkeys(("zero", "null", "zéro", "cero", "nul"), "0"),
    **dict.fromkeys(("two", "zwei", "deux", "dos", "dois", "duas", "twee"), "2"),
    **dict.fromkeys(("three", "drei", "trois", "tres", "três", "drie"), "3"),
    **dict.fromkeys(("four", "vier", "quatre", "cuatro", "quatro"), "4"),
    **dict.fromkeys(("five", "fünf", "funf", "cinq", "cinco", "vijf"), "5"),
    **dict.fromkeys(("six", "sechs", "seis", "zes"), "6"),
    **dict.fromkeys(("seven", "sieben", "sept", "siete", "sete", "zeven"), "7"),
    **dict.fromkeys(("eight", "acht", "huit", "ocho", "oito"), "8"),
    **dict.fromkeys(("nine", "neun", "neuf", "nueve", "nove", "negen"), "9"),
    **dict.fromkeys(("ten", "zehn", "dix", "diez", "dez", "tien"), "10"),
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "thirty": "30",
    "hundred": "100",
    # Ordinals as written with digits ("by the 5th" / "by the fifth").
    "first": "1st",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
}

_CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CJK_DIGITS.update({"七": 7, "八": 8, "九": 9})
# A number in ideographs, when a counter follows it ("两天" is "2天", "二十四小时" "24小时").
_CJK_NUMBER = re.compile(
    r"([一二两兩三四五六七八九十]+)(?=[天日周週月年个個次回小分秒人件台名本枚])"
)

# Chinese function characters that join words rather than carry them.
_CHINESE_PARTICLES = frozenset("的了在是和与给把被也都就吗呢吧啊我们你他她它这那个")

# French and Italian elisions ("l'équipe", "qu'on", "n'envoyez") part two words;
# any other apostrophe inside a word joins it ("don't" is "dont").
_ELISION = re.compile(r"\b(qu|[cdjlmnst])['’](?=\w)")
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)['’](?=\w)")
_WORD = re.compile(r"\w+")
JOINED_WORDS = 32
"""Words written as one are looked for among a note's first 32 words (a sticky note's
idea is said by then; a pasted page would make hundreds)."""


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """The features of one note: its content words and its character pairs."""

    words: tuple[str, ...]
    """Content words, normalised and with their endings trimmed, in order."""
    spellings: tuple[str, ...]
    """Each content word as it was written (folded, endings kept), for typos."""
    glyphs: tuple[str, ...]
    """Character pairs and single characters of runs written without spaces."""
    joined: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Two or three neighbouring words written as one ("e mail" as "email"), each
    with the content words it is made of: "QR code" and "QR-code" then match."""

    @property
    def all(self) -> tuple[str, ...]:
        """Every feature, words first."""
        return self.words + self.glyphs


_LATIN_MARKS = re.compile(r"(?<=[\x00-\u024f])[\u0300-\u036f]+")


def fold(text: str) -> str:
    """The text in one case, with accents taken off Latin letters and width unified."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    # Only Latin letters lose their marks: a Japanese voiced mark changes the word.
    bare = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", bare)


SPACELESS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Scripts written without spaces (hiragana, katakana, CJK ideographs), as a range of a
regular expression's character class."""
_SPACELESS_RUN = re.compile(f"[{SPACELESS}]+")
# Hiragana and Chinese particles part the runs, as spaces part words.
_SEPARATOR_GLYPHS = re.compile("[\u3040-\u309f" + "".join(sorted(_CHINESE_PARTICLES)) + "]+")


def trim_ending(word: str) -> str:
    """The word without a plural or verb ending ("tickets" → "ticket", "adding" → "add")."""
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
        # "shipping" → "shipp" → "ship": the doubled consonant goes with the ending.
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
            word = word[:-1]
        return word
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _glyph_features(run: str) -> list[str]:
    pieces: list[str] = []
    for chunk in _SEPARATOR_GLYPHS.split(run):
        pieces.extend(chunk)
        pieces.extend(map(str.__add__, chunk, chunk[1:]))
    return pieces


def _cjk_number(match: re.Match[str]) -> str:
    value = total = 0
    for char in match.group(1):
        if char == "十":
            total += (value or 1) * 10
            value = 0
        else:
            value = _CJK_DIGITS[char]
    return str(total + value)


def _split_token(token: str) -> tuple[list[str], str]:
    """The Latin words of a token and its run of characters written without spaces."""
    runs = _SPACELESS_RUN.findall(token)
    if not runs:
        return [token], ""
    return [word for word in _SPACELESS_RUN.split(token) if word], "".join(runs)


def text_features(text: str) -> TextFeatures:
    """The content words and character pairs of a note's text."""
    folded = fold(text)
    if not folded.isascii():
        folded = _CJK_NUMBER.sub(_cjk_number, folded)
    if "'" in folded or "’" in folded:
        folded = _APOSTROPHE_IN_WORD.sub("", _ELISION.sub(r"\1 ", folded))
    raw_words: list[str] = []
    glyphs: list[str] = []
    for token in _WORD.findall(folded):
        if token.isascii():
            raw_words.append(token)
            continue
        latin, run = _split_token(token)
        raw_words.extend(latin)
        if run:
            glyphs.extend(_glyph_features(run))
    content = [_content_word(raw) for raw in raw_words]
    words = [pair[0] for pair in content if pair is not None]
    spellings = [pair[1] for pair in content if pair is not None]
    joined: list[tuple[str, tuple[str, ...]]] = []
    joinable = min(len(raw_words), JOINED_WORDS)
    for size in (2, 3):
        for start in range(joinable - size + 1):
            pieces = raw_words[start : start + size]
            if size == 3 and len(pieces[1]) > 3:
                continue  # "out of office" joins up; three long words never do
            parts = content[start : start + size]
            joined.append(
                (
                    trim_ending("".join(pieces)),
                    tuple(part[0] for part in parts if part is not None),
                )
            )
    return TextFeatures(tuple(words), tuple(spellings), tuple(glyphs), tuple(joined))


def _content_word(token: str) -> tuple[str, str] | None:
    """The word's feature and its spelling, or None for a word that carries no idea."""
    token = token.strip("_")
    if not token:
        return None
    if token.isdecimal():  # isdigit() takes superscripts and Ethiopic digits int() refuses
        number = str(int(token)) if len(token) < 12 else token
        return number, number
    if token in _STOP_WORDS:
        return None
    digits = _NUMBER_WORDS.get(token)
    if digits is not None:
        return digits, digits
    if len(token) == 1:
        return None
    return trim_ending(token), token


# Kept in an idea's words because they flip it ("not", "before", "without", "fewer"),
# but no theme is made of them: two notes that both say "never" share no subject.
_THEMELESS_WORDS = """
    not no never nobody nothing none nowhere neither nor without before after last
    always often sometimes instead most least less fewer few lot lots anyone anything
    anybody someone something somebody everyone everything everybody dont doesnt didnt
    cant wont isnt arent wasnt werent shouldnt couldnt wouldnt nicht kein keine keinen
    nie niemand ohne pas jamais rien sans nunca nada nadie não nao ninguém ninguem sem
    niet geen nooit zonder
"""
_THEMELESS = frozenset(_THEMELESS_WORDS.split())


def theme_features(text: str) -> TextFeatures:
    """What a note says of its subject: :func:`text_features` less what names no theme.

    Numbers, negations, words of order or time, and filler words that only their
    ending kept out of the stop words ("makes", "gets") are left out; what is left is
    what a facilitator groups notes by.
    """
    features = text_features(text)
    kept = [
        (word, spelling)
        for word, spelling in zip(features.words, features.spellings, strict=True)
        if not (
            word in _STOP_WORDS
            or word in _THEMELESS
            or spelling in _THEMELESS
            or any(char.isdigit() for char in word)
        )
    ]
    words = {word for word, _ in kept}
    joined = tuple(
        (together, tuple(part for part in parts if part in words))
        for together, parts in features.joined
        if together not in _THEMELESS and any(part in words for part in parts)
    )
    return TextFeatures(
        tuple(word for word, _ in kept),
        tuple(spelling for _, spelling in kept),
        features.glyphs,
        joined,
    )
