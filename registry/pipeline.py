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
    producer is raised here.
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
