"""Producing records in a second process while this one writes them to the database.

Generating or parsing a person costs about as much CPU as inserting it: on a machine with
two cores, doing both at once nearly halves a large load. The producer is plain Python (no
database); items travel in batches through a bounded queue, so memory stays flat.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator

BATCH = 1000
_DONE = "__done__"


def _produce(make_items: Callable[[], Iterable], queue, size: int) -> None:
    batch = []
    try:
        for item in make_items():
            batch.append(item)
            if len(batch) >= size:
                queue.put(batch)
                batch = []
        queue.put(batch)
        queue.put(_DONE)
    except BaseException as error:  # handed to the consumer, which re-raises it
        queue.put(error)


def in_background(
    make_items: Callable[[], Iterable], *, batch: int = BATCH, enabled: bool = True
) -> Iterator:
    """The items of `make_items()`, produced by a forked process when `enabled`.

    `make_items` runs in the child: it must not touch the database. An exception in the
    producer is raised here. The child inherits this process's garbage-collector state.
    """
    if not enabled or "fork" not in multiprocessing.get_all_start_methods():
        yield from make_items()
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=16)
    process = context.Process(target=_produce, args=(make_items, queue, batch), daemon=True)
    process.start()
    try:
        while True:
            items = queue.get()
            if isinstance(items, BaseException):
                raise items
            if isinstance(items, str) and items == _DONE:
                break
            yield from items
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


def _produce_share(make_chunks: Callable[[int, int], Iterable], queue, worker: int, workers: int):
    try:
        for chunk in make_chunks(worker, workers):
            queue.put(chunk)
        queue.put(_DONE)
    except BaseException as error:
        queue.put(error)


def in_parallel(make_chunks: Callable[[int, int], Iterable], *, workers: int) -> Iterator:
    """The chunks of one sequence, made by `workers` forked processes, in order.

    `make_chunks(worker, workers)` yields the chunks `worker` owns: chunks worker,
    worker + workers, worker + 2 × workers, ... of the sequence, none empty. This process
    takes them in turn. Same rules as `in_background`; with one worker or without fork, the
    chunks are made here.
    """
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from make_chunks(0, 1)
        return
    context = multiprocessing.get_context("fork")
    queues = [context.Queue(maxsize=8) for _ in range(workers)]
    processes = [
        context.Process(
            target=_produce_share, args=(make_chunks, queues[worker], worker, workers), daemon=True
        )
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        turn = 0
        while True:
            chunk = queues[turn % workers].get()
            if isinstance(chunk, BaseException):
                raise chunk
            # The owner of the next chunk has none: the sequence has ended.
            if isinstance(chunk, str) and chunk == _DONE:
                break
            yield chunk
            turn += 1
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
