"""Facts taken from a source press release: figures, dates and named entities."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Values of :attr:`Figure.kind`.
FIGURE_KINDS: tuple[str, ...] = ("amount", "percent", "count", "rank")
#: Values of :attr:`Entity.kind`.
ENTITY_KINDS: tuple[str, ...] = ("person", "place", "org")


@dataclass(frozen=True)
class Figure:
    """A quantity stated in the source text, rendered in English.

    Attributes:
        value: the plain number (``12 миң`` -> 12000.0, ``3,9 млрд`` -> 3.9e9).
        unit: ``"som"``, ``"USD"``, ``"EUR"``, ``"RUB"``, ``"KZT"``, ``"tonnes"``, ``"kg"``,
            ``"hectares"``, ``"km"``, ``"percent"``, ``"rank"``, or for a count the English
            plural noun counted (``"buses"``, ``"units of machinery"``); ``""`` for a count of
            things the glossary does not know.
        text: the English rendering (``"12,000 tonnes of wheat"``).
        source: the source words it was read from (``"12 миң тонна буудай"``).
        approximate: the source hedges it (``ашуун``, ``более``: "more than").
        of: what is measured, in English (``"wheat"``), or ``""``.
        kind: ``"amount"``, ``"percent"``, ``"count"`` or ``"rank"``.
    """

    value: float
    unit: str
    text: str
    source: str
    approximate: bool = False
    of: str = ""
    kind: str = "amount"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)


#: Fields of :class:`DateMention` left out of its dict while unset (older JSON has none).
_OPTIONAL_DATE_FIELDS = ("end_day", "relative_year")


@dataclass(frozen=True)
class DateMention:
    """A date or period named in a text (year, month and day as far as given).

    Attributes:
        year: e.g. 2022, or None when only a month or day is named.
        month: 1-12 or None.
        day: 1-31 or None.
        text: English rendering (``"February 2022"``, ``"26 July"``, ``"January-August 2021"``,
            ``"2 February – 9 March 2024"``, ``"March this year"``).
        source: the words it was read from (``"2022-жылдын февраль айында"``).
        end_month: last month of a period (``январь-август`` -> 8; a period of days sets it
            too, ``14-18-октябрь`` -> 10), else None.
        end_year: last year of a range of years (``2021-2022-жылдары`` -> 2022), else None.
        end_day: last day of a period of days (``2-февралынан 9-мартына чейин`` -> 9), else None.
        relative_year: the year named relative to the release's own (``быйыл``, ``текущего
            года`` -> 0, ``былтыр``, ``прошлого года`` -> -1, ``в следующем году`` -> 1), else
            None. Its ``year`` is None until the release's year is known
            (:func:`summarize.dates.with_release_year`); it is never guessed.
    """

    year: int | None
    month: int | None
    day: int | None
    text: str
    source: str
    end_month: int | None = None
    end_year: int | None = None
    end_day: int | None = None
    relative_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict (``end_day`` and ``relative_year`` only when
        set, so the dict of a plain date is what it always was)."""
        data = asdict(self)
        for name in _OPTIONAL_DATE_FIELDS:
            if data[name] is None:
                del data[name]
        return data


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation named in the source, in its official English spelling.

    Attributes:
        name: English name (``"Akylbek Japarov"``).
        kind: ``"person"``, ``"place"`` or ``"org"``.
        source: the words of its first mention (``"Акылбек Жапаров"``).
    """

    name: str
    kind: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)
