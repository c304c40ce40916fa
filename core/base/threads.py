"""Small torch work on one intra-op thread, without changing anyone else's.

A tiny head's training (≤ 60 × 1280 features, ≤ 6 classes, a few hundred steps) is thousands of
small matrix products: split over torch's default 2 intra-op threads, each product waits for
the second thread to be scheduled, and on a loaded 2-core machine 200 steps took seconds
instead of about 0.1 s (bench/train.py). One thread is the natural path for work this small.

``torch.set_num_threads`` is not a scoped setting: it sets the calling thread's OpenMP and MKL
thread counts and ALSO the process-wide count that every thread started later takes on its first
parallel op. Changing it around a call and back is a race in a Streamlit server (each run is a
new thread; another session's thread could start single-threaded, or ours could be reset).

So such work runs on a few long-lived worker threads whose count was set once, when their
pool starts (``on_threads``: one pool per count): each worker first settles its own count (so
that its lazy initialisation can no longer reset it), then sets the pool's; the process-wide
count is put back right after, before any work is queued. The only window is those few
microseconds at a pool's start, once per process, and the most it can do is leave a thread that
started inside it on another count: slower or faster, and for the model's forward a few 1e-6
off, never wrong by more.

The app puts its runs on one thread (``one_thread_runs``); its model forward passes go to a pool
with torch's default count (``on_default_threads``), so that they give a learner's numbers.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import torch

WORKERS = max(1, min(2, os.cpu_count() or 1))  # concurrent sessions' work, one pool each
# torch's count when this process started (OMP_NUM_THREADS, else the machine's cores): what a
# learner's own torch uses, and so what the model's forward passes use here (on_default_threads)
DEFAULT = torch.get_num_threads()
_pools: dict[int, ThreadPoolExecutor] = {}
_lock = threading.Lock()
_here = threading.local()  # a worker's count: a nested call for the same count runs in place


def _settle(n: int, ready: threading.Barrier) -> None:
    torch.get_num_threads()  # this thread's lazy init now, so it cannot undo the count below
    torch.set_num_threads(n)
    _here.threads = n
    ready.wait()


def _start(n: int) -> ThreadPoolExecutor:
    with _lock:
        if n not in _pools:
            saved = torch.get_num_threads()
            ready = threading.Barrier(WORKERS + 1)
            pool = ThreadPoolExecutor(WORKERS, thread_name_prefix=f"{n}-thread",
                                      initializer=_settle, initargs=(n, ready))
            for _ in range(WORKERS):  # each submit starts a worker while the others wait
                pool.submit(int)
            ready.wait()
            torch.set_num_threads(saved)  # the process's count again, for every other thread
            _pools[n] = pool
    return _pools[n]


def on_threads(n: int, fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` on a worker whose torch uses ``n`` intra-op threads; its result
    (or its exception)."""
    if getattr(_here, "threads", None) == n:
        return fn(*args, **kwargs)
    return (_pools.get(n) or _start(n)).submit(fn, *args, **kwargs).result()


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
    runs each replica with OMP_NUM_THREADS=1 for the same reason (scripts/scale_out.sh). The
    model's forward passes keep torch's default count (``on_default_threads``)."""
    torch.set_num_threads(1)  # (also where this thread is on one already: the process's count)


def on_one_thread(fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` on a worker whose torch uses one intra-op thread."""
    return on_threads(1, fn, *args, **kwargs)


def on_default_threads(fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` with torch's default count (``DEFAULT``): the model's forward
    passes, whose float32 sums come out a few 1e-6 different on another count (lite0 on the
    coffee photo: up to 2.6e-6 between one thread and two), so that the app's logits are the
    ones a learner's own torch prints, to the last bit. Where that count is 1 (the deployment's
    OMP_NUM_THREADS=1) the app's runs are on one thread already: it runs in place."""
    if DEFAULT == 1 and torch.get_num_threads() == 1:
        return fn(*args, **kwargs)
    return on_threads(DEFAULT, fn, *args, **kwargs)
