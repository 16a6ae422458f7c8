"""Nasty values for the hostile-input tests, and the checks every answer must pass."""

from __future__ import annotations

import os
import re

from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
# Raw fragments that only an unescaped echo of our own input can put in a page.
FORBIDDEN = (SCRIPT, '"><b>hostile', "'><b>hostile", 'href="javascript:', 'href="//evil')

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "97\x00432405115",
    SCRIPT,
    f'"><b>hostile</b>{SCRIPT}',
    "'><b>hostile</b>",
    "' OR '1'='1",
    "1; DROP TABLE requests_online_onlinerequest; --",
    "%",
    "_",
    "%%%",
    "\\",
    "00/00/0000",
    "31/02/2024",
    "29/02/2023",
    "32/13/2024",
    "01/01/0001",
    "31/12/9999",
    "2024-02-31",
    "-1",
    "-10",
    "0",
    "00",
    "10",
    "11",
    "99",
    "-99999999999999999999",
    "99999999999999999999999999",
    "9223372036854775808",
    "1e9",
    "1.5",
    "NaN",
    "inf",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "é" * 300,
    "x" * 5000,
    "\u202eevil",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂",
    "\u0301\u0301",
    "\r\n",
    "\t",
    "٣٤",
    "１２",
    "00000000000",
    "97432405115",
    "974324 051 16",
    "97.43.24-051.15",
    "12345678901234567890",
    "ABCDEFGHIJK",
    "{{ request }}",
    "{% debug %}",
    "../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/demandes-cpas-online/",
    "/demandes-cpas-online/\r\nSet-Cookie: x=1",
]

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=120)
nasty = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.tuples(st.sampled_from(NASTY_STRINGS), text).map("".join),
)
# A query-string or form value: one string, or the same key repeated (a list).
value = st.one_of(nasty, nasty, nasty, st.lists(nasty, min_size=2, max_size=3))


def overrides(fields) -> st.SearchStrategy[dict]:
    """Any subset of `fields` given nasty values, plus now and then an unknown key."""
    return st.fixed_dictionaries({}, optional={**dict.fromkeys(fields, value), "unexpected": value})


# Per-test budgets; their sum is the number of generated cases CI runs (see conftest.py).
# HOSTILE_SCALE=0.1 runs a tenth of them locally.
SCALE = float(os.environ.get("HOSTILE_SCALE", "1"))


def budget(examples: int):
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=True,  # the same cases on every run: CI failures reproduce
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


CASES = {"run": 0}


def check(response, *, allowed=(200,)) -> str:
    """Never a 500, nothing of ours echoed raw, and every form error shown to the user."""
    CASES["run"] += 1
    assert response.status_code in allowed, response.status_code
    content = response.content.decode()
    for fragment in FORBIDDEN:
        assert fragment not in content, f"{fragment!r} echoed unescaped"
    location = response.get("Location", "")
    assert "\n" not in location and "\r" not in location
    if location:
        assert location.startswith("/"), location  # never to another site
        assert not location.startswith("//"), location
    form = response.context.get("form") if response.context else None
    if form is not None and form.is_bound and response.status_code == 200:
        for errors in form.errors.values():
            for message in errors:
                assert escape(message) in content, f"error not shown: {message!r}"
    return content


def has_message(content: str) -> bool:
    return bool(re.search(r'class="(errorlist|form-errors|message)', content))
