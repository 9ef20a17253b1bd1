"""Abbreviation and sentence-starter tables for the sentence splitter (Kyrgyz, Russian, English).

Keys are lower-case, without the final period; dotted abbreviations keep their inner dots
(``"т.е"``, ``"e.g"``). Spaced forms (``"т. е."``) are looked up as the joined key.
"""

from __future__ import annotations


def words(spaced: str) -> frozenset[str]:
    """The set of the space-separated words of ``spaced`` (keeps long tables readable)."""
    return frozenset(spaced.split())


#: Never end a sentence: a name, number or clause always follows them ("г. Бишкек", "Mr. Smith").
PREFIX_ABBREVIATIONS: frozenset[str] = words(
    # Russian
    "г ул пр просп пер пл д кв им св ст п ч стр с см т тел рис табл гл проф акад доц "
    "ген полк напр пос р оз мкр т.е т.к т.н т.ч т.о в.т.ч т.с "
    # Kyrgyz: "мисалы" (e.g.), "башкача айтканда" (i.e.), academic titles
    "мис б.а м-н "
    # language names: "(от англ. Member ...)"
    "англ лат нем франц фр рус кырг каз араб "
    # English
    "mr mrs ms dr prof st mt gen col lt capt sgt sen sens rep reps gov pres rev hon no nos "
    "vol vs v det insp supt e.g i.e cf approx fig figs pp para art"
)

#: May end a sentence ("2 млрд. сом", "Бишкек ш.", "and Co."): split after them only when
#: the next word is a typical sentence opener.
POSTFIX_ABBREVIATIONS: frozenset[str] = words(
    # Russian
    "гг вв в млн млрд трлн тыс руб коп долл обл т.д т.п др н.э ед экз чел мин сек "
    "кг км га "
    # Kyrgyz: шаары, жылы, жылдары, облусу, көчөсү, району, жана башкалар
    "ш ж жж көч р-ну ж.б ж.б.у.с "
    # English
    "etc al jr sr inc ltd co corp bros u.s u.k u.n e.u a.m p.m ph.d d.c l.a u.s.a "
    # months: "Oct. 5" or "... on Oct. In order to ..."
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)

#: Amounts and currencies: mid-sentence they are followed by a lower-case unit or an acronym
#: ("2 млн. сом", "2 млрд. АКШ доллары"), so any capitalized word after them opens a sentence.
AMOUNT_ABBREVIATIONS: frozenset[str] = words("млн млрд трлн тыс руб коп долл")

#: Typical sentence openers: after an ambiguous abbreviation or an initial, one of these starts
#: a new sentence ("... 2021 г. Он ...", "... in the U.S. The ...").
STARTERS: dict[str, frozenset[str]] = {
    "ky": words(
        "бул ал алар биз мен сен силер сиз ошол ошондой ошону андан анткени бирок ошентип "
        "мындан азыр бүгүн кечээ эртең эми ушул бардык мында анда буга аны алардын ага мунун "
        "дагы мисалы натыйжада учурда жыйынтыгында ошентсе андыктан өз бир эки үч буга "
        "мурда кийин акыркы"
    ),
    "ru": words(
        "он она оно они мы я вы ты это этот эта эти там тогда но однако а и в во на по с со "
        "к из за при для как так также кроме после ранее сейчас теперь поэтому все всего его "
        "ее её их об о что когда если хотя уже тем вместе позже затем сегодня вчера завтра "
        "наш по-прежнему кто где здесь у от до между согласно впрочем"
    ),
    "en": words(
        "the a an he she it they we i you this that these those there but and in on at for "
        "if when while after before however meanwhile his her their its our my as so yet "
        "what why how who some many most all one two it's there's then now also since during "
        "according last next"
    ),
}

#: English abbreviations that are also words: abbreviations only when capitalized ("No. 5", but
#: "no, no." ends a sentence).
CAPITALIZED_ONLY: frozenset[str] = words(
    "no nos art fig gen rev col mar para hon pres sen sens rep reps gov vol mt det st"
)

#: Two-letter Cyrillic initials that stand for one Latin letter ("Дж. Буш").
DIGRAPH_INITIALS: frozenset[str] = frozenset({"дж"})

#: Characters that may close a sentence after its final punctuation.
CLOSERS = "\"'»”“’)]}›"

#: Characters that may open a sentence before its first word.
OPENERS = "\"'«“„‘‚([{‹"

#: Dashes that introduce an attribution ("..., - деди ал.") or a dialogue turn.
DASHES = "-–—―"
