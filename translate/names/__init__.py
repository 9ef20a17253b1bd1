"""Names in translations: glossaries, official English spellings and the name guard.

- ``glossary``: the built-in glossary (``data/glossary.tsv``), user files, merging;
- ``finder``: finding a glossary's names (any inflection) in Kyrgyz and Russian text;
- ``official``: writing those names officially in the English, and the name guard;
- ``spelling``: the spelling variants a model writes for a name;
- ``romanize``: Kyrgyz and Russian Cyrillic in Latin letters;
- ``phrases``: the word-phrase matcher the finder and the figure lexicon share.

No model and no torch: this is text logic.
"""
