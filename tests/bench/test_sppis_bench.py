"""The simulated SPP IS benchmark's JSON and its queue, without running the benchmark."""

from __future__ import annotations

import json

from bench import sppis_bench
from sppis_simulator import messages
from tests.bench.test_summary import assert_documented


def measured(**changes) -> dict:
    return {
        "vendor": "SQLite",
        "forms": 2_000,
        "mix": {"valid_b": 1_600, "refused_b": 200, "form_c": 100, "malformed": 100},
        "receive_seconds": 1.0,
        "process_seconds": 1.6,
        "process_cpu_seconds": 1.25,
        "results": {"accepted": 1_650, "refused": 350, "blocked": 0},
        "queries_per_form": 10.5,
        **changes,
    }


def test_the_json_has_the_documented_keys():
    result = sppis_bench.results_json(measured())
    assert_documented(sppis_bench, result)
    assert result["forms_per_second"] == 1250.0
    assert result["forms_per_cpu_second"] == 1600.0
    assert result["goal_met"] is True


def test_the_goal_is_missed_below_1000_forms_a_second():
    assert sppis_bench.results_json(measured(process_seconds=2.5))["goal_met"] is False


def test_the_queue_has_the_announced_mix_and_readable_forms():
    bodies, mix = sppis_bench.queue_bodies(1_000)
    assert len(bodies) == 1_000 and sum(mix.values()) == 1_000
    assert 0.75 < mix["valid_b"] / 1_000 < 0.9
    assert mix["refused_b"] and mix["form_c"] and mix["malformed"]
    forms = [messages.read(body) for body in bodies]
    readable = [form for form in forms if isinstance(form, messages.Form)]
    assert len(readable) == 1_000 - mix["malformed"]
    assert all(form.niss_digits for form in readable)
    assert len({json.loads(body)["message_id"] for body in bodies if body.startswith(b'{"s')}) == (
        len(readable)
    )
