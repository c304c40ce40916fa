"""Small torch work on one intra-op thread, without changing anyone else's.

A tiny head's training (≤ 60 × 1280 features, ≤ 6 classes, a few hundred steps) is thousands of
small matrix products: split over torch's default 2 intra-op threads, each product waits for
the second thread to be scheduled, and on a loaded 2-core machine 200 steps took seconds
instead of about 0.1 s (bench/train.py). One thread is the natural path for work this small.

``torch.set_num_threads`` is not a scoped setting: it sets the calling thread's OpenMP and MKL
thread counts and ALSO the process-wide count that every thread started later takes on its first
parallel op. Changing it around a call and back is a race in a Streamlit server (each run is a
new thread; another session's thread could start single-threaded, or ours could be reset).

So the work runs on a few long-lived worker threads that were made single-threaded once, when
the pool starts: each worker first settles its own count (so that its lazy initialisation can
no longer reset it), then sets 1; the process-wide count is put back right after, before any
work is queued. Threads started later, and the model's forward passes elsewhere, keep the
process's count (2 here outside the app; 1 in the app's runs, see ``one_thread_runs``). The
only window is those few microseconds at the pool's start, once per process, and the most it
can do is leave a thread that started inside it on one thread: slower, never wrong.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import torch

WORKERS = max(1, min(2, os.cpu_count() or 1))  # concurrent sessions' trainings, one core each
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_here = threading.local()  # set on the workers: a nested call runs in place (no deadlock)


def _single_threaded(ready: threading.Barrier) -> None:
    torch.get_num_threads()  # this thread's lazy init now, so it cannot undo the 1 below
    torch.set_num_threads(1)
    _here.solo = True
    ready.wait()


def _start() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            saved = torch.get_num_threads()
            ready = threading.Barrier(WORKERS + 1)
            pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="one-thread",
                                      initializer=_single_threaded, initargs=(ready,))
            for _ in range(WORKERS):  # each submit starts a worker while the others wait
                pool.submit(int)
            ready.wait()
            torch.set_num_threads(saved)  # the process's count again, for every other thread
            _pool = pool
    return _pool


def one_thread_runs() -> None:
    """The app's runs on one intra-op thread (app.py calls this first in every run): the
    calling thread's count and the process-wide count that threads started later take (every
    run, a fragment's too, is a new thread), set once, never put back.

    Every computation of a run is small: a batch of at most 20 × 20 logits, a lab's grid, one
    photo through a small model. With a second thread, torch waits for it at every parallel
    op, and while the browser draws on the other core it is not scheduled in time: the
    learning-rate lab's ten tiny steps (0.4 ms) took 100–200 ms a run on this 2-core machine
    beside Chromium. On one thread they took 0.3–5 ms, and one photo through lite0, or sixty
    at once, is as fast (lite2's single photo: 48 ms instead of 31 ms, quiet). The deployment
    runs each replica with OMP_NUM_THREADS=1 for the same reason (scripts/scale_out.sh)."""
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def on_one_thread(fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` on a worker whose torch uses one intra-op thread; its result
    (or its exception)."""
    if getattr(_here, "solo", False):
        return fn(*args, **kwargs)
    return (_pool or _start()).submit(fn, *args, **kwargs).result()

