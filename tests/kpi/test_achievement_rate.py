"""The sheet's 達成度 rule, in Decimal and rounded half up."""

from decimal import Decimal

import pytest

from partners.kpi import achievement_rate


def test_the_partners_row_of_the_progress_sheet_gives_393():
    assert achievement_rate(38.1, 60.9, 43.9) == 393
    assert achievement_rate("38.1", "60.9", "43.9") == 393
    assert achievement_rate(Decimal("38.1"), Decimal("60.9"), Decimal("43.9")) == 393


@pytest.mark.parametrize(("baseline", "actual", "target", "expected"), [
    (0, 1, 8, 13),  # 12.5: half up, where round() gives 12
    (0, 3, 8, 38),  # 37.5 → 38 (round() would give 38 too: half to even agrees here)
    (10, 10.5, 14, 13),  # 12.5 again, from floats that binary arithmetic holds inexactly
    (38.1, 38.1, 43.9, 0),  # no progress
    (38.1, 43.9, 43.9, 100),  # exactly on target
    (50, 45, 60, -50),  # progress backwards is negative
    (0, -1, 8, -13),  # -12.5 rounds away from zero, as Excel's ROUND does
    (491, 500, 600, 8),  # whole numbers: 8.26 → 8
])
def test_rounding_and_direction(baseline, actual, target, expected):
    assert achievement_rate(baseline, actual, target) == expected


@pytest.mark.parametrize(("baseline", "actual", "target", "expected"), [
    (50, 45, 40, 113),  # target below the baseline: actual ÷ target × 100 = 112.5 → 113
    (40, 40, 40, 100),  # target equal to the baseline
    (30, 10, 20, 50),
])
def test_a_target_that_does_not_exceed_the_baseline_uses_actual_over_target(baseline, actual, target, expected):
    assert achievement_rate(baseline, actual, target) == expected


def test_numbers_only():
    with pytest.raises(ValueError):
        achievement_rate("abc", 1, 2)
    with pytest.raises(ValueError):
        achievement_rate(0, 1, float("nan"))
    with pytest.raises(ValueError):
        achievement_rate(5, 1, 0)  # no rate against a target of 0
    with pytest.raises(TypeError):
        achievement_rate(True, 1, 2)
    assert isinstance(achievement_rate(1, 2, 3), int)
