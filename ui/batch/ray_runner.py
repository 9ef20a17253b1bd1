"""The Ray engine of ``kybrief batch``: the same chunks, on a pool of translator actors.

The driver reads the inputs and skips what the output already has, exactly as the local
engine does. Documents go to Ray Data in waves (``ray.data.from_items``), each wave through
``map_batches`` with an ``ActorPoolStrategy`` of ``TranslatorActor`` (one model per actor,
``num_gpus`` per actor on GPU clusters); every batch is one chunk, processed by the same
``process_chunk`` as locally. Records stream back to the driver, which appends them to the
same journal, so output formats and ``--resume`` work the same. Unreadable documents are
recorded by the driver without reaching the cluster.

The kybrief packages travel to the workers with the job (``runtime_env.py_modules``), so a
cluster needs only the dependencies installed (``pip install kybrief[ray]`` on its image). The
model must be reachable from every worker (a hub id, or a path that exists there), and so must
``--tm-cache`` (a worker that cannot open it uses a private in-memory cache).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import KybriefError
from ui.batch.runner import BatchJob, chunked, error_record, process_chunk
from ui.documents import InputDocument, parse_date
from ui.options import ModelSettings

# ui/ may read and set the environment: no usage statistics leave this machine.
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
logger = logging.getLogger(__name__)

#: Documents handed to Ray Data per dataset (bounds the driver's memory on huge archives).
WAVE_SIZE = 4096
#: Object store of a local Ray instance started here (Ray's default takes 30% of memory).
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide to run.

    Attributes:
        address: a Ray cluster (``ray://head:10001``, ``auto``, ``head:6379``); ``None``
            starts a local instance.
        actors: translator actors (default: one per GPU of the cluster, else 1).
        gpus_per_actor: GPUs each actor takes (default: 1 when the cluster has GPUs and
            the device is not ``cpu``, else 0).
        cpus: CPUs of a local instance (default: all of this machine's).
    """

    address: str | None = None
    actors: int | None = None
    gpus_per_actor: float | None = None
    cpus: int | None = None


class TranslatorActor:
    """A Ray Data callable class: one Translator per actor, one chunk per batch."""

    def __init__(self, settings: dict, job: dict) -> None:
        from ui.options import get_translator

        settings = ModelSettings(**settings)
        try:
            self.translator = get_translator(settings)
        except (KybriefError, OSError) as exc:
            if not settings.tm_cache or settings.tm_cache == ":memory:":
                raise
            logger.warning(
                "cannot use the cache %s here (%s); using memory", settings.tm_cache, exc
            )
            self.translator = get_translator(_with_cache(settings, ":memory:"))
        self.job = BatchJob(**job)

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        docs = [
            InputDocument(str(i), str(t), date=parse_date(str(d)))
            for i, t, d in zip(batch["id"], batch["text"], batch["date"])
        ]
        result = process_chunk(self.translator, self.job, docs)
        records = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in result.records]
        sentences = [result.sentences] + [0] * (len(records) - 1)
        return {
            "id": np.array([d.id for d in docs], dtype=object),
            "record": np.array(records, dtype=object),
            "sentences": np.array(sentences, dtype=np.int64),
        }


def _with_cache(settings: ModelSettings, cache: str) -> ModelSettings:
    return ModelSettings(**{**settings.to_dict(), "tm_cache": cache})


def run_ray(
    docs: Iterable[InputDocument],
    job: BatchJob,
    settings: ModelSettings,
    journal,
    progress,
    options: RayOptions | None = None,
) -> None:
    """Process documents on Ray; records are appended to ``journal`` as they come back.

    Args:
        docs: the documents still to do.
        job: the mode and its options.
        settings: the model settings every actor builds its Translator from.
        journal: a ``ui.batch.journal.Journal``.
        progress: a ``ui.batch.report.Progress``.
        options: cluster address and actor pool (default: a local instance, one actor).
    """
    ray = _import_ray()
    options = options or RayOptions()
    started_here = _connect(ray, options)
    try:
        for wave in chunked(docs, WAVE_SIZE):
            failed = [error_record(d.id, d.error) for d in wave if d.error is not None]
            if failed:
                journal.write(failed)
                journal.sync()
                progress.documents(failed)
            good = [d for d in wave if d.error is None]
            if good:
                _run_wave(ray, good, job, settings, journal, progress, options)
    finally:
        if started_here:
            ray.shutdown()


def _import_ray():
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise KybriefError(
            "--engine ray needs Ray Data: pip install 'ray[data]' (or kybrief[ray])"
        ) from exc
    return ray


def _connect(ray, options: RayOptions) -> bool:
    """Connect to the cluster, or start a local instance; True if this call started Ray.

    A Ray already initialized by the caller is used as it is: its workers must be able to
    import kybrief (installed, or ``runtime_env`` given to its ``ray.init``).
    """
    _quiet_ray()
    if ray.is_initialized():
        return False
    common = {
        "include_dashboard": False,
        "log_to_driver": False,
        "configure_logging": False,
        "runtime_env": _runtime_env(),
    }
    try:
        if options.address:
            ray.init(address=options.address, **common)
        else:
            cpus = options.cpus or os.cpu_count() or 1
            ray.init(num_cpus=cpus, object_store_memory=LOCAL_OBJECT_STORE_BYTES, **common)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = options.address or "a local instance"
        raise KybriefError(f"cannot start Ray on {where}: {exc}") from exc
    return True


def _quiet_ray() -> None:
    """Ray Data's and Ray's start-up notices on stderr only with ``kybrief -v``."""
    if logger.isEnabledFor(logging.INFO):
        return
    for name in ("ray.data", "ray._private.authentication"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _pool(ray, options: RayOptions, settings: ModelSettings) -> tuple[int, float]:
    """(actors, GPUs per actor) from the options and the cluster's resources."""
    cluster_gpus = float(ray.cluster_resources().get("GPU", 0))
    gpus = options.gpus_per_actor
    if gpus is None:
        gpus = 1.0 if cluster_gpus and settings.device != "cpu" else 0.0
    actors = options.actors or (max(int(cluster_gpus // gpus), 1) if gpus else 1)
    return actors, gpus


def _run_wave(ray, docs, job, settings, journal, progress, options) -> None:
    """One Ray Data dataset: documents -> actor pool -> records, streamed into the journal."""
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the batch has its own bar
    context.print_on_execution_start = False
    actors, gpus = _pool(ray, options, settings)
    dataset = ray.data.from_items(
        [{"id": d.id, "text": d.text, "date": d.date.isoformat() if d.date else ""} for d in docs]
    )
    extra = {"num_gpus": gpus} if gpus else {}
    results = dataset.map_batches(
        TranslatorActor,
        batch_size=job.chunk_size,
        compute=ray.data.ActorPoolStrategy(size=actors),
        fn_constructor_kwargs={"settings": settings.to_dict(), "job": job.to_dict()},
        **extra,
    )
    pending, sentences = [], 0
    for row in results.iter_rows():
        pending.append(json.loads(row["record"]))
        sentences += int(row["sentences"])
        if len(pending) >= job.chunk_size:
            _flush(journal, progress, pending, sentences)
            pending, sentences = [], 0
    _flush(journal, progress, pending, sentences)


def _flush(journal, progress, records: list[dict], sentences: int) -> None:
    if records:
        journal.write(records)
        journal.sync()
        progress.documents(records, sentences)


def _runtime_env() -> dict:
    """Ship kybrief's own packages to the workers; keep their usage statistics off."""
    import summarize
    import translate
    import ui

    folders = [str(Path(package.__file__).parent) for package in (translate, summarize, ui)]
    return {
        "py_modules": folders,
        "env_vars": {"RAY_USAGE_STATS_ENABLED": "0"},
    }
