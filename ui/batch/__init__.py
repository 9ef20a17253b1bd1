"""``kybrief batch``: briefs and translations of whole archives, resumable, local or on Ray.

- ``inputs``: the documents of folders, files, .jsonl/.csv, .zip/.tar.gz and stdin, with their
  metadata dates (``iter_inputs``, ``count_inputs``), and of uploads (``iter_uploads``);
- ``runner``: what to make of each document (``BatchJob``) and the local runner
  (``process_chunk``, ``run_local``, ``SkipDone``);
- ``journal``: the append-only, synced output and its recovery (``Journal``), csv/md rendering;
- ``report``: progress and the closing summary (``Progress``, ``BatchSummary``);
- ``ray_runner``: the same chunks on a pool of Ray actors (``run_ray``, imported on demand);
- ``digest``: the documents of ``kybrief digest``, briefed by the runners or read back from a
  batch output (``DigestPlan``, ``is_batch_output``, ``read_batch_output``).
"""

from ui.batch.inputs import count_inputs, iter_inputs
from ui.batch.journal import FORMATS, Journal, journal_path, read_records, recover, render
from ui.batch.report import BatchSummary, Progress
from ui.batch.runner import MODES, BatchJob, SkipDone, process_chunk, run_local

__all__ = [
    "FORMATS",
    "MODES",
    "BatchJob",
    "BatchSummary",
    "Journal",
    "Progress",
    "SkipDone",
    "count_inputs",
    "iter_inputs",
    "journal_path",
    "process_chunk",
    "read_records",
    "recover",
    "render",
    "run_local",
]
