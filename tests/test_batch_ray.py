"""kybrief batch --engine ray on a real local Ray instance gives the local engine's records."""

from __future__ import annotations

import pytest
import ray.data  # noqa: F401  (a test dependency: missing, this fails loudly)
from conftest import SEED_IDS, seed_text
from test_batch import by_id, run_cli, summary_of, without_timings


@pytest.mark.slow
def test_ray_engine_gives_the_same_records_as_the_local_engine(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for doc_id in SEED_IDS:
        (folder / f"{doc_id}.txt").write_text(seed_text(doc_id), encoding="utf-8")
    (folder / "ru.txt").write_text(seed_text(SEED_IDS[1], "ru"), encoding="utf-8")
    (folder / "old.txt").write_bytes(seed_text(SEED_IDS[0], "ru").encode("cp1251"))
    results = {}
    for engine in ("local", "ray"):
        out = tmp_path / f"{engine}.jsonl"
        status, stderr = run_cli(
            str(folder), "-o", str(out), "--tm-cache", str(tmp_path / f"{engine}.tm.sqlite"),
            "--engine", engine, "--ray-cpus", "2", "--chunk-size", "2",
        )  # fmt: skip
        assert status == 1  # old.txt is not UTF-8
        summary = summary_of(stderr)
        assert (summary["engine"], summary["done"], summary["failed"]) == (engine, 3, 1)
        results[engine] = by_id(out)
    assert len(results["ray"]) == 4
    assert without_timings(results["ray"]) == without_timings(results["local"])
    assert results["ray"][str(folder / "ru.txt")]["language"] == "ru"
