"""Headlines a person would write: a release's own title, or its top sentence made short.

Two sources, both from the release itself, never written anew:

* a title: :func:`find_title` finds a short first line without final punctuation (or one in
  capitals) above the body. NLLB garbles text in capitals, so the title is translated in
  sentence case (:func:`sentence_case`), names kept capitalized where the text shows they are
  names (:func:`known_names`);
* otherwise the English of the top-scored sentence.

Either way :func:`shorten_headline` brings it to at most :data:`MAX_HEADLINE_WORDS` words by
removing words only: parentheticals, "of the Kyrgyz Republic" after a title, phrases set off
by commas, trailing "during ..." / "within the framework of ..." clauses, a second sentence or
clause, and as a last resort the words past the limit. Nothing here imports torch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarize.entities import Glossary, load_glossary
from translate.names.romanize import inflects

#: The longest headline, in words (whitespace-separated tokens).
MAX_HEADLINE_WORDS = 20
_MAX_TITLE_WORDS = 25
_MIN_TITLE_WORDS = 3
_MAX_TITLE_CHARS = 250
_FINAL = ".!?…"
_CAPITALS_SHARE = 0.6
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_KY_ADJECTIVE_RE = re.compile(r"[лдт][ыиуү][кг]")


def _is_capitals(text: str) -> bool:
    letters = _LETTER_RE.findall(text)
    upper = sum(ch.isupper() for ch in letters)
    return len(letters) >= 4 and upper >= _CAPITALS_SHARE * len(letters)


def find_title(text: str) -> str | None:
    """The release's own title: its first line, when that line is a title.

    A title is a short first line (3 to 25 words) with a body after it, without final
    punctuation, or written in capitals (then a final full stop is allowed). A first line
    that the next line continues in lower case is a wrapped sentence, not a title.

    Args:
        text: the release.

    Returns:
        The title line (stripped), or None.
    """
    if not isinstance(text, str):
        return None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2 or not any(_LETTER_RE.search(line) for line in lines[1:]):
        return None
    title, following = lines[0], lines[1]
    words = title.split()
    if not _MIN_TITLE_WORDS <= len(words) <= _MAX_TITLE_WORDS or len(title) > _MAX_TITLE_CHARS:
        return None
    if title[-1] in ":;," or following[:1].islower():
        return None
    if title[-1] in _FINAL and not _is_capitals(title):
        return None
    return title


def known_names(text: str, glossary: Glossary | None = None) -> set[str]:
    """Words a text shows to be names: capitalized inside a sentence, or written in capitals.

    ``"Өкмөт башчылар Акылбек Жапаров жана ..."`` gives ``{"Акылбек", "Жапаров"}``; ``АКШ``
    and ``ЕАЭБ`` are kept in capitals. Every word of the glossary's names is added too.

    Args:
        text: the body of the release (without its title).
        glossary: names to add (default: the bundled glossary).
    """
    names: set[str] = set()
    for sentence in re.split(r"(?<=[.!?…])\s+|\n+", text):
        words = _WORD_RE.findall(sentence)
        for position, word in enumerate(words):
            acronym = word.isupper() and len(word) >= 2
            if acronym or (position > 0 and word[:1].isupper()):
                names.add(word)
    glossary = glossary if glossary is not None else load_glossary()
    for entry in glossary.entries:
        for form in entry.forms:
            names.update(word for word in form if word[:1].isupper())
    return names


def _cased(word: str, names: Iterable[str]) -> str | None:
    """The word as a name writes it (``ЖАПАРОВДУН`` -> ``Жапаровдун``), or None.

    The name may be the word's stem (``Жапаров``) or an inflected form of it (``ЖАПАРОВ``
    in the title, ``Жапаровдун`` in the text).
    """
    best = None
    for name in names:
        if len(name) > len(word) and inflects(name, word, keep_case=False):
            name = name[: len(word)]
        if len(name) > len(word) or (best is not None and len(name) <= len(best)):
            continue
        if inflects(word, name, keep_case=False) or word.lower() == name.lower():
            best = name
    if best is None:
        return None
    rest = word[len(best) :].lower()
    if _KY_ADJECTIVE_RE.match(rest):
        return None  # казакстандык "Kazakhstani" is written in lower case
    return best + rest


def sentence_case(title: str, names: Iterable[str] = ()) -> str:
    """Write a title in capitals as a sentence: first letter capital, names kept capitalized.

    ``sentence_case("КЫРГЫЗСТАН ЖАНА КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ", {"Казакстан"})`` gives
    ``"Кыргызстан жана Казакстан сооданы өнүктүрөт"``. Words not in capitals are left as
    they are; a word in capitals that ``names`` has (as a stem, with any case ending) takes
    that name's capitals, an acronym that ``names`` has in capitals stays in capitals, and
    every other word is lowered.

    Args:
        title: the title line.
        names: words known to be names (see :func:`known_names`).
    """
    names = [n for n in names if n]
    acronyms = {n for n in names if n.isupper() and len(n) >= 2}
    proper = [n for n in names if n not in acronyms]
    first = True

    def fix(match: re.Match[str]) -> str:
        nonlocal first
        word = match.group()
        at_start, first = first, False
        if not word.isupper() or len(word) < 2:
            return word
        if word in acronyms:
            return word
        cased = _cased(word, proper)
        if cased is None:
            cased = word.lower()
        return cased[:1].upper() + cased[1:] if at_start else cased

    return _WORD_RE.sub(fix, title)


# ------------------------------------------------------------------------ shortening

_PARENTHETICAL_RE = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]")
_HOME_COUNTRY_RE = re.compile(r"\b([A-Z][\w'-]*) of (?:the Kyrgyz Republic|Kyrgyzstan)\b")
_TRAILING_RE = re.compile(
    r",?\s+\b(?:during|within the framework of|in the framework of|as part of|on the sidelines "
    r"of|in the course of|on the margins of)\b"
)
_INSERTED_RE = re.compile(
    r",\s+(?:on|in|at|for|by|according to|as|with|within|under|among|from)\b[^,;:()]{0,80},"
)
_LEADING_RE = re.compile(
    r"^(?:for (?:his|her|its|their) part|in turn|at the same time|in this regard|in addition|"
    r"moreover|also|besides|meanwhile|on the whole|in general),\s+",
    re.IGNORECASE,
)
_BOUNDARY_RE = re.compile(r"[,;:]\s+|\s+[-–—]\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"«“]?[A-Z])")
_DANGLING = {"of", "the", "a", "an", "and", "or", "to", "in", "on", "for", "with", "by", "at",
             "from", "that", "which", "who", "as", "its", "their", "his", "her"}  # fmt: skip
_MIN_KEPT_WORDS = 5
_MIN_CLAUSE_WORDS = 8
# What starts a clause that can go: "..., and agreed to ...", "..., whose roots ...".
_CLAUSE_STARTS = {"and", "but", "while", "whereas", "which", "who", "whose", "where", "when",
                  "as", "after", "before", "because", "since", "although", "though", "including",
                  "with", "without", "according", "adding", "noting", "saying", "stressing",
                  "so", "yet", "thus", "thereby", "whereby", "in", "on", "at", "for", "by",
                  "during", "within", "under", "through", "despite", "following"}  # fmt: skip
# Words a headline may be cut before: prepositions and conjunctions that start a phrase.
_BREAKS = {"of", "in", "on", "at", "for", "with", "by", "from", "to", "into", "during", "and",
           "but", "while", "whereas", "which", "who", "whose", "where", "when", "as", "after",
           "before", "between", "within", "under", "over", "through", "including"}  # fmt: skip


def _count(text: str) -> int:
    return len(text.split())


def _final(text: str) -> str:
    """The sentence's final punctuation (kept when words are removed before it)."""
    stripped = text.rstrip()
    return stripped[-1] if stripped and stripped[-1] in _FINAL else ""


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split()))
    text = re.sub(r",(?=[.!?]$)", "", text)
    for opening, closing in (('"', '"'), ("«", "»"), ("“", "”")):
        if opening == closing and text.count(opening) % 2 == 1:
            # the closing quote was cut off: drop the opening one (never one inside a word)
            free = [m.start() for m in re.finditer(rf"(?:^|(?<=\s)){re.escape(opening)}", text)]
            if free:
                text = text[: free[-1]] + text[free[-1] + 1 :]
        elif opening != closing and text.count(opening) > text.count(closing):
            text = text.replace(opening, "", 1)
    return text.strip()


def _drop_parentheticals(text: str) -> str:
    return _tidy(_PARENTHETICAL_RE.sub("", text))


def _drop_home_country(text: str) -> str:
    return _tidy(_HOME_COUNTRY_RE.sub(r"\1", text))


def _drop_inserted(text: str) -> str:
    text = _INSERTED_RE.sub("", text)
    leading = _LEADING_RE.match(text)
    if leading and _count(text[leading.end() :]) >= _MIN_KEPT_WORDS:
        rest = text[leading.end() :]
        text = rest[:1].upper() + rest[1:]
    return _tidy(text)


def _drop_trailing(text: str, max_words: int) -> str:
    """Remove a trailing "during ..." clause: the shortest removal that fits, else the longest."""
    final = _final(text)
    candidates = [
        _tidy(text[: m.start()] + final)
        for m in reversed(list(_TRAILING_RE.finditer(text)))
        if _count(text[: m.start()]) >= _MIN_KEPT_WORDS
    ]
    for candidate in candidates:
        if _count(candidate) <= max_words:
            return candidate
    return candidates[-1] if candidates else text


def _first_sentence(text: str) -> str:
    parts = _SENTENCE_END_RE.split(text, maxsplit=1)
    return parts[0] if _count(parts[0]) >= _MIN_KEPT_WORDS else text


def _first_clause(text: str, max_words: int) -> str:
    """The text up to the first comma, semicolon or dash that leaves a clause that fits.

    The first such boundary, not the last: later commas are often inside a list.
    """
    for match in _BOUNDARY_RE.finditer(text):
        head, tail = text[: match.start()], text[match.end() :].split()
        starts_clause = bool(tail) and tail[0].lower().strip('"«“') in _CLAUSE_STARTS
        if starts_clause and _MIN_CLAUSE_WORDS <= _count(head) <= max_words:
            return _tidy(head)
    return text


def _cut(text: str, max_words: int) -> str:
    """Cut at the last comma that fits, else before a preposition or conjunction, else at
    the limit (dropping a dangling "of", "the")."""
    punctuation = [
        m.start()
        for m in _BOUNDARY_RE.finditer(text)
        if _MIN_CLAUSE_WORDS <= _count(text[: m.start()]) <= max_words
    ]
    if punctuation:
        return _tidy(text[: punctuation[-1]])
    words = text.split()
    for end in range(min(max_words, len(words) - 1), _MIN_KEPT_WORDS - 1, -1):
        before, after = words[end - 1], words[end]
        if after.lower() in _BREAKS and before.strip(",;:").lower() not in _DANGLING:
            return _tidy(" ".join(words[:end]).rstrip(",;:-–—"))
    words = words[:max_words]
    while len(words) > 1 and words[-1].strip(",;:-–—").lower() in _DANGLING:
        words.pop()
    return _tidy(" ".join(words).rstrip(",;:-–—"))


def shorten_headline(english: str, max_words: int = MAX_HEADLINE_WORDS) -> str:
    """Shorten an English sentence to a headline of at most ``max_words`` words.

    Only removes words, in this order, stopping as soon as the sentence fits: parentheticals;
    "of the Kyrgyz Republic" after a title (``Chairman of the Cabinet of Ministers of the Kyrgyz
    Republic`` -> ``Chairman of the Cabinet of Ministers``); phrases set off by commas (``, on
    the instruction of the President,``) and openers (``For his part,``); a trailing
    "during ..." / "within the framework of ..." clause; a second sentence; the clauses after
    the last comma that fits; finally the words past the limit (and a dangling "of", "the"
    before the cut). A sentence that fits already is returned as it is (spaces normalized).

    Args:
        english: one English sentence (e.g. the translation of the top sentence).
        max_words: the most words the headline may have (at least 1).

    Returns:
        The headline; every word of it appears, in order, in ``english``.
    """
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, not {max_words}")
    text = " ".join(english.split())
    steps = (
        _drop_parentheticals,
        _drop_home_country,
        _drop_inserted,
        lambda t: _drop_trailing(t, max_words),
        _first_sentence,
        lambda t: _first_clause(t, max_words),
    )
    for step in steps:
        if _count(text) <= max_words:
            return text
        text = step(text)
    return text if _count(text) <= max_words else _cut(text, max_words)
