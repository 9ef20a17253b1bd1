"""The bad-input catalogue: every case through ``Translator.translate``, ``summarize.brief``,
the CLI (``kybrief translate`` / ``kybrief brief``) and the app's JSON API on a live server.

Each case gives a correct result (checked against the seed references the tiny model
reproduces) or one clear kybrief error, refused before any model call; never a traceback, a
hang, or a server that stops answering (``/healthz`` is asked after every request). The cases
are in tests/_bad_input_cases.py; the Gradio app, uploads, files and the batch are in
tests/test_bad_input_app.py.
"""

from __future__ import annotations

import json
import shutil

import _bad_input_cases as _cases
import httpx
import pytest
from _bad_input_cases import (
    CASES,
    IDS,
    KY,
    LONG,
    MODEL,
    check_brief,
    check_translation,
    input_file,
    one_error_line,
    post,
)
from _live_server import live_server, wait_ready
from conftest import TINY_MODEL

from summarize import brief
from translate import KybriefError, ModelNotAvailableError, Translator, UnsupportedLanguageError
from translate.segment import split_long_sentence
from ui.cli import main
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

pytestmark = pytest.mark.timeout(120)
calls, url = _cases.calls, _cases.url  # fixtures shared with the other catalogue module


NOISY = {"lone-surrogates": 1, "nul-bytes": 2, "rtl-marks": 0, "zero-width": 2}


@pytest.mark.parametrize("name", NOISY)
def test_noisy_cases_carry_their_noise(name):
    text = CASES[name].text
    assert text != KY[NOISY[name]] and len(text) > len(KY[NOISY[name]])
    assert "".join(ch for ch in text if ch.isprintable() and ch != "\u00ad") == KY[NOISY[name]]


# -- the Python API -----------------------------------------------------------------------


@pytest.mark.parametrize("name", IDS)
def test_translate(tiny_translator, calls, name):
    case = CASES[name]
    if case.error:
        with pytest.raises(KybriefError, match=case.error):
            tiny_translator.translate(case.text)
        assert calls.texts == []  # refused before any model call
    else:
        check_translation(case, tiny_translator.translate(case.text))


@pytest.mark.parametrize("name", IDS)
def test_brief(tiny_translator, calls, name):
    case = CASES[name]
    if case.brief_error:
        with pytest.raises(KybriefError, match=case.brief_error):
            brief(case.text, translator=tiny_translator)
        assert calls.texts == []
    else:
        check_brief(case, brief(case.text, translator=tiny_translator).to_dict())


# -- the command line ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_ready(tmp_path_factory):
    """Load the CLI's translator once, so no loading output mixes into the tests' stderr."""
    path = tmp_path_factory.mktemp("warm") / "warm.txt"
    path.write_text(KY[1], encoding="utf-8")
    assert main(["translate", str(path), *MODEL]) == 0


@pytest.mark.parametrize("name", IDS)
def test_cli_translate(cli_ready, tmp_path, capsys, calls, name):
    case = CASES[name]
    status = main(["translate", input_file(tmp_path, case.text), *MODEL])
    if case.cli_error or case.error:
        assert status == 1
        one_error_line(capsys, case.cli_error or case.error)
        assert calls.texts == []
    else:
        assert status == 0
        check_translation(case, capsys.readouterr().out.removesuffix("\n"))


@pytest.mark.parametrize("name", IDS)
def test_cli_brief(cli_ready, tmp_path, capsys, calls, name):
    case = CASES[name]
    status = main(["brief", "--json", input_file(tmp_path, case.text), *MODEL])
    if case.cli_error or case.brief_error:
        assert status == 1
        one_error_line(capsys, case.cli_error or case.brief_error)
        assert calls.texts == []
    else:
        assert status == 0
        check_brief(case, json.loads(capsys.readouterr().out))


# -- the app's JSON API on a live server ------------------------------------------------


@pytest.mark.parametrize("name", IDS)
def test_api_translate(url, calls, name):
    case = CASES[name]
    response = post(url, "/api/v1/translate", {"text": case.text})
    if case.error:
        assert response.status_code == case.status
        assert case.error in response.json()["error"]
        assert calls.texts == []
    else:
        assert response.status_code == 200, response.text
        check_translation(case, response.json()["translation"])


@pytest.mark.parametrize("name", IDS)
def test_api_brief(url, calls, name):
    case = CASES[name]
    response = post(url, "/api/v1/brief", {"text": case.text})
    if case.brief_error:
        assert response.status_code == case.status
        assert case.brief_error in response.json()["error"]
        assert calls.texts == []
    else:
        assert response.status_code == 200, response.text
        check_brief(case, response.json())


# -- one sentence of 1,500 words: cut into pieces, every piece translated -----------------


def test_unpunctuated_sentence_every_piece_is_translated_once(tiny_translator, calls, monkeypatch):
    monkeypatch.setattr(tiny_translator, "max_input_tokens", 48)
    count = lambda s: tiny_translator.engine.count_tokens(s, "kir_Cyrl")  # noqa: E731
    pieces = split_long_sentence(LONG, 48, count)
    assert len(pieces) > 25 and all(count(p) <= 48 for p in pieces)
    assert " ".join(pieces).split() == LONG.split()  # nothing dropped
    out = tiny_translator.translate(LONG, source="ky")
    assert sorted(calls.texts) == sorted(set(pieces))  # each distinct piece once
    each = dict(zip(pieces, tiny_translator.translate_sentences(pieces, "ky", "en")))
    assert out == " ".join(each[p] for p in pieces)  # every piece, in order
    # bounded: no piece may produce more than its output budget (2 x 48 + 16 tokens)
    assert len(out.split()) <= len(pieces) * (2 * 48 + 16)


# -- language codes ---------------------------------------------------------------------

CODES = [
    ({"source": "xx"}, "'xx'"),
    ({"source": "kk"}, "'kk'"),
    ({"target": "de"}, "'de'"),
    ({"target": "zho_Hans"}, "'zho_Hans'"),
    ({"target": ""}, "''"),
]


@pytest.mark.parametrize(("kwargs", "fragment"), CODES)
def test_unknown_language_codes(tiny_translator, url, calls, tmp_path, capsys, kwargs, fragment):
    with pytest.raises(UnsupportedLanguageError, match=fragment):
        tiny_translator.translate(KY[1], **kwargs)
    if "source" in kwargs:
        with pytest.raises(UnsupportedLanguageError, match=fragment):
            brief(KY[1], translator=tiny_translator, **kwargs)
    flags = [f"--{k}={v}" for k, v in kwargs.items()]
    assert main(["translate", input_file(tmp_path, KY[1]), *flags, *MODEL]) == 1
    one_error_line(capsys, fragment)
    response = post(url, "/api/v1/translate", {"text": KY[1], **kwargs})
    assert response.status_code == 400 and fragment in response.json()["error"]
    assert calls.texts == []


# -- models that cannot be loaded -------------------------------------------------------


def _broken_model(tmp_path, kind: str) -> str:
    folder = tmp_path / kind
    if kind == "missing":
        return str(folder)
    if kind == "empty-folder":
        folder.mkdir()
        return str(folder)
    shutil.copytree(TINY_MODEL, folder)
    if kind == "corrupt-weights":
        (folder / "model.safetensors").write_bytes(b"\x00" * 64)
    elif kind == "no-weights":
        (folder / "model.safetensors").unlink()
    elif kind == "corrupt-config":
        (folder / "config.json").write_text("{not json", encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(
    "kind", ["missing", "empty-folder", "corrupt-weights", "no-weights", "corrupt-config"]
)
def test_model_that_cannot_be_loaded(tmp_path, capsys, kind):
    model = _broken_model(tmp_path, kind)
    with pytest.raises(ModelNotAvailableError, match="kybrief download"):
        Translator(model, device="cpu")
    assert (
        main(["translate", input_file(tmp_path, KY[1]), "--model", model, "--device", "cpu"]) == 1
    )
    one_error_line(capsys, "is not available")
    settings = ModelSettings(model=model, device="cpu")
    with live_server(build_server(ModelService(settings))) as base:
        health = wait_ready(base, timeout=60)
        assert health["state"] == "error" and "not available" in health["error"]
        response = httpx.post(f"{base}/api/v1/brief", json={"text": KY[1]}, timeout=30)
        assert response.status_code == 503 and "kybrief download" in response.json()["error"]
        detect = httpx.post(f"{base}/api/v1/detect", json={"text": KY[1]}, timeout=30)
        assert detect.status_code == 200 and detect.json()["language"] == "ky"  # still serving
