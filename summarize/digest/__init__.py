"""The digest: many press releases as one English report, one entry per event.

- ``build``: :func:`digest` — briefs → profiles → events → entries;
- ``types``: the inputs and results (frozen dataclasses with ``to_dict``);
- ``profile``: what the digest reads from each brief (date, issuing body, words, facts, people);
  ``released``: the release date and where its year came from; ``trust``: which English the
  merge rule may compare;
- ``group``: when two releases tell of one event; ``check``: figures cross-checked;
- ``html``, ``markdown``, ``chart``: the report as HTML (with an inline SVG chart) or Markdown;
  ``labels``: the words they share (day names, check statuses). The renderers import the
  dataclasses of ``types`` for annotations only, so ``types`` may import them.
"""
