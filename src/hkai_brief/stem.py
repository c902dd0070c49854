"""English word families: the Porter2 ("Snowball English") stemming algorithm, so that a search
for `talents` finds talent, `supercomputer` finds supercomputing and `funding` finds fund.

Written here rather than imported: the `snowballstemmer` package loads all its thirty languages
on import (12 ms, a fifth of grep's start-up budget). The tests hold this implementation to
snowballstemmer's English stemmer word for word (tests/test_stem.py). The algorithm is
described at https://snowballstem.org/algorithms/english/stemmer.html.

One property the search relies on: a word's stem, less its last letter, is a prefix of the
word, so only the words that start so need stemming to be compared.
"""

from __future__ import annotations

import functools

_VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDINGS = frozenset("cdeghkmnrt")

_EXCEPTIONS = {
    "skis": "ski",
    "skies": "sky",
    "dying": "die",
    "lying": "lie",
    "tying": "tie",
    "idly": "idl",
    "gently": "gentl",
    "ugly": "ugli",
    "early": "earli",
    "only": "onli",
    "singly": "singl",
    "sky": "sky",
    "news": "news",
    "howe": "howe",
    "atlas": "atlas",
    "cosmos": "cosmos",
    "bias": "bias",
    "andes": "andes",
}
_AFTER_1A = frozenset(
    ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]
)

_STEP2 = (
    ("ization", "ize"),
    ("ational", "ate"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("iveness", "ive"),
    ("tional", "tion"),
    ("biliti", "ble"),
    ("lessli", "less"),
    ("entli", "ent"),
    ("ation", "ate"),
    ("alism", "al"),
    ("aliti", "al"),
    ("ousli", "ous"),
    ("iviti", "ive"),
    ("fulli", "ful"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("abli", "able"),
    ("izer", "ize"),
    ("ator", "ate"),
    ("alli", "al"),
    ("bli", "ble"),
    ("ogi", "og"),
    ("li", ""),
)
_STEP3 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("alize", "al"),
    ("icate", "ic"),
    ("iciti", "ic"),
    ("ative", ""),
    ("ical", "ic"),
    ("ness", ""),
    ("ful", ""),
)
_STEP4 = (
    "ement",
    "ance",
    "ence",
    "able",
    "ible",
    "ment",
    "ant",
    "ent",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "ion",
    "al",
    "er",
    "ic",
)


def _is_vowel(char: str) -> bool:
    return char in _VOWELS


def _region(word: str, start: int) -> int:
    """Where the region after the first non-vowel following a vowel begins, from `start`."""
    for i in range(start + 1, len(word)):
        if not _is_vowel(word[i]) and _is_vowel(word[i - 1]):
            return i + 1
    return len(word)


def _regions(word: str) -> tuple[int, int]:
    for prefix in ("gener", "commun", "arsen"):
        if word.startswith(prefix):
            r1 = len(prefix)
            break
    else:
        r1 = _region(word, 0)
    return r1, _region(word, r1)


def _short_syllable(word: str, end: int) -> bool:
    """Whether word[:end] ends in a short syllable."""
    if end == 2:
        return _is_vowel(word[0]) and not _is_vowel(word[1])
    if end >= 3:
        a, b, c = word[end - 3], word[end - 2], word[end - 1]
        return not _is_vowel(a) and _is_vowel(b) and not _is_vowel(c) and c not in "wxY"
    return False


def _is_short(word: str, r1: int) -> bool:
    return r1 >= len(word) and _short_syllable(word, len(word))


def _has_vowel(text: str) -> bool:
    return any(_is_vowel(c) for c in text)


@functools.cache
def stem(word: str) -> str:
    """The Porter2 stem of a lower-case English word."""
    if len(word) <= 2:
        return word
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    if word.startswith("'"):
        word = word[1:]
    if word.startswith("y"):
        word = "Y" + word[1:]
    chars = list(word)
    for i in range(1, len(chars)):
        if chars[i] == "y" and _is_vowel(chars[i - 1]):
            chars[i] = "Y"
    word = "".join(chars)
    r1, r2 = _regions(word)
    word = _step0(word)
    word = _step1a(word)
    if word in _AFTER_1A:
        return word
    word = _step1b(word, r1)
    word = _step1c(word)
    word = _step2(word, r1)
    word = _step3(word, r1, r2)
    word = _step4(word, r2)
    word = _step5(word, r1, r2)
    return word.replace("Y", "y")


def _step0(word: str) -> str:
    for suffix in ("'s'", "'s", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _step1a(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ied", "ies")):
        return word[:-2] if len(word) > 4 else word[:-1]
    if word.endswith(("us", "ss")):
        return word
    if word.endswith("s") and _has_vowel(word[:-2]):
        return word[:-1]
    return word


def _step1b(word: str, r1: int) -> str:
    for suffix in ("eedly", "eed"):
        if word.endswith(suffix):
            if len(word) - len(suffix) >= r1:
                return word[: -len(suffix)] + "ee"
            return word
    for suffix in ("ingly", "edly", "ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if not _has_vowel(stem):
                return word
            if stem.endswith(("at", "bl", "iz")):
                return stem + "e"
            if stem.endswith(_DOUBLES):
                return stem[:-1]
            if _is_short(stem, r1):
                return stem + "e"
            return stem
    return word


def _step1c(word: str) -> str:
    if len(word) > 2 and word[-1] in "yY" and not _is_vowel(word[-2]):
        return word[:-1] + "i"
    return word


def _step2(word: str, r1: int) -> str:
    for suffix, replacement in _STEP2:
        if word.endswith(suffix):
            if len(word) - len(suffix) < r1:
                return word
            if suffix == "ogi" and not word[:-3].endswith("l"):
                return word
            if suffix == "li" and (len(word) < 3 or word[-3] not in _LI_ENDINGS):
                return word
            return word[: -len(suffix)] + replacement
    return word


def _step3(word: str, r1: int, r2: int) -> str:
    for suffix, replacement in _STEP3:
        if word.endswith(suffix):
            if len(word) - len(suffix) < r1:
                return word
            if suffix == "ative" and len(word) - len(suffix) < r2:
                return word
            return word[: -len(suffix)] + replacement
    return word


def _step4(word: str, r2: int) -> str:
    for suffix in _STEP4:
        if word.endswith(suffix):
            if len(word) - len(suffix) < r2:
                return word
            if suffix == "ion" and not word[:-3].endswith(("s", "t")):
                return word
            return word[: -len(suffix)]
    return word


def _step5(word: str, r1: int, r2: int) -> str:
    if word.endswith("e"):
        at = len(word) - 1
        if at >= r2 or (at >= r1 and not _short_syllable(word, at)):
            return word[:-1]
    elif word.endswith("l") and len(word) - 1 >= r2 and word[-2:-1] == "l":
        return word[:-1]
    return word
