"""Measures the phonetic search on an evaluation set (queries.jsonl: see fixtures/registry-eval)."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from registry.search import phonetic_search


@dataclass
class EvaluationReport:
    recall_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    positive_sizes: list[int] = field(default_factory=list)
    negative_sizes: list[int] = field(default_factory=list)
    durations_ms: list[float] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    # Queries whose list was truncated (more persons match than it holds: « too many »).
    truncated: int = 0
    # Positive queries whose list was not truncated: (found, total).
    untruncated: tuple[int, int] = (0, 0)

    @property
    def truncated_share(self) -> float:
        return self.truncated / len(self.durations_ms) if self.durations_ms else 0.0

    @property
    def recall_untruncated(self) -> float:
        """Recall on the queries a list of the limit answers whole."""
        found, total = self.untruncated
        return found / total if total else 0.0

    @property
    def recall(self) -> float:
        found = sum(f for f, _t in self.recall_by_kind.values())
        total = sum(t for _f, t in self.recall_by_kind.values())
        return found / total if total else 0.0

    def kind_recall(self, kind: str) -> float:
        found, total = self.recall_by_kind[kind]
        return found / total if total else 0.0

    @property
    def median_size(self) -> float:
        return statistics.median(self.positive_sizes) if self.positive_sizes else 0

    @property
    def p95_size(self) -> float:
        return percentile(self.positive_sizes, 95)

    @property
    def mean_negative(self) -> float:
        return statistics.fmean(self.negative_sizes) if self.negative_sizes else 0.0


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def evaluate(path: Path) -> EvaluationReport:
    report = EvaluationReport()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            query = json.loads(line)
            started = time.perf_counter()
            results = phonetic_search(
                query["last_name"],
                query["birth_date"],
                first_names=query.get("first_names") or "",
                tolerance=query.get("tolerance") or 0,
                sex=query.get("sex"),
            )
            report.durations_ms.append((time.perf_counter() - started) * 1000)
            found_niss = [person.niss for person in results]
            truncated = getattr(results, "truncated", False)
            report.truncated += truncated
            if query.get("expect"):
                counts[query["kind"]][1] += 1
                report.positive_sizes.append(len(results))
                hit = query["expect"] in found_niss
                if not truncated:
                    found, total = report.untruncated
                    report.untruncated = (found + hit, total + 1)
                if hit:
                    counts[query["kind"]][0] += 1
                else:
                    report.misses.append(query)
            else:
                report.negative_sizes.append(len(results))
    report.recall_by_kind = {kind: (found, total) for kind, (found, total) in counts.items()}
    return report


@dataclass
class SuggestionReport:
    """The identification page's search plus « Vouliez-vous dire ? » on a set of queries."""

    # kind -> (found by the search or among the suggestions, queries)
    recall_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    # kind -> found by the search alone
    found_by_search: dict[str, int] = field(default_factory=dict)
    # persons suggested for each query whose person the registry does not hold
    absent_suggested: list[int] = field(default_factory=list)
    # search and suggestions together, as the page runs them
    durations_ms: list[float] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)

    def kind_recall(self, kind: str) -> float:
        found, total = self.recall_by_kind[kind]
        return found / total if total else 0.0

    @property
    def mean_absent_suggested(self) -> float:
        return statistics.fmean(self.absent_suggested) if self.absent_suggested else 0.0


def identify(query: dict) -> tuple[list, list]:
    """The persons found and the suggestions, as the identification page gets them; a date
    that does not exist (31/02) is refused by the form, which still asks for suggestions."""
    from django.core.exceptions import ValidationError

    from registry.suggest import suggest_persons

    criteria = {
        "first_names": query.get("first_names") or "",
        "tolerance": query.get("tolerance") or 0,
        "sex": query.get("sex"),
    }
    try:
        found = phonetic_search(query["last_name"], query["birth_date"], **criteria)
    except ValidationError:
        found = None
    suggestions = suggest_persons(query["last_name"], query["birth_date"], found=found, **criteria)
    return found or [], suggestions


def evaluate_suggestions(path: Path) -> SuggestionReport:
    """Recall per kind counting a suggestion as found; persons suggested for absent ones."""
    report = SuggestionReport()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_search: dict[str, int] = defaultdict(int)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            query = json.loads(line)
            started = time.perf_counter()
            found, suggestions = identify(query)
            report.durations_ms.append((time.perf_counter() - started) * 1000)
            suggested = [person.niss for _reason, persons in suggestions for person in persons]
            if not query.get("expect"):
                report.absent_suggested.append(len(suggested))
                continue
            counts[query["kind"]][1] += 1
            if query["expect"] in {person.niss for person in found}:
                by_search[query["kind"]] += 1
                counts[query["kind"]][0] += 1
            elif query["expect"] in suggested:
                counts[query["kind"]][0] += 1
            else:
                report.misses.append(query)
    report.recall_by_kind = {kind: (found, total) for kind, (found, total) in counts.items()}
    report.found_by_search = dict(by_search)
    return report
