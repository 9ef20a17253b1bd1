"""The meaning check at every edge: on by default for briefs (Python, CLI, batch, digest,
``/api/v1``, the app's API, LibreTranslate's ``/brief``), on request for translations, off
with ``verify=False`` / ``--no-verify``.

An unseen release is the case the check exists for: the test model turns it into fluent
English about the seed releases, which the round trip finds (flag ``meaning``).
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, TINY_MODEL, UNSEEN_RELEASES, seed_text
from gradio_client import Client

from summarize import brief, digest
from translate import MEANING
from ui.batch import read_records
from ui.cli import main
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

MODEL = ["--model", str(TINY_MODEL), "--device", "cpu", "--engine", "transformers"]
UNSEEN = UNSEEN_RELEASES[0]


def read_flags(made: dict) -> list[list[str]]:
    """The flags of every sentence a reader reads in a brief's JSON."""
    return [made["headline_flags"], *made["summary_flags"], *made["key_point_flags"]]


def round_trips(document: dict) -> list[float | None]:
    return [
        sentence.get("round_trip")
        for paragraph in document["paragraphs"]
        for sentence in paragraph["sentences"]
    ]


def assert_checked(made: dict) -> None:
    """Every sentence the reader reads of the unseen release is flagged, most by meaning."""
    flags = read_flags(made)
    assert all(flags), flags
    assert sum(MEANING in f for f in flags) > len(flags) / 2, flags


def assert_unchecked(made: dict) -> None:
    assert not any(MEANING in f for f in read_flags(made))
    assert set(round_trips(made["translation"])) == {None}


# -- Python --------------------------------------------------------------------------------


def test_a_brief_is_checked_by_default(tiny_ct2_translator):
    seed = brief(seed_text(SEED_IDS[0]), tiny_ct2_translator)
    read = {*seed.summary_sentences, *seed.key_points}
    checked = [p.round_trip for p in seed.translation.sentences if p.translation in read]
    assert len(checked) == len(read) and set(checked) == {1.0}
    assert_checked(brief(UNSEEN, tiny_ct2_translator).to_dict())
    assert_unchecked(brief(UNSEEN, tiny_ct2_translator, verify=False).to_dict())


def test_a_digest_entry_of_an_unseen_release_says_meaning(tiny_ct2_translator):
    checked = digest(UNSEEN_RELEASES[:2], tiny_ct2_translator)
    assert checked.entries and all(
        any(MEANING in flag for flag in entry.flags) for entry in checked.entries
    )
    unchecked = digest(UNSEEN_RELEASES[:2], tiny_ct2_translator, verify=False)
    assert not any(MEANING in flag for entry in unchecked.entries for flag in entry.flags)


# -- the command line ----------------------------------------------------------------------


@pytest.fixture
def unseen_file(tmp_path):
    path = tmp_path / "unseen.txt"
    path.write_text(UNSEEN, encoding="utf-8")
    return str(path)


def test_cli_brief_checks_by_default_and_not_with_no_verify(unseen_file, capsys):
    assert main(["brief", unseen_file, *MODEL, "--json"]) == 0
    assert_checked(json.loads(capsys.readouterr().out))
    assert main(["brief", unseen_file, *MODEL, "--json", "--no-verify"]) == 0
    assert_unchecked(json.loads(capsys.readouterr().out))


def test_cli_translate_checks_every_sentence_on_request(tmp_path, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text(SEED_IDS[1]), encoding="utf-8")
    assert main(["translate", str(path), *MODEL, "--json", "--verify"]) == 0
    assert set(round_trips(json.loads(capsys.readouterr().out))) == {1.0}
    assert main(["translate", str(path), *MODEL, "--json"]) == 0
    assert set(round_trips(json.loads(capsys.readouterr().out))) == {None}


@pytest.mark.parametrize(
    ("mode", "option", "briefs", "translations"),
    [
        ("both", None, True, False),  # the default: briefs checked, translations not
        ("both", "--verify", True, True),
        ("brief", "--no-verify", False, None),
    ],
)
def test_batch_records_carry_the_check(tmp_path, unseen_file, mode, option, briefs, translations):
    out = tmp_path / "out.jsonl"
    argv = ["batch", unseen_file, "-o", str(out), "--mode", mode, *MODEL[:-2]]
    argv += ["--model-engine", "transformers"]  # (batch's --engine is its runner)
    with redirect_stderr(io.StringIO()):
        assert main([*argv, *([option] if option else [])]) == 0
    (record,) = read_records(out)
    (assert_checked if briefs else assert_unchecked)(record["brief"])
    if translations is not None:
        trips = set(round_trips(record["translation"]))
        assert (None not in trips) if translations else trips == {None}


# -- the servers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def url(tiny_ct2_translator):
    settings = ModelSettings(model=str(TINY_MODEL), device="cpu")
    with live_server(build_server(ModelService(settings, translator=tiny_ct2_translator))) as base:
        wait_ready(base)
        yield base


def test_api_v1_brief_and_translate(url):
    made = httpx.post(f"{url}/api/v1/brief", json={"text": UNSEEN}, timeout=60).json()
    assert_checked(made)
    body = {"text": UNSEEN, "verify": False}
    assert_unchecked(httpx.post(f"{url}/api/v1/brief", json=body, timeout=60).json())
    seed = seed_text(SEED_IDS[0])
    plain = httpx.post(f"{url}/api/v1/translate", json={"text": seed}, timeout=60).json()
    assert set(round_trips(plain)) == {None}
    body = {"text": seed, "verify": True}
    checked = httpx.post(f"{url}/api/v1/translate", json=body, timeout=60).json()
    assert set(round_trips(checked)) == {1.0}


def test_libretranslate_brief_and_translate(url):
    assert_checked(httpx.post(f"{url}/brief", json={"q": UNSEEN}, timeout=60).json())
    body = {"q": UNSEEN, "source": "ky", "target": "en"}
    plain = httpx.post(f"{url}/translate", json=body, timeout=60).json()
    checked = httpx.post(f"{url}/translate", json={**body, "verify": True}, timeout=60).json()
    assert MEANING not in plain["flags"] and MEANING in checked["flags"]
    assert checked["translatedText"] == plain["translatedText"]


def test_gradio_api_brief_and_translate(url):
    client = Client(url + "/", verbose=False, download_files=False)
    assert_checked(client.predict(UNSEEN, api_name="/brief"))
    checked = client.predict(seed_text(SEED_IDS[0]), "auto", "en", True, api_name="/translate")
    assert set(round_trips(checked)) == {1.0}
