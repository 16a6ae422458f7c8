"""The legal deadlines of a dossier, as date arithmetic (no database).

- the decision within 30 days of the request (dis.md §2.2 row 5);
- its notification within 8 days of the session (§2.2 row 6);
- the formulaire B or C within 8 days after the end of the decision's month; from the 45th day
  after that month's end, each day until it is sent is not reimbursed (§1.9, art. 21 §6);
- the PIIS within 3 months of the notification when the decision says it is compulsory
  (§2.2 row 9);
- the annual review (« révision d'office »), 1 year after the right's start (§2.2 row 11).

The deadlines themselves are computed by `reimbursement.schedule.schedule` from the requests,
decisions, notifications and forms that exist: nothing is stored, so a deadline disappears the
moment the step it waits for is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _

from decisions.models import NOTIFICATION_DELAY_DAYS
from instruction.models import DECISION_DELAY_DAYS
from reimbursement.models import (
    LOSS_DAYS_AFTER_MONTH,
    REPORT_DAYS_AFTER_MONTH,
    loss_starts_on,
    report_due_on,
)

DECISION_DAYS = DECISION_DELAY_DAYS  # after the request's reception
NOTIFICATION_DAYS = NOTIFICATION_DELAY_DAYS  # after the session
PIIS_MONTHS = 3  # after the notification
REVIEW_YEARS = 1  # after the right's start


class DeadlineKind(models.TextChoices):
    DECISION = "decision", _("Décision sur la demande (30 jours)")
    NOTIFICATION = "notification", _("Notification de la décision (8 jours)")
    FORM = "formulaire", _("Formulaire B ou C au SPP IS")
    PIIS = "piis", _("PIIS à conclure (3 mois)")
    PIIS_EVALUATION = "evaluation_piis", _("Évaluation du PIIS (3 par an)")
    REVIEW = "revision", _("Révision annuelle")


# The page where the agent meets a deadline, by URL name, and the link's words.
REQUEST_PAGE = "instruction:request"
NOTIFICATION_PAGE = "decisions:notification"
FORM_PAGE = "reimbursement:form"
DOSSIER_PAGE = "dossiers:detail"
ACTIONS = {
    REQUEST_PAGE: _("Ouvrir la demande"),
    NOTIFICATION_PAGE: _("Notifier la décision"),
    FORM_PAGE: _("Ouvrir le formulaire"),
    DOSSIER_PAGE: _("Ouvrir le dossier"),
}


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def overdue_before(today: date) -> date:
    """Decisions of a session before this date are past their report deadline today:
    month_end(session) + 8 < today ⇔ session < the 1st of the month of (today − 8 days)."""
    return first_of_month(today - timedelta(days=REPORT_DAYS_AFTER_MONTH))


def losing_before(today: date) -> date:
    """Decisions of a session before this date lose days when sent today (the 45th day after
    their month's end has passed)."""
    return first_of_month(today - timedelta(days=LOSS_DAYS_AFTER_MONTH))


def report_sessions_from(due_from: date) -> date:
    """The earliest session whose report is due on `due_from` or after:
    month_end(session) + 8 >= due_from ⇔ session >= the 1st of the month of (due_from − 8)."""
    return first_of_month(due_from - timedelta(days=REPORT_DAYS_AFTER_MONTH))


def report_sessions_before(due_to: date) -> date:
    """The sessions before this date have their report due on `due_to` or before:
    month_end(session) + 8 <= due_to ⇔ session < the 1st of the month of (due_to − 7)."""
    return first_of_month(due_to - timedelta(days=REPORT_DAYS_AFTER_MONTH - 1))


def days_lost_if_sent_on(decision_date: date, day: date) -> int:
    """The days not reimbursed when the form reaches the SPP IS on `day` (that day not counted),
    as the SPP IS counts them: a session of 15/03/2025 sent on 20/05/2025 loses 5."""
    return max(0, (day - loss_starts_on(decision_date)).days)


def review_due_on(starts_on: date) -> date:
    return starts_on + relativedelta(years=REVIEW_YEARS)


def piis_due_on(notified_on: date) -> date:
    return notified_on + relativedelta(months=PIIS_MONTHS)


# The evaluations of a PIIS's first year, in months after the PIIS's deadline (3 a year).
EVALUATION_MONTHS = (4, 8, 12)


def evaluation_due_dates():
    """Functions giving each evaluation's date from the notification's date."""
    return [
        lambda notified_on, step=step: piis_due_on(notified_on) + relativedelta(months=step)
        for step in EVALUATION_MONTHS
    ]


class Lateness:
    """What a row with a due date says about it today."""

    due_on: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def due_today(self) -> bool:
        return self.due_on == self.today

    @property
    def days_late(self) -> int:
        return max(0, (self.today - self.due_on).days)

    @property
    def days_left(self) -> int:
        return max(0, (self.due_on - self.today).days)


@dataclass(frozen=True)
class DecisionToReport(Lateness):
    """A decision whose form is not sent yet, with its drafts (none before « préparer »)."""

    decision: object
    drafts: list
    today: date

    @property
    def due_on(self) -> date:
        return report_due_on(self.decision.session_date)

    @property
    def loss_on(self) -> date:
        return loss_starts_on(self.decision.session_date)

    @property
    def losing(self) -> bool:
        return self.days_lost > 0

    @property
    def days_lost(self) -> int:
        """The days lost if the form is sent today."""
        return days_lost_if_sent_on(self.decision.session_date, self.today)


@dataclass(frozen=True)
class Deadline(Lateness):
    """One deadline of the échéancier: what is due, for which dossier, by when, who follows
    it, and the page where the agent meets it (a URL name and its id: the template reverses
    it, so that a page not built yet never breaks the list)."""

    kind: str
    due_on: date
    today: date
    dossier_pk: int
    dossier_number: str
    dossier_name: str
    subject: str
    social_worker: str
    url_name: str
    url_pk: int
    # For a formulaire B or C: the first day lost when it is still not sent.
    loss_on: date | None = None

    @property
    def kind_label(self) -> str:
        return DeadlineKind(self.kind).label

    @property
    def action(self) -> str:
        return ACTIONS[self.url_name]

    @property
    def days_lost(self) -> int:
        return max(0, (self.today - self.loss_on).days) if self.loss_on else 0
