"""Figures: reading amounts, counts, percentages and ranks from the source, and the guard.

- ``extract``: :func:`extract_figures` — the figures a Kyrgyz, Russian or English text states;
- ``reader``: the left-to-right parser under it; ``lexicon``: units and nouns (``data/``);
- ``counted``: counted nouns the tables do not know; ``lists``: numbers that share one noun
  (``былтыр 312, быйыл 45 окуучу``, ``Нарында – 12, Таласта – 40 учур``); ``numbers``: number
  words and English numbers;
- ``guard``: does a sentence's English carry its figures, and state no figure of its own?

No model and no torch: this is text logic.
"""
