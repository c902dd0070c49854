"""A query as a reader types it: words, in any order, each of which must appear.

Matched without regard to case, accents or full-width forms; English words by family (Porter2
stems, stem.py: `talents` finds talent, `supercomputer` supercomputing); numbers with or without
digit grouping (`3000` finds 3,000); money as people write it (`HK$3 billion`, `HK$3bn`,
`$3 billion`, `3 billion` and `HK$3,000 million` are one amount); Chinese with Simplified and
Traditional characters folded together (`数码港` finds 數碼港); a quoted phrase ("data park")
must appear as written, after the same folding.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from .stem import stem

# The patterns below are compiled by re (and cached) the first time a query needs them.
# A word of letters, or a number (its digit groups joined: 3,000 is 3000; 1.5 stays 1.5).
_TOKEN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+"
# Chinese, Japanese and Korean characters: matched as text, not as words.
_CJK = "[\u2e80-\u2fff\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# Money: a currency sign or code and an amount, or an amount and a scale word.
_SCALES = {"billion": 10**9, "bn": 10**9, "b": 10**9, "million": 10**6, "mn": 10**6, "m": 10**6}
_MONEY = (
    r"(?:(?:hk|us)?\$|hkd ?|usd ?|rmb ?)\s?(\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(billion|bn|b|million|mn|m)\b)?"
    r"|(\d[\d,]*(?:\.\d+)?)\s?(billion|bn|million|mn)\b"
)
_QUOTED = '"([^"]*)"|“([^”]*)”|「([^」]*)」'


class Folded(NamedTuple):
    """A text folded for matching, and for each of its characters the index of the original."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the folded text as a span of the original."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


class _Folds(dict[int, str]):
    """What fold makes of each character (NFKD, marks dropped, casefold), worked out the first
    time the character is seen, so that str.translate folds a whole text at C speed."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isascii():
            folded = char.lower()
        else:
            import unicodedata

            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        if len(folded) != 1:
            _UNEVEN.add(char)
        self[code] = folded
        return folded


_FOLDS = _Folds()
# The characters seen so far that fold to none or several characters (ﬁ, ß, a lone accent).
_UNEVEN: set[str] = set()


def folded(text: str) -> str:
    """The text as fold makes it, without the offsets: what is not plain already (capitals,
    letters and signs outside ASCII and the common Chinese characters) is translated."""
    if text.isascii():
        return text.lower()
    return _not_plain().sub(_fold_run, text)


# ASCII but capitals, and the CJK Unified Ideographs (and extension A), which fold to
# themselves: NFKD leaves them whole, and they have no case.
@functools.cache
def _not_plain() -> re.Pattern[str]:
    return re.compile("[^\x00-\x40\x5b-\x7f\u3400-\u4dbf\u4e00-\u9fff]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLDS)


def fold(text: str) -> Folded:
    """Case, accents and full-width forms folded away (NFKD, marks dropped, casefold)."""
    if text.isascii():
        return Folded(text.lower(), list(range(len(text) + 1)))
    result = text.translate(_FOLDS)
    if _UNEVEN.isdisjoint(text):  # each character folds to one: offsets are the same
        return Folded(result, list(range(len(text) + 1)))
    index: list[int] = []
    for i, char in enumerate(text):
        index.extend([i] * len(_FOLDS[ord(char)]))
    index.append(len(text))
    return Folded(result, index)


def _table() -> str | None:
    """Where OpenCC's table of Traditional characters is, if opencc-python-reimplemented is
    installed (found, never imported)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(spec.submodule_search_locations[0], "dictionary", "TSCharacters.txt")


def rules() -> str:
    """What decides how text is matched besides the code: Python's Unicode tables, and the
    table of Traditional characters (its size and time), for an index's name."""
    import os
    import unicodedata

    path = _table()
    try:
        info = os.stat(path) if path else None
    except OSError:
        info = None
    table = f"{info.st_size}.{info.st_mtime_ns}" if info else "-"
    return f"{unicodedata.unidata_version}:{table}"


@functools.cache
def _simplified() -> dict[int, str]:
    """Traditional characters to Simplified ones, from OpenCC's table (opencc-python-reimplemented,
    read as data, never imported): Chinese text is matched in one script, either way round."""
    table: dict[int, str] = {}
    path = _table()
    if path is None:
        return table  # without the table, the scripts are told apart
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                traditional, _, simplified = line.rstrip("\n").partition("\t")
                if len(traditional) == 1 and simplified:
                    table[ord(traditional)] = simplified.split(" ")[0][:1]
    except OSError:
        return {}
    return table


def one_script(text: str) -> str:
    """Chinese text in one script: each Traditional character as its Simplified form (the
    length stays the same, so offsets still point into the original)."""
    return text.translate(_simplified()) if _has_cjk(text) else text


def _has_cjk(text: str) -> bool:
    # Compiling _CJK costs 2 ms (re fills a table of its 30,000 characters): not for ASCII.
    return not text.isascii() and re.search(_CJK, text) is not None


def _number(token: str) -> str:
    return token.replace(",", "")


def _amount(number: str, scale: str | None) -> int | None:
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    return round(value * _SCALES.get(scale or "", 1))


class Term(NamedTuple):
    """One thing a query asks for: a word (its stem), a number, an amount of money, some
    Chinese, or a phrase of words in a row."""

    kind: str  # "word", "number", "money", "chinese", "phrase"
    value: str  # the stem, the number, the amount, the folded Chinese
    words: tuple[str, ...] = ()  # a phrase's stems and numbers, in order
    shown: str = ""  # as the reader typed it


def _word_terms(text: str) -> list[Term]:
    terms = []
    for match in re.finditer(_TOKEN, text):
        token = match.group()
        if token[0].isdigit():
            terms.append(Term("number", _number(token), shown=token))
        else:
            terms.append(Term("word", stem(token), shown=token))
    return terms


def parse(query: str) -> list[Term]:
    """The terms of a query; an empty list if it holds no word."""
    folded = fold(query).text
    terms: list[Term] = []
    for match in re.finditer(_QUOTED, folded):
        phrase = next(g for g in match.groups() if g is not None)
        inside = _word_terms(phrase)
        if _has_cjk(phrase):
            terms.append(Term("chinese", one_script(phrase.strip()), shown=phrase))
        elif inside:
            terms.append(Term("phrase", "", tuple(t.value for t in inside), shown=phrase))
    rest = re.sub(_QUOTED, " ", folded)
    for match in re.finditer(_MONEY, rest):
        number, scale = match.group(1) or match.group(3), match.group(2) or match.group(4)
        amount = _amount(number, scale)
        if amount is not None:
            terms.append(Term("money", str(amount), shown=match.group().strip()))
    rest = re.sub(_MONEY, " ", rest)
    for chunk in rest.split():
        if _has_cjk(chunk):
            for part in re.split(r"[^\w]+", chunk):
                if _has_cjk(part):
                    terms.append(Term("chinese", one_script(part), shown=part))
                else:
                    terms += _word_terms(part)
        else:
            terms += _chunk_terms(chunk)
    return list(dict.fromkeys(terms))


def _chunk_terms(chunk: str) -> list[Term]:
    """A chunk's terms: its words, or, for words joined by hyphens (start-up, cross-boundary),
    one phrase, so that 'start-up' does not find "set up ... started"."""
    inside = _word_terms(chunk)
    if len(inside) > 1 and "-" in chunk.strip("-"):
        return [Term("phrase", "", tuple(t.value for t in inside), shown=chunk)]
    return inside


class Analysed(NamedTuple):
    """A text ready to be matched: folded, its tokens (value, start, end in the folded text),
    its amounts of money, and the Chinese in one script: each only if a query needs it."""

    folded: Folded
    tokens: list[tuple[str, int, int]]
    money: list[tuple[int, int, int]]
    chinese: str


def needles(terms: list[Term]) -> list[str] | None:
    """What a text must hold, folded, to hold any of the terms (a stem less its last letter
    begins its word; a number's first digit begins it); None if there is no such cheap test
    (Chinese: see chinese_needles)."""
    found = []
    for term in terms:
        if term.kind == "word":
            found.append(term.value[:-1] or term.value)
        elif term.kind == "phrase":
            first = term.words[0]
            found.append(first[:1] if first[0].isdigit() else first[:-1] or first)
        elif term.kind in ("number", "money"):
            found.append(term.value[:1])
        else:
            return None
    return found


def analyse(text: str, terms: list[Term]) -> Analysed | None:
    """The text analysed for `terms`, or None when it cannot hold any of them."""
    wanted = needles(terms)
    if wanted is not None:
        # A cheap look before the offsets are worked out: the tokens are the folded text's, so
        # a folded text without a needle cannot match (most Chinese texts, for an English
        # query). Folding is one str.translate.
        lowered = folded(text)
        if not any(n in lowered for n in wanted):
            return None
    return _analysed(fold(text), {t.kind for t in terms})


def counts(terms: list[Term], text: str) -> list[int]:
    """How many times each term stands in a text that is folded already (folded): what grep
    -c counts, without the offsets into the original."""
    analysed = _analysed(Folded(text, []), {t.kind for t in terms})
    return [sum(1 for _ in find(term, analysed)) for term in terms]


def word_counts(terms: list[Term], joined: str, apart: str) -> dict[int, list[int]]:
    """For each text of `joined` (folded texts, `apart` between them) that holds one of the
    words `terms` (of kind "word"), how many times each stands in it, by the text's number. A
    word is a run of letters, which never runs across `apart`: all are looked for at once."""
    found: dict[int, list[int]] = {}
    for n, term in enumerate(terms):
        at = i = 0
        for match in _words_of(term, joined):
            start = match.start()
            i += joined.count(apart, at, start)
            at = start
            per_term = found.get(i)
            if per_term is None:
                per_term = found[i] = [0] * len(terms)
            per_term[n] += 1
    return found


def _analysed(text_folded: Folded, kinds: set[str]) -> Analysed:
    tokens = []
    # Words alone are found by _word_runs; numbers and phrases need every token.
    if kinds & {"number", "phrase"}:
        for match in re.finditer(_TOKEN, text_folded.text):
            token = match.group()
            value = _number(token) if token[0].isdigit() else token
            tokens.append((value, match.start(), match.end()))
    money = []
    if "money" in kinds:
        for match in re.finditer(_MONEY, text_folded.text):
            number, scale = match.group(1) or match.group(3), match.group(2) or match.group(4)
            amount = _amount(number, scale)
            if amount is not None:
                money.append((amount, match.start(), match.end()))
    chinese = one_script(text_folded.text) if "chinese" in kinds else ""
    return Analysed(text_folded, tokens, money, chinese)


@functools.cache
def _word_runs(start: str) -> re.Pattern[str]:
    """The words (runs of letters, as _TOKEN makes them) that begin with `start`: the only
    tokens _same_family stems, found without making every token of a text."""
    letter = _TOKEN.rsplit("|", 1)[1].removesuffix("+")  # [^\W\d_]
    if not start:
        return re.compile(f"(?<!{letter}){letter}+")
    # The lookbehind after the literal, not before it: re then scans for the literal at C
    # speed (a pattern that starts with a lookbehind is tried at every position, 20x slower).
    literal = re.escape(start)
    return re.compile(f"{literal}(?<!{letter}{literal}){letter}*")


def _words_of(term: Term, text: str) -> Iterator[re.Match[str]]:
    """The words of a folded text that are of a word term's family."""
    value = term.value
    return (m for m in _word_runs(value[:-1]).finditer(text) if _stem(m.group()) == value)


def _same_family(word: str, wanted: str) -> bool:
    """Whether a token of a text is of the word family `wanted` (a stem). Only tokens that
    start as the stem does are stemmed: a stem, less its last letter, begins its word."""
    return word.startswith(wanted[:-1]) and _stem(word) == wanted


# A text repeats its words: each is stemmed once.
_stem = functools.lru_cache(maxsize=1 << 16)(stem)


def find(term: Term, text: Analysed) -> Iterator[tuple[int, int]]:
    """Where a term stands in a text, as they are found: spans of the folded text."""
    if term.kind == "word":
        return ((m.start(), m.end()) for m in _words_of(term, text.folded.text))
    if term.kind == "number":
        return ((s, e) for w, s, e in text.tokens if w == term.value)
    if term.kind == "money":
        return ((s, e) for amount, s, e in text.money if str(amount) == term.value)
    if term.kind == "chinese":
        return ((m.start(), m.end()) for m in re.finditer(re.escape(term.value), text.chinese))
    return _phrase(term.words, text)


def _phrase(words: tuple[str, ...], text: Analysed) -> Iterator[tuple[int, int]]:
    tokens = text.tokens
    for i in range(len(tokens) - len(words) + 1):
        if all(_token_is(tokens[i + j][0], w) for j, w in enumerate(words)):
            yield (tokens[i][1], tokens[i + len(words) - 1][2])


def _token_is(token: str, wanted: str) -> bool:
    if wanted[0].isdigit() or token[0].isdigit():
        return token == wanted
    return _same_family(token, wanted)


# --- what the index keeps (corpus.py) --------------------------------------------------------
#
# A key is what a text must hold for a term to be found in it: "w" and a word's stem, "n" and a
# number, "$" and an amount of money, "c" and one Chinese character (in one script). The keys of
# a text are all the keys any term could need of it, so a record without a term's keys cannot
# match it, and the index only narrows a search; the matcher still decides.


class Keyed(NamedTuple):
    """What the index keeps of a record's texts (joined, a separator between them that no
    token, number or amount runs across): folded, their keys, and their words."""

    folded: str
    keys: set[str]
    words: set[str]


def keys(joined: str) -> Keyed:
    """Every key the texts of one record hold, joined as search.joined_texts joins them."""
    text = folded(joined)
    found = set()
    tokens = set(re.findall(_TOKEN, text))
    vocabulary = {token for token in tokens if not token[0].isdigit()}
    for token in tokens:
        found.add("n" + _number(token) if token[0].isdigit() else "w" + _stem(token))
    if any(marker in text for marker in _MONEY_MARKERS):
        for match in re.finditer(_MONEY_START + _MONEY, text):
            number, scale = match.group(1) or match.group(3), match.group(2) or match.group(4)
            amount = _amount(number, scale)
            if amount is not None:
                found.add(f"${amount}")
    # Every character in one script, Chinese or not (a rare Traditional character outside _CJK
    # has a Simplified form inside it): more keys than a text may need, never fewer.
    chinese = re.findall(_CJK, text.translate(_simplified()))
    found.update("c" + c for c in set(chinese))
    return Keyed(text, found, vocabulary)


# Where an amount of money can start: a quick look ahead spares the full pattern elsewhere.
_MONEY_START = r"(?=[hu$r\d])"
# An amount of money has one of these (a sign, a code, a scale): a text without any has none.
_MONEY_MARKERS = ("$", "hkd", "usd", "rmb", "bn", "mn", "million", "billion")


def needed(term: Term) -> list[str]:
    """The keys a record must hold for `term` to be found in it."""
    if term.kind == "word":
        return ["w" + term.value]
    if term.kind in ("number", "money"):
        return [("n" if term.kind == "number" else "$") + term.value]
    if term.kind == "chinese":
        return ["c" + c for c in dict.fromkeys(re.findall(_CJK, term.value))]
    return ["n" + w if w[0].isdigit() else "w" + w for w in term.words]


def posting(term: Term) -> str:
    """The name under which the index keeps how often a word, or some Chinese, stands in each
    measure (its posting): its key, or for Chinese the whole of it in one script."""
    return ("z" + term.value) if term.kind == "chinese" else needed(term)[0]


def chinese_counts(term: Term, joined: str, apart: str) -> dict[int, list[int]]:
    """For each text of `joined` (folded texts, `apart` between them) that holds some Chinese
    (a "chinese" term), how many times it stands in it, counted as grep counts it: in each
    text on its own (one_script leaves a text without CJK as it is)."""
    if term.value not in one_script(joined):
        return {}  # in no text, whichever script each is in
    found = {}
    for i, text in enumerate(joined.split(apart)):
        [count] = counts([term], text)
        if count:
            found[i] = [count]
    return found


def vocabulary_words(text: str) -> list[str]:
    """The words of a text, folded, for suggestions when a query word is not in the data."""
    return [token for token in re.findall(_TOKEN, folded(text)) if not token[0].isdigit()]
