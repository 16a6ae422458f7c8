"""The machinery behind large loads: CSV chunks checked by several processes, in order."""

import os

import pytest
from django.db import connection

from registry.bulk import import_registry, reading
from registry.bulk.reading import registry_csv_chunks
from registry.models import Address, Person
from registry.pipeline import in_parallel
from tests.factories import PersonFactory, make_niss

HEADER = "niss,last_name,first_names,birth_date,sex,street,house_number,box,postal_code,locality\n"


def write_rows(tmp_path, count: int, *, duplicate_of: dict[int, int] | None = None):
    """`count` valid rows, each with its own address; row i repeats row j's NISS when
    duplicate_of maps i to j."""
    numbers = [
        make_niss(1950 + i % 50, 1 + i % 12, 1 + i % 28, 1 + 2 * (i // 600)) for i in range(count)
    ]
    for row, original in (duplicate_of or {}).items():
        numbers[row] = numbers[original]
    lines = [
        f"{niss},Peeters{i},Jan,{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d},M,"
        f"Rue {i},{i},,4000,Liège\n"
        for i, niss in enumerate(numbers)
    ]
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path, numbers


def test_workers_share_the_chunks_and_together_give_the_file_in_order(tmp_path):
    path, _ = write_rows(tmp_path, 7)
    alone = list(registry_csv_chunks(path, chunk_size=2))
    first = list(registry_csv_chunks(path, worker=0, workers=2, chunk_size=2))
    second = list(registry_csv_chunks(path, worker=1, workers=2, chunk_size=2))
    assert [chunk for chunk, _ in first] == [0, 2]
    assert [chunk for chunk, _ in second] == [1, 3]
    assert [chunk for chunk, _ in alone] == [0, 1, 2, 3]
    merged = sorted(first + second, key=lambda pair: pair[0])
    assert [[line for line, _ in items] for _, items in merged] == [
        [line for line, _ in items] for _, items in alone
    ]
    assert [line for _, items in alone for line, _ in items] == list(range(2, 9))


def test_in_parallel_keeps_the_order_of_the_chunks():
    def make_chunks(worker, workers):
        for chunk in range(worker, 9, workers):
            yield [chunk, os.getpid()]

    chunks = list(in_parallel(make_chunks, workers=3))
    assert [chunk for chunk, _pid in chunks] == list(range(9))
    assert len({pid for _chunk, pid in chunks}) == 3  # made in three processes


def test_in_parallel_raises_a_workers_error():
    def make_chunks(worker, workers):
        yield [worker]
        if worker == 1:
            raise ValueError("bad chunk")
        yield [worker + workers]

    with pytest.raises(ValueError, match="bad chunk"):
        list(in_parallel(make_chunks, workers=2))


@pytest.mark.django_db
def test_a_first_load_in_several_chunks_links_each_person_to_its_own_address(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "CSV_CHUNK", 7)
    path, numbers = write_rows(tmp_path, 40)
    stats, errors = import_registry(path=path)
    assert (stats.created, errors) == (40, [])
    persons = {p.niss: p for p in Person.objects.select_related("residential_address")}
    assert len(persons) == 40
    for i, niss in enumerate(numbers):
        assert persons[niss].last_name == f"Peeters{i}"
        assert persons[niss].residential_address.street == f"Rue {i}"


@pytest.mark.django_db
def test_a_duplicate_in_a_later_chunk_stops_the_whole_first_load(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "CSV_CHUNK", 7)
    path, numbers = write_rows(tmp_path, 30, duplicate_of={25: 2})
    stats, errors = import_registry(path=path)
    assert errors == [(27, f"NISS {numbers[2]} présent plusieurs fois dans le fichier")]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_skipping_a_duplicate_keeps_the_first_row_and_no_address_of_the_second(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(reading, "CSV_CHUNK", 7)
    path, numbers = write_rows(tmp_path, 30, duplicate_of={25: 2, 26: 25})
    stats, errors = import_registry(path=path, skip_invalid=True)
    duplicate = f"NISS {numbers[2]} présent plusieurs fois dans le fichier"
    assert errors == [(27, duplicate), (28, duplicate)]
    assert stats.created == 28
    assert Person.objects.get(niss=numbers[2]).last_name == "Peeters2"
    assert not Address.objects.filter(street__in=["Rue 25", "Rue 26"]).exists()
    assert Address.objects.count() == 28


@pytest.mark.django_db
def test_into_a_registry_with_persons_a_duplicate_is_also_found(tmp_path):
    PersonFactory()
    path, numbers = write_rows(tmp_path, 5, duplicate_of={4: 1})
    stats, errors = import_registry(path=path)
    assert errors == [(6, f"NISS {numbers[1]} présent plusieurs fois dans le fichier")]
    assert Person.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's first-load mode")
def test_after_a_first_load_outside_a_transaction_sqlite_checks_foreign_keys_again(tmp_path):
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    path, _ = write_rows(tmp_path, 10)
    stats, _ = import_registry(path=path)
    assert stats.created == 10
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == journal_mode
    assert Person.objects.filter(residential_address__isnull=False).count() == 10


def registry_schema() -> list[tuple]:
    """The registry tables' constraints and indexes, as the database describes them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text LIKE 'registry_%%' "
                "UNION ALL SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename LIKE 'registry_%%' ORDER BY 1, 2"
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name LIKE 'registry_%' ORDER BY 1"
            )
        return cursor.fetchall()


@pytest.mark.django_db
def test_a_first_load_leaves_every_constraint_and_index_as_it_found_them(tmp_path):
    before = registry_schema()
    path, _ = write_rows(tmp_path, 10)
    assert import_registry(path=path)[0].created == 10
    assert registry_schema() == before


@pytest.mark.django_db
def test_seen_niss_flags_each_repeat_across_calls_and_within_one():
    seen = reading.SeenNiss()
    assert seen.repeated(["1", "2", "1"]) == [False, False, True]
    assert seen.repeated(["3", "2", "3"]) == [False, True, True]
    seen.close()
    with connection.cursor() as cursor:
        assert reading.SeenNiss.TABLE not in connection.introspection.table_names(cursor)
