"""NISS (national number) and BIS numbers, as agents type them.

Checks are python-stdnum's (`stdnum.be.ssn` accepts both kinds); this module only turns its
errors into the messages agents read, and formats numbers as the manual shows them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.be import nn, ssn

NISS_LENGTH = 11


_SEPARATORS = str.maketrans("", "", " .-/\t")


def compact_niss(text: str) -> str:
    """`97.43.24-051.15`, `974324 051 15` and `97432405115` all give `97432405115`."""
    return str(text).translate(_SEPARATORS)


def normalize_niss(text: str) -> str:
    """The 11 digits of a valid NISS or BIS number, or a ValidationError saying what is wrong."""
    digits = compact_niss(text)
    if not digits:
        raise ValidationError(_("Veuillez indiquer un numéro NISS."), code="required")
    if not digits.isdigit() or len(digits) != NISS_LENGTH:
        raise ValidationError(
            _("Numéro NISS invalide : il doit contenir 11 chiffres."), code="niss_length"
        )
    try:
        try:
            nn.validate(digits)  # most numbers: one check instead of ssn's two
        except stdnum_errors.InvalidComponent:
            ssn.validate(digits)  # BIS numbers (birth month + 20 or + 40)
    except stdnum_errors.InvalidChecksum as error:
        raise ValidationError(
            _("Numéro NISS invalide : chiffres de contrôle incorrects."), code="niss_checksum"
        ) from error
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            _("Numéro NISS invalide : la date de naissance qu'il contient est impossible."),
            code="niss_component",
        ) from error
    return digits


def is_valid_niss(text: str) -> bool:
    try:
        normalize_niss(text)
    except ValidationError:
        return False
    return True


def niss_kind(niss: str) -> str:
    """ "nn" for a national register number, "bis" for a BIS number."""
    return ssn.guess_type(niss) or ""


def format_niss(niss: str) -> str:
    """`97432405115` → `974324 051 15`, as in the manual's result list."""
    digits = compact_niss(niss)
    if len(digits) != NISS_LENGTH:
        return niss
    return f"{digits[:6]} {digits[6:9]} {digits[9:]}"


def niss_check_digits(first_nine: str, *, born_after_1999: bool) -> str:
    """The two check digits of a number; births from 2000 on are computed with a "2" prefix."""
    base = int(("2" if born_after_1999 else "") + first_nine)
    return f"{97 - base % 97:02d}"
