"""The benchmarks' JSON and `make bench`'s summary, without running a benchmark: each bench
module's `results_json` turns small fake results into the keys its docstring documents, and
the summary builds its table from such files (no gunicorn, wrk or locust here)."""

from __future__ import annotations

import argparse
import json
import re

from bench import forms_bench, load_bench, load_summary, registry_bench, requests_bench
from bench.common import write_results

# Keys whose value maps page names to rows (the rows' keys are the documented nested ones).
PAGE_MAPS = {"saturated", "paced", "pages"}


def documented_keys(module) -> dict[str, set[str]]:
    """The JSON schema of a bench module's docstring: top-level key -> its nested keys.

    Keys sit at 4 spaces (top level) or 8 (nested), several on a line separated by commas,
    their description after two spaces or more; deeper lines continue a description."""
    schema: dict[str, set[str]] = {}
    current: list[str] = []
    section = module.__doc__.split("\nJSON (", 1)[1].splitlines()[1:]
    for line in section:
        if not line.strip():
            break
        indent = len(line) - len(line.lstrip())
        names = [name.strip() for name in re.split(r"\s{2,}", line.strip())[0].split(",")]
        if indent == 4:
            current = names
            schema.update({name: set() for name in names})
        elif indent == 8:
            for name in current:
                schema[name].update(names)
    return schema


def assert_documented(module, result: dict) -> None:
    schema = documented_keys(module)
    assert set(result) == set(schema)
    for key, nested in schema.items():
        if not nested:
            continue
        rows = result[key].values() if key in PAGE_MAPS else [result[key]]
        for row in rows:
            assert set(row) == nested, key
    json.dumps(result)  # plain JSON: numbers, strings, lists, dicts


# Fake results, shaped as the benchmarks' own functions return them.


def registry_result(*, with_import: bool = True) -> dict:
    step = {"seconds": 4.0, "peak_mb": 150.2, "producer_peak_mb": 90.0}
    searched = {
        **step,
        "queries": 500,
        "median_ms": 2.5,
        "p95_ms": 6.0,
        "recall": 1.0,
        "recall_untruncated": 1.0,
        "truncated": 10,
        "median_size": 1.0,
        "mean_negative": 0.07,
        "persons": 21_000,
        "identify_queries": 740,
        "identify_median_ms": 2.7,
        "identify_p95_ms": 7.5,
        "slips_p95_ms": 8.0,
        "slip_recall": {"day_month": 1.0, "names": 0.95},
        "mean_suggested_absent": 0.05,
        "mean_suggested_negatives": 0.0,
    }
    return registry_bench.results_json(
        size=20_000,
        vendor="SQLite",
        generated=step,
        imported={**step, "seconds": 5.0} if with_import else None,
        searched=searched,
    )


def wrk_rounds(rps: float, p50_us: int, errors: int = 0) -> dict:
    """A page's result as `requests_bench.measure_rounds` returns it (microseconds)."""
    return {
        "rps": rps,
        "each_rps": [rps * 0.9, rps, rps * 1.1],
        "status_errors": errors,
        "socket_errors": 0,
        "p50_us": p50_us,
        "p95_us": p50_us * 2,
        "p99_us": p50_us * 3,
    }


def requests_result(*, paced_p50_us: int = 5_000) -> dict:
    pages = [
        requests_bench.BARE_PAGE,
        requests_bench.DEFAULT_LIST,
        "list (date range)",
        f"list (default, {requests_bench.CHURN_RATE} changes/s)",
        "list (date range, varied)",
        "details",
    ]
    saturated = {name: wrk_rounds(200 if n == 0 else 100, 25_000) for n, name in enumerate(pages)}
    paced = {name: wrk_rounds(50, paced_p50_us) for name in pages}
    data = {
        "rows": 1_000,
        "cpas": 10,
        "cpas_rows": 100,
        "cpas_unread": 50,
        "load_seconds": 0.4,
    }
    args = argparse.Namespace(
        workers=2, threads=1, connections=8, rounds=3, seconds=5, paced_rate=50
    )
    return requests_bench.results_json(
        data, args, engine="SQLite", saturated=saturated, paced=paced
    )


def forms_result(*, list_rps: float = 80) -> dict:
    pages = [
        forms_bench.BARE_PAGE,
        forms_bench.DEFAULT_LIST,
        forms_bench.TYPE_STATE,
        forms_bench.PERIOD,
        forms_bench.SOCIAL_WORKER,
    ]
    saturated = {
        name: wrk_rounds(200 if n == 0 else list_rps, 25_000) for n, name in enumerate(pages)
    }
    paced = {name: wrk_rounds(50, 5_000) for name in pages}
    data = {"rows": 1_000, "cpas": 10, "cpas_rows": 100, "load_seconds": 0.4}
    args = argparse.Namespace(
        workers=2, threads=1, connections=8, rounds=3, seconds=5, paced_rate=50
    )
    return forms_bench.results_json(data, args, engine="SQLite", saturated=saturated, paced=paced)


def load_result() -> dict:
    def row(requests, p50, rps, errors=0):
        return {
            "requests": requests,
            "errors": errors,
            "p50_ms": p50,
            "p95_ms": p50 * 2,
            "rps": rps,
        }

    bare = {load_bench.BARE_PAGE: row(3_000, 20, 200.0)}
    mixed = {"request list": row(900, 80, 15.0), "mark read (POST)": row(300, 60, 5.0)}
    data = {
        "requests": 50_000,
        "home_requests": 20_000,
        "persons": 20_000,
        "dossiers": list(range(100)),
        "read_before": 15_000,
    }
    args = argparse.Namespace(users=16, workers=2, seconds=60, bare_seconds=15)
    state = {"read": 15_302, "confirmed": 300, "recorded": 300}
    return load_bench.results_json(
        data, args, bare=bare, mixed=mixed, state=state, load_average=(1.0, 2.5)
    )


def test_registry_json_has_the_documented_keys():
    result = registry_result()
    assert_documented(registry_bench, result)
    assert set(result["import_csv"]) == {
        "load_seconds",
        "rows_per_second",
        "peak_rss_mb",
        "producer_peak_rss_mb",
    }
    assert result["generate"]["persons_per_second"] == 5_000
    assert result["search"]["p95_ms"] == 6.0
    assert (result["search"]["truncated_queries"], result["search"]["truncated_share"]) == (
        10,
        0.02,
    )
    assert registry_result(with_import=False)["import_csv"] is None


def test_requests_json_has_the_documented_keys_in_milliseconds():
    result = requests_result()
    assert_documented(requests_bench, result)
    assert list(result["saturated"])[0] == result["bare_page"]
    details = result["paced"]["details"]
    assert (details["p50_ms"], details["p95_ms"], details["p99_ms"]) == (5.0, 10.0, 15.0)
    assert result["list_bare_ratio"]["default"] == 0.5
    assert result["list_bare_ratio"]["rounds"] == [0.5, 0.5, 0.5]
    assert result["targets_met"] is True


def test_requests_targets_missed_on_a_slow_paced_page():
    # Paced p95 = 2 * p50 = 16 ms >= 15 ms.
    assert requests_result(paced_p50_us=8_000)["targets_met"] is False


def test_forms_json_has_the_documented_keys_and_the_list_bare_ratio():
    result = forms_result()
    assert_documented(forms_bench, result)
    assert list(result["saturated"])[0] == result["bare_page"]
    assert result["list_bare_ratio"]["default"] == 0.4
    assert result["list_bare_ratio"]["rounds"] == [0.4, 0.4, 0.4]
    assert result["targets_met"] is True


def test_forms_target_missed_below_035_times_the_bare_page():
    assert forms_result(list_rps=60)["targets_met"] is False  # 60 / 200 = 0.30


def test_load_json_has_the_documented_keys():
    result = load_result()
    assert_documented(load_bench, result)
    assert result["bare_page"] == load_bench.BARE_PAGE
    assert result["mixed_rps"] == 20.0
    assert result["mark_read"] == {
        "answered": 300,
        "recorded": 300,
        "lost": 0,
        "new_read_rows": 302,
        "in_flight": 2,
        "locust_requests": 300,
    }
    assert result["ok"] is True


def write_samples(directory, names=("registry", "requests", "forms", "load")) -> None:
    samples = {
        "registry": registry_result,
        "requests": requests_result,
        "forms": forms_result,
        "load": load_result,
    }
    for name in names:
        write_results(directory / f"{name}.json", samples[name]())


def row_named(lines: list[str], name: str) -> list[str]:
    [line] = [line for line in lines if line.startswith(f"| {name} ")]
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_summary_table_is_built_from_the_json_files(tmp_path):
    write_samples(tmp_path)
    lines = load_summary.table(load_summary.summary_rows(load_summary.read_results(tmp_path)))

    assert lines[0].startswith("| page / operation")
    generate = row_named(lines, "registry: generate 20,000 persons")
    assert generate[1:5] == ["—", "—", "5000.0", "—"]
    assert generate[5].startswith("persons/s; 4.0 s in all")
    search = row_named(lines, "registry: phonetic_search (in-process, 21,000 persons)")
    assert search[1:4] == ["2.5", "6.0", "400.0"]
    # Requests: the ratio is bare p50 / page p50 of the same mode.
    saturated = row_named(lines, "requests bench (wrk 8 conn., saturated): details")
    assert saturated[1:5] == ["25.0", "50.0", "100.0", "1.00"]
    paced_bare = row_named(
        lines, "requests bench (wrk 8 conn., paced ~50 req/s): bare template page"
    )
    assert paced_bare[1:5] == ["5.0", "10.0", "50.0", "1.00"]
    forms_list = row_named(
        lines, f"forms list bench (wrk 8 conn., saturated): {forms_bench.DEFAULT_LIST}"
    )
    assert forms_list[1:5] == ["25.0", "50.0", "80.0", "1.00"]
    # Load: the bare page's p50 (20 ms) against the list's (80 ms).
    listed = row_named(lines, "load (locust 16 users): request list")
    assert listed[1:5] == ["80.0", "160.0", "15.0", "0.25"]
    mixed = row_named(lines, "load: mixed workload, all pages (60 s)")
    assert mixed[3:6] == ["20.0", "0.10", "ratio of throughputs"]


def test_summary_says_which_results_are_missing_and_flags_errors(tmp_path):
    write_samples(tmp_path, names=("registry",))
    results = load_summary.read_results(tmp_path)
    results["load"] = load_result()
    results["load"]["pages"]["request list"]["errors"] = 3
    lines = load_summary.table(load_summary.summary_rows(results))
    assert row_named(lines, "requests: no results (requests.json missing)")[1] == "—"
    assert row_named(lines, "load (locust 16 users): request list")[5] == "3 ERRORS"


def test_summary_without_running_prints_the_files_found(tmp_path, monkeypatch, capsys):
    write_samples(tmp_path, names=("registry", "requests"))
    monkeypatch.setattr("sys.argv", ["load_summary", "--no-run", "--results-dir", str(tmp_path)])
    load_summary.main()
    out = capsys.readouterr().out
    assert "registry on SQLite, requests on SQLite" in out
    assert "| registry: generate 20,000 persons" in out
    assert "load: no results (load.json missing)" in out
