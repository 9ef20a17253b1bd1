"""Press-service attribution lines: "Бул тууралуу ... басма сөз кызматы маалымдады".

A government release usually ends with a line naming who issued it ("Бул тууралуу өкмөттүн
басма сөз кызматы маалымдады", "Об этом сообщила пресс-служба Кабинета министров", "This was
reported by the President's press service"). Such a line says nothing of the event: the
extractive scorer (:mod:`summarize.extractive`) keeps it out of the summary, and the digest
(:mod:`summarize.digest.profile`) leaves it out when comparing releases and reads the issuing
body from the words next to the press-service phrase.

Two sets of patterns, kept as each user had them (merging them would change which sentences a
brief chooses or which body a digest names):

- :data:`BOILERPLATE_RE`, the scorer's: a press-service phrase or the lead-in of an
  attribution ("Бул тууралуу", "Об этом сообщ...");
- :data:`PRESS_KY_RE`, :data:`PRESS_RU_RE`, :data:`PRESS_EN_RE`, the digest's: the
  press-service phrase alone, a whole word, per language (:func:`is_attribution`,
  :func:`press_window`).
"""

from __future__ import annotations

import re

#: A press service in English ("press service", "press office", "press centre").
PRESS_EN_RE = re.compile(r"press (?:service|office|centre|center)", re.IGNORECASE)
#: A press service in Kyrgyz ("басма сөз кызматы", "маалымат кызматы").
PRESS_KY_RE = re.compile(r"басма[- ]?сөз\w*|маалымат кызмат\w*", re.IGNORECASE)
#: A press service in Russian ("пресс-служба", "пресс-центр", "информационная служба").
PRESS_RU_RE = re.compile(
    r"пресс-(?:служб|отдел|центр|секретар)\w*|информационн\w* служб\w*", re.IGNORECASE
)
#: What marks a sentence as an attribution line for the extractive scorer: a press-service
#: phrase in any of the three languages, or "Бул тууралуу" / "Об этом сообщ..." (the scorer
#: also requires the sentence to be short).
BOILERPLATE_RE = re.compile(
    r"басма[- ]?сөз|маалымат кызматы|пресс-служб|пресс-центр|пресс-секретар"
    r"|" + PRESS_EN_RE.pattern + r"|бул тууралуу|об этом сообщ",
    re.IGNORECASE,
)
#: An attribution line has at most this many words (split on whitespace).
ATTRIBUTION_WORDS = 12
#: How many words on each side of the press-service phrase may name the body.
WINDOW_WORDS = 5


def is_attribution(sentence: str) -> bool:
    """A short "this was reported by the press service" line: it says nothing of the event."""
    if len(sentence.split()) > ATTRIBUTION_WORDS:
        return False
    return any(p.search(sentence) for p in (PRESS_KY_RE, PRESS_RU_RE, PRESS_EN_RE))


def press_window(text: str) -> str | None:
    """The words that name the body next to the first press-service phrase of a sentence.

    Kyrgyz names the body before the phrase ("өкмөттүн басма сөз кызматы"), Russian after it
    ("пресс-служба Кабинета министров"), English either way; at most :data:`WINDOW_WORDS`
    words on a side. None when the sentence names no press service.
    """
    for pattern in (PRESS_KY_RE, PRESS_RU_RE, PRESS_EN_RE):
        match = pattern.search(text)
        if match:
            before = text[: match.start()].split()[-WINDOW_WORDS:]
            after = text[match.end() :].split()[:WINDOW_WORDS]
            if pattern is PRESS_KY_RE:
                return " ".join(before)
            return " ".join(after if pattern is PRESS_RU_RE else before + after)
    return None
