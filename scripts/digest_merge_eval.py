"""How well does the digest's merge rule tell one event from another? Measured on NTREX-128.

NTREX-128 (tests/data/ntrex128) holds 123 English news stories with human Kyrgyz and Russian
translations. Each story's Kyrgyz and Russian versions are one event (123 cross-language pairs);
five pairs of stories are one event told by two outlets (found by reading the most similar
pairs; listed below); the stories of the Indonesian earthquake and tsunami are left out (the
same disaster, told on different days: one event or several, depending on the reader); every
other pair of stories is two events.

No model can be run here, so each version's "translation" is the human English: this measures
the source-side facts (figures, names) and the English similarity between different stories and
between two outlets' stories, not the noise of machine translation between the two versions of
one story (their English is identical here). No release dates exist in NTREX, so the date
contradiction is not exercised.

``without_english`` repeats the count with no English trusted at all (as with the demo model,
whose English of an unknown text is fluent and wrong): then only the source decides (near
copies, or figures, full names and named days shared).

    python scripts/digest_merge_eval.py          # prints the counts; writes bench/digest_merge.json
"""

from __future__ import annotations

import csv
import itertools
import json
import statistics
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize import brief
from summarize.digest.group import contradiction, same_event, text_similarity
from summarize.digest.profile import make_profile
from translate.document import SentencePair
from translate.segment import split_sentences

NTREX = ROOT / "tests" / "data" / "ntrex128" / "ky_en_ru.tsv"
TWO_OUTLETS = [
    ("cbsnews.248387", "reuters.218909"),  # arrest in the shooting of LSU's Wayde Sims
    ("bbc.381746", "scotsman.133791"),  # Livingston 1-0 Rangers
    ("rt.com.91337", "reuters.218932"),  # Macedonia's name referendum
    ("newsweek.51300", "abcnews.306755"),  # Warren's "hard look" at running for president
    ("cnbc.com.6769", "reuters.218861"),  # North Korea at the UN: no disarmament without trust
]
UNDECIDED = {
    "reuters.218865", "euronews-en.153797", "reuters.218863", "euronews-en.153835",
    "nytimes.184837", "nytimes.184860",
}  # fmt: skip


class ReferenceTranslator:
    """Gives each line's human English as the translation of the line's first sentence (the
    line's other sentences get no English)."""

    max_chars = 10**9

    def __init__(self, lines: dict[str, str], source: str) -> None:
        self.english = {}
        for line, english in lines.items():
            sentences = split_sentences(line, source)
            if sentences:
                self.english.setdefault(sentences[0], english)

    def translate_pairs(self, sentences, source, target, progress=None, glossary=None):
        return [SentencePair(s, self.english.get(s, ""), 0.95) for s in sentences]


def load_stories() -> dict[str, list[dict]]:
    lines = NTREX.read_text(encoding="utf-8").splitlines()[1:]
    stories: dict[str, list[dict]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        stories.setdefault(row["doc_id"], []).append(row)
    return stories


def profiles(stories: dict[str, list[dict]]) -> dict:
    made = {}
    for doc_id, rows in stories.items():
        for lang in ("ky", "ru"):
            text = "\n".join(r[lang] for r in rows)
            english = {r[lang]: r["en"] for r in rows}
            made[(doc_id, lang)] = make_profile(
                0,
                f"{doc_id}.{lang}",
                brief(text, ReferenceTranslator(english, lang), source=lang),
                None,
            )
    return made


def evaluate() -> dict:
    stories = load_stories()
    made = profiles(stories)
    result = count(made, list(stories))
    untrusted = {key: replace(p, english=Counter(), trusted=0.0) for key, p in made.items()}
    alone = count(untrusted, list(stories))
    result["without_english"] = {
        key: alone[key] for key in ("same_story_split", "two_outlet_merged", "different_merged")
    } | {"different_merged_pairs": alone["different_merged_pairs"]}
    return result


def count(made: dict, ids: list[str]) -> dict:
    """The merge rule on every pairing of the stories' versions."""
    same_story = [same_event(made[(d, "ky")], made[(d, "ru")]) for d in ids]
    split = [d for d, decision in zip(ids, same_story) if not decision.same]
    outlets = {frozenset(pair) for pair in TWO_OUTLETS}
    outlet_results, merged, different, english = [], [], 0, []
    for a, b in itertools.combinations(ids, 2):
        if a in UNDECIDED and b in UNDECIDED:
            continue
        for la, lb in (("ky", "ru"), ("ky", "ky"), ("ru", "ru")):
            decision = same_event(made[(a, la)], made[(b, lb)])
            if frozenset((a, b)) in outlets:
                outlet_results.append((a, la, b, lb, decision.same, decision.reason))
                continue
            different += 1
            english.append(text_similarity(made[(a, la)], made[(b, lb)])[0])
            if decision.same:
                merged.append(f"{a}.{la} + {b}.{lb}: {decision.reason}")
    english.sort()
    return {
        "stories": len(ids),
        "same_story_ky_ru_pairs": len(ids),
        "same_story_split": len(split),
        "same_story_split_ids": split,
        "same_story_contradicted": [
            f"{d}: {contradiction(made[(d, 'ky')], made[(d, 'ru')])}" for d in split
        ],
        "two_outlet_pairs": len(outlet_results),
        "two_outlet_merged": sum(1 for r in outlet_results if r[4]),
        "two_outlet_split": [
            f"{a}.{la} + {b}.{lb}: {why}" for a, la, b, lb, same, why in outlet_results if not same
        ],
        "different_pairs": different,
        "different_merged": len(merged),
        "different_merged_pairs": merged,
        "different_english_similarity": {
            "median": round(statistics.median(english), 3),
            "p99": round(english[int(0.99 * (len(english) - 1))], 3),
            "max": round(english[-1], 3),
        },
    }


def main() -> int:
    result = evaluate()
    out = ROOT / "bench" / "digest_merge.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
