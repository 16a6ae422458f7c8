"""The reference data the rules read, loaded once per processing run and kept in memory.

A run of `sppis_process` answers thousands of messages with the same error codes, PIIS codes,
rates and amounts: reading them once keeps each message to a few queries of its own (the
beneficiary's accepted forms, the writes). A change made in the admin applies from the next
run (the next cron call, or the next message answered at once).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from integration_income.selectors import NoParametersError, parameters_at
from sppis_simulator.models import (
    DEFAULT_SUBSIDY_RATE,
    CpasSubsidyRate,
    ErrorCode,
    ManualBlock,
    PiisCode,
)
from sppis_simulator.subsidy import next_rate

THRESHOLD_CATEGORIES = (1, 2, 3)


@dataclass(frozen=True)
class CodeText:
    title: str
    explanation: str
    blocking: bool


@dataclass(frozen=True)
class PiisValidity:
    valid_from: date | None
    valid_to: date | None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Reference:
    def __init__(self):
        self.codes = {
            row.code: CodeText(row.title, row.explanation, row.blocking)
            for row in ErrorCode.objects.all()
        }
        self.piis: dict[int, list[PiisValidity]] = defaultdict(list)
        for row in PiisCode.objects.all():
            self.piis[row.code].append(PiisValidity(row.valid_from, row.valid_to))
        self.rate_rows = {(row.ins_code, row.year): row for row in CpasSubsidyRate.objects.all()}
        self.blocks: dict[str, list[ManualBlock]] = defaultdict(list)
        for block in ManualBlock.objects.active():
            self.blocks[block.niss].append(block)
        self._rates: dict[tuple[str, int], int] = {}
        self._amounts: dict[date, dict[int, Decimal] | None] = {}

    def code(self, code: str) -> CodeText:
        """The catalogue's text of a code. A code missing from the table (it cannot be deleted
        in the admin, but a database may lack the seed) still refuses, under its bare name."""
        return self.codes.get(code) or CodeText(code, "", True)

    def piis_code_valid(self, code: int, day: date) -> bool:
        return any(validity.covers(day) for validity in self.piis.get(code, ()))

    def subsidy_rate(self, ins_code: str, year: int) -> int:
        """The CPAS's rate for the year: the row's rate, or the rate its averages give from the
        previous year's (dis.md §1.8), or 55 % without a row."""
        key = (ins_code, year)
        if key not in self._rates:
            row = self.rate_rows.get(key)
            if row is None:
                rate = DEFAULT_SUBSIDY_RATE
            elif row.rate is not None:
                rate = row.rate
            else:
                rate = next_rate(
                    previous_rate=self.subsidy_rate(ins_code, year - 1),
                    beneficiaries_average=row.beneficiaries_average,
                    change_percent=row.change_percent,
                )
            self._rates[key] = rate
        return self._rates[key]

    def yearly_amount(self, category: int, day: date) -> Decimal | None:
        """The category's yearly RI in force on `day` (integration_income's table), None when
        the table starts later."""
        if day not in self._amounts:
            try:
                parameters = parameters_at(day)
            except NoParametersError:
                self._amounts[day] = None
            else:
                self._amounts[day] = {
                    number: parameters.rate(number).annual for number in THRESHOLD_CATEGORIES
                }
        amounts = self._amounts[day]
        return None if amounts is None else amounts.get(category)

    def block_for(self, niss: str, ins_code: str) -> ManualBlock | None:
        for block in self.blocks.get(niss, ()):
            if not block.cpas_ins_code or block.cpas_ins_code == ins_code:
                return block
        return None
