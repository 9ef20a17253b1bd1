"""Documents through the servers: LibreTranslate's /translate_file and /download_file, the
/api/v1 file route, and the limits every route shares (upload size, keys, request limit),
temporary files, link expiry and sanitized names.

The client flow is LibreTranslate's own (its web page and clients): a multipart form with
``file``, ``source``, ``target`` and ``api_key``, then a plain GET of ``translatedFileUrl``.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

import docx
import pytest
from conftest import load_seed_rows
from fastapi.testclient import TestClient

from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.auth import Access
from ui.web.filejob import DownloadStore, safe_name

SETTINGS = ModelSettings(model="tiny", device="cpu")
ROWS = load_seed_rows()
KY, EN, RU = ROWS[1]["ky"], ROWS[1]["en"], ROWS[1]["ru"]
KY2, EN2 = ROWS[2]["ky"], ROWS[2]["en"]
KEY = "k3y"
EN_OF = {r["ky"]: r["en"] for r in ROWS}
KY_SHORT = sorted(EN_OF, key=len)[:3]


def _docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _client(translator, limits=None, access=None, app=False):
    service = ModelService(SETTINGS, limits or Limits(), translator=translator)
    server = build_server(service, access=access, app=app)
    return TestClient(server), server.state.downloads if hasattr(server, "state") else None


@pytest.fixture
def client(tiny_translator):
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    server = build_server(service, app=False)
    with TestClient(server) as c:
        c.downloads = server.state.downloads
        yield c


def _download_path(url: str) -> str:
    return urlsplit(url).path


# -- LibreTranslate: the client flow -------------------------------------------------------


def test_libretranslate_docx_flow(client):
    """upload -> translatedFileUrl -> download: the tiny model's exact English in the .docx."""
    data = _docx_bytes(KY, KY2)
    answer = client.post(
        "/translate_file",
        data={"source": "ky", "target": "en", "api_key": ""},
        files={"file": ("Пресс-релиз.docx", data, "application/octet-stream")},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    url = body["translatedFileUrl"]
    assert url.startswith("http://testserver/download_file/") and url.endswith(".docx")
    assert body["flagged"] == 0 and body["keptInSource"] == 0
    assert answer.headers["access-control-allow-origin"] == "*"
    got = client.get(_download_path(url))
    assert got.status_code == 200
    assert _docx_texts(got.content) == [EN, EN2]
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "%D0%9F%D1%80%D0%B5%D1%81%D1%81-%D1%80%D0%B5%D0%BB%D0%B8%D0%B7_en.docx" in disposition


def test_libretranslate_txt_flow_auto_source_into_russian(client):
    answer = client.post(
        "/translate_file",
        data={"source": "auto", "target": "ru"},
        files={"file": ("release.txt", f"{KY}\n\n{KY2}\n".encode(), "text/plain")},
    )
    assert answer.status_code == 200, answer.text
    got = client.get(_download_path(answer.json()["translatedFileUrl"]))
    assert RU in got.content.decode("utf-8")
    assert 'filename="release_ru.txt"' in got.headers["content-disposition"]


def test_frontend_settings_advertise_file_translation(client):
    settings = client.get("/frontend/settings").json()
    assert settings["filesTranslation"] is True
    formats = settings["supportedFilesFormat"]
    for ext in (".docx", ".txt", ".html", ".pdf"):
        assert ext in formats
    assert all(f.startswith(".") for f in formats)


@pytest.mark.parametrize(
    ("form", "files", "message"),
    [
        ({"source": "ky", "target": "en"}, None, "missing file parameter"),
        ({"target": "en"}, {"file": ("a.txt", b"x")}, "missing source parameter"),
        ({"source": "ky"}, {"file": ("a.txt", b"x")}, "missing target parameter"),
        ({"source": "ky", "target": "en"}, {"file": ("a.exe", b"x")}, "file format not supp"),
        ({"source": "zz", "target": "en"}, {"file": ("a.txt", b"x")}, "zz is not supported"),
        ({"source": "ky", "target": "de"}, {"file": ("a.txt", b"x")}, "de is not supported"),
    ],
)
def test_libretranslate_checks_and_messages(client, form, files, message):
    answer = client.post("/translate_file", data=form, files=files or {"other": ("x", b"")})
    assert answer.status_code == 400
    assert message in answer.json()["error"]


def test_a_broken_document_is_a_clear_400(client):
    answer = client.post(
        "/translate_file",
        data={"source": "ky", "target": "en"},
        files={"file": ("broken.docx", b"PK\x03\x04 not a zip at all", "application/octet-stream")},
    )
    assert answer.status_code == 400
    assert "broken.docx" in answer.json()["error"]
    assert len(client.downloads) == 0


def test_libretranslate_pdf_comes_back_as_docx_with_a_note(client):
    from test_readers import make_pdf

    english, russian = ROWS[1]["en"], ROWS[1]["ru"]
    answer = client.post(
        "/translate_file",
        data={"source": "en", "target": "ru"},
        files={"file": ("release.pdf", make_pdf([english]), "application/pdf")},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["translatedFileUrl"].endswith(".release_ru.docx")
    assert any("layout is not kept" in note for note in body["notes"])
    got = client.get(_download_path(body["translatedFileUrl"]))
    assert _docx_texts(got.content) == [russian]


def _pptx_check(out, made):
    from pptx import Presentation

    first = Presentation(str(out)).slides[0]
    assert first.shapes.title.text == EN_OF[made["title"]]
    assert first.notes_slide.notes_text_frame.text == EN_OF[made["notes"][0]]


def _text_cases():
    ky, en = KY_SHORT, [EN_OF[k] for k in KY_SHORT]
    link = "https://gov.kg/news/1"
    script = f"<script>var s='{ky[2]}';</script>"
    html = f"<html><body><h1>{ky[0]}</h1><p>{ky[1]}</p>{script}</body></html>"
    md = f"# {ky[0]}\n\n[{ky[1]}]({link})\n\n```\n{ky[2]}\n```\n"
    cues = ("00:00:01,000 --> 00:00:03,500", "00:00:04,000 --> 00:00:06,000")
    srt = f"1\n{cues[0]}\n{ky[0]}\n\n2\n{cues[1]}\n{ky[1]}\n"
    return {
        "html": (html, [f"<h1>{en[0]}</h1>", f"<p>{en[1]}</p>", script]),
        "md": (md, [f"# {en[0]}", f"[{en[1]}]({link})", f"```\n{ky[2]}\n```"]),
        "srt": (srt, [f"{cues[0]}\n{en[0]}\n", f"{cues[1]}\n{en[1]}\n"]),
    }


@pytest.mark.parametrize("kind", ["pptx", "odt", "html", "md", "srt"])
def test_libretranslate_flow_keeps_every_format(client, tmp_path, kind):
    from _files_cases import build_odt, build_pptx, cyrillic_in_zip

    path = tmp_path / f"release.{kind}"
    if kind == "pptx":
        made = build_pptx(path)
    elif kind == "odt":
        made = build_odt(path)
    else:
        text, wanted = _text_cases()[kind]
        path.write_text(text, encoding="utf-8")
    answer = client.post(
        "/translate_file",
        data={"source": "ky", "target": "en"},
        files={"file": (path.name, path.read_bytes())},
    )
    assert answer.status_code == 200, answer.text
    url = answer.json()["translatedFileUrl"]
    assert url.endswith(f".release_en.{kind}")
    out = tmp_path / f"out.{kind}"
    out.write_bytes(client.get(_download_path(url)).content)
    if kind == "pptx":
        _pptx_check(out, made)
        assert cyrillic_in_zip(out) == {}
    elif kind == "odt":
        assert cyrillic_in_zip(out) == {}
        with zipfile.ZipFile(out) as package:
            content = package.read("content.xml").decode("utf-8")
            styles = package.read("styles.xml").decode("utf-8")
        for key in ("heading", "cell", "footnote"):
            assert EN_OF[made[key]] in content
        assert EN_OF[made["header"]] in styles and EN_OF[made["footer"]] in styles
    else:
        got = out.read_text(encoding="utf-8")
        for piece in wanted:
            assert piece in got


# -- /api/v1/translate_file ----------------------------------------------------------------


def test_api_v1_translate_file(client):
    answer = client.post(
        "/api/v1/translate_file",
        data={"target": "en"},
        files={"file": ("release.docx", _docx_bytes(KY, KY2))},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["file_name"] == "release_en.docx" and body["source_name"] == "release.docx"
    assert body["flagged"] == 0 and body["kept_in_source"] == [] and body["layout_kept"]
    assert str(client.downloads.root) not in answer.text  # no server path is ever shown
    got = client.get(_download_path(body["download_url"]))
    assert _docx_texts(got.content) == [EN, EN2]


def test_api_v1_bad_document_and_unknown_format(client):
    broken = client.post(
        "/api/v1/translate_file", files={"file": ("x.docx", b"garbage", "application/zip")}
    )
    assert broken.status_code == 400 and "x.docx" in broken.json()["error"]
    unknown = client.post("/api/v1/translate_file", files={"file": ("x.doc", b"garbage")})
    assert unknown.status_code == 400 and ".doc" in unknown.json()["error"]


# -- the same limits -----------------------------------------------------------------------


def test_oversized_upload_is_413_on_both_routes(tiny_translator):
    limit = 4096
    service = ModelService(SETTINGS, Limits(upload_bytes=limit), translator=tiny_translator)
    client = TestClient(build_server(service, app=False))
    big = ("release.txt", (KY + "\n").encode() * 200)
    lt = client.post("/translate_file", data={"source": "ky", "target": "en"}, files={"file": big})
    assert lt.status_code == 413
    api = client.post("/api/v1/translate_file", files={"file": big})
    assert api.status_code == 413
    # a file just over the limit inside a body under the form's margin: refused while copied
    near = ("release.txt", b"a" * (limit + 10))
    lt = client.post("/translate_file", data={"source": "ky", "target": "en"}, files={"file": near})
    assert lt.status_code == 413 and f"{limit:,}" in lt.json()["error"]
    small = ("release.txt", KY.encode())
    form = {"source": "ky", "target": "en"}
    ok = client.post("/translate_file", data=form, files={"file": small})
    assert ok.status_code == 200


def test_max_chars_counts_the_whole_document(tiny_translator):
    service = ModelService(SETTINGS, Limits(max_chars=len(KY) + 5), translator=tiny_translator)
    client = TestClient(build_server(service, app=False))
    two = {"file": ("release.docx", _docx_bytes(KY, KY2))}
    api = client.post("/api/v1/translate_file", files=two)
    assert api.status_code == 413 and f"limit is {len(KY) + 5:,}" in api.json()["error"]
    lt = client.post("/translate_file", data={"source": "ky", "target": "en"}, files=two)
    assert lt.status_code == 413
    one = {"file": ("release.docx", _docx_bytes(KY))}
    assert client.post("/api/v1/translate_file", files=one).status_code == 200


def test_api_keys_are_required_on_the_file_routes(tiny_translator):
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    client = TestClient(build_server(service, access=Access(api_keys=frozenset([KEY])), app=False))
    file = {"file": ("release.txt", KY.encode())}
    form = {"source": "ky", "target": "en"}
    assert client.post("/translate_file", data=form, files=file).status_code == 403
    wrong = client.post("/translate_file", data={**form, "api_key": "nope"}, files=file)
    assert wrong.status_code == 403 and wrong.json()["error"] == "Invalid API key"
    assert client.post("/api/v1/translate_file", files=file).status_code == 403
    ok = client.post("/translate_file", data={**form, "api_key": KEY}, files=file)
    assert ok.status_code == 200
    # the link itself is the credential (LibreTranslate's page opens it without a key)
    got = client.get(_download_path(ok.json()["translatedFileUrl"]))
    assert got.content.decode("utf-8").strip() == EN
    api = client.post("/api/v1/translate_file", files=file, headers={"X-API-Key": KEY})
    assert api.status_code == 200


def test_basic_auth_server_lets_a_key_through_and_the_link_works(tiny_translator):
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    access = Access(auth=("editor", "pw"), api_keys=frozenset([KEY]))
    client = TestClient(build_server(service, access=access, app=False))
    file = {"file": ("release.txt", KY.encode())}
    form = {"source": "ky", "target": "en", "api_key": KEY}
    ok = client.post("/translate_file", data=form, files=file)
    assert ok.status_code == 200
    assert client.get(_download_path(ok.json()["translatedFileUrl"])).status_code == 200


def test_request_limit_counts_file_translations(tiny_translator):
    service = ModelService(SETTINGS, Limits(req_limit=2), translator=tiny_translator)
    client = TestClient(build_server(service, app=False))
    file = {"file": ("release.txt", KY.encode())}
    form = {"source": "ky", "target": "en"}
    codes = [client.post("/translate_file", data=form, files=file).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


class _SlotSpy:
    """The tiny Translator, noting how many model slots are in use whenever it translates."""

    def __init__(self, translator) -> None:
        self._translator = translator
        self.service = None
        self.busy: list[int] = []

    def __getattr__(self, name: str):
        return getattr(self._translator, name)

    def translate_plans(self, *args, **kwargs):
        self.busy.append(self.service.busy)
        return self._translator.translate_plans(*args, **kwargs)


def test_file_translations_hold_a_concurrency_slot(tiny_translator):
    spy = _SlotSpy(tiny_translator)
    spy.service = ModelService(SETTINGS, Limits(concurrency=1), translator=spy)
    client = TestClient(build_server(spy.service, app=False))
    file = {"file": ("release.docx", _docx_bytes(KY))}
    assert client.post("/api/v1/translate_file", files=file).status_code == 200
    form = {"source": "ky", "target": "en"}
    assert client.post("/translate_file", data=form, files=file).status_code == 200
    assert spy.busy == [1, 1] and spy.service.busy == 0


def test_a_loading_model_is_503_and_nothing_is_left(tmp_path):
    service = ModelService(SETTINGS, Limits(), loader=lambda: __import__("time").sleep(30))
    server = build_server(service, app=False)
    client = TestClient(server)
    answer = client.post(
        "/translate_file",
        data={"source": "ky", "target": "en"},
        files={"file": ("release.txt", KY.encode())},
    )
    assert answer.status_code == 503
    root = server.state.downloads.root
    assert list(root.iterdir()) == []  # the upload's work folder is gone


# -- temporary files, expiry, names --------------------------------------------------------


def test_uploads_are_deleted_and_links_expire(client):
    answer = client.post(
        "/translate_file",
        data={"source": "ky", "target": "en"},
        files={"file": ("release.txt", KY.encode())},
    )
    path = _download_path(answer.json()["translatedFileUrl"])
    store = client.downloads
    # only the translated file is left: one folder, one file, no upload, no work folder
    (folder,) = list(store.root.iterdir())
    assert [p.name for p in folder.iterdir()] == ["release_en.txt"]
    assert client.get(path).status_code == 200
    store._clock = lambda: 1e18  # as if the link's ten minutes were over
    gone = client.get(path)
    assert gone.status_code == 404 and "expired" in gone.json()["error"]
    assert list(store.root.iterdir()) == []


def test_download_links_cannot_be_guessed_or_traversed(client):
    for path in (
        "/download_file/..%2F..%2Fetc%2Fpasswd",
        "/download_file/passwd",
        "/download_file/" + "A" * 32 + ".release_en.txt",
    ):
        assert client.get(path).status_code == 404


def test_the_served_name_is_sanitized(client):
    answer = client.post(
        "/translate_file",
        data={"source": "ky", "target": "en"},
        files={"file": ("../../evil\\..\\name.txt", KY.encode())},
    )
    url = answer.json()["translatedFileUrl"]
    assert "/download_file/" in url and ".." not in url.split("/download_file/")[1]
    got = client.get(_download_path(url))
    assert 'filename="name_en.txt"' in got.headers["content-disposition"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Пресс-релиз 1.docx", "Пресс-релиз 1.docx"),
        ("..", "document"),
        ("", "document"),
        (".hidden.txt", "hidden.txt"),
        ("a\x00b<>|:*?.md", "ab______.md"),
        ("x" * 300 + ".docx", "x" * 115 + ".docx"),
    ],
)
def test_safe_name(raw, clean):
    assert safe_name(raw) == clean


def test_store_sweeps_expired_files(tmp_path):
    now = [1000.0]
    store = DownloadStore(ttl_s=600, clock=lambda: now[0])
    source = tmp_path / "out.txt"
    source.write_text("x")
    item = store.add(source, "out.txt")
    assert store.get(item.token) == item and not source.exists()
    now[0] += 599
    assert store.get(item.token) is not None
    now[0] += 2
    assert store.get(item.token) is None and not item.path.exists()
    store.close()
