"""The progress sheet's arithmetic, in Decimal: Python's round() rounds half to even and binary floats hold
38.1 as 38.09999…, either of which gets real rows of the sheet wrong."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


def as_decimal(value) -> Decimal:
    """An int, float, Decimal or numeric string as the Decimal a person would read (38.1, not 38.0999…)."""
    if isinstance(value, bool):
        raise TypeError("a number is needed, not a bool")
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError) as error:
        raise ValueError(f"not a number: {value!r}") from error
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def achievement_rate(baseline, actual, target) -> int:
    """達成度 (%), the sheet's own rule: (actual − baseline) ÷ (target − baseline) × 100, rounded half up (away
    from zero, as Excel's ROUND) to a whole percent; where the target does not exceed the baseline,
    actual ÷ target × 100. 38.1 → 60.9 against a target of 43.9 gives 393. Progress backwards is negative."""
    baseline, actual, target = as_decimal(baseline), as_decimal(actual), as_decimal(target)
    if target > baseline:
        rate = (actual - baseline) * HUNDRED / (target - baseline)
    elif target == 0:
        raise ValueError("the target is 0, so no achievement rate can be given")
    else:
        rate = actual * HUNDRED / target
    return int(rate.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percentage(numerator: int, denominator: int) -> Decimal:
    """numerator ÷ denominator in percent, one decimal, rounded half up."""
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
