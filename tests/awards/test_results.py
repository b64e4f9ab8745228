"""Results equal a small example worked by hand: weighted totals, means, population SDs, per-judge z-scores,
the ranking with its declared tie-break (the named criterion, then the number of top scores, then staff), and
the applications near the cut-off."""

import pytest

from partners.awards.models import RankingMethod
from partners.awards.results import Criterion, Inputs, compute

C1, C2 = 1, 2
J1, J2 = 10, 20


def test_z_scores_standardise_each_judge_over_the_applications_they_scored():
    """Criteria: C1 weight 2, C2 weight 1, both out of 5. Judge 1 is harsh, judge 2 lenient.

    totals     A1  A2  A3    judge mean   judge SD (population)
    judge 1     5   6   4    5            √(2/3)  = 0.81650
    judge 2    15  12  13    13.3333      √(14/9) = 1.24722
    z judge 1  0      1.22474 −1.22474
    z judge 2  1.33631 −1.06904 −0.26726
    mean z     0.66815 0.07785 −0.74600
    mean       10      9       8.5;   SD 5, 3, 4.5"""
    inputs = Inputs(
        criteria=[Criterion(C1, 2, 5), Criterion(C2, 1, 5)], application_ids=[1, 2, 3],
        scores=[(1, J1, C1, 2), (1, J1, C2, 1), (2, J1, C1, 3), (2, J1, C2, 0), (3, J1, C1, 1), (3, J1, C2, 2),
                (1, J2, C1, 5), (1, J2, C2, 5), (2, J2, C1, 4), (2, J2, C2, 4), (3, J2, C1, 5), (3, J2, C2, 3)],
        assigned={1: 2, 2: 2, 3: 2})
    rows = {row.application_id: row for row in compute(inputs, RankingMethod.Z_SCORE, [], None, slots=1)}
    assert rows[1].totals == {J1: 5, J2: 15} and rows[2].totals == {J1: 6, J2: 12} and rows[3].totals == {J1: 4, J2: 13}
    assert [rows[n].mean for n in (1, 2, 3)] == [10, 9, 8.5]
    assert [rows[n].sd for n in (1, 2, 3)] == [5, 3, 4.5]
    assert [round(rows[n].z, 5) for n in (1, 2, 3)] == [0.66815, 0.07785, -0.746]
    assert [rows[n].rank for n in (1, 2, 3)] == [1, 2, 3]
    assert all(row.count == 2 and not row.missing for row in rows.values())


def test_ties_are_broken_by_the_declared_steps_and_what_is_left_goes_to_staff():
    """One judge; C1 and C2 weight 1, out of 5; ranking by mean; tie-break: top scores, then C1.

    P (3,4)=7 and Q (4,3)=7: no top score either → C1 decides: Q 1st, P 2nd
    R (5,1)=6, one top score; S (3,3)=6, none → R 3rd, S 4th
    T (2,2)=4 and U (2,2)=4: tied on every step → both 5th, staff decide
    Two award slots: ranks 1 to 4 are near the cut-off (two places each side)."""
    scores = {"P": (3, 4), "Q": (4, 3), "R": (5, 1), "S": (3, 3), "T": (2, 2), "U": (2, 2)}
    ids = {name: number for number, name in enumerate(scores, start=1)}
    inputs = Inputs(criteria=[Criterion(C1, 1, 5), Criterion(C2, 1, 5)], application_ids=list(ids.values()),
                    scores=[(ids[name], J1, criterion, value) for name, values in scores.items()
                            for criterion, value in zip((C1, C2), values, strict=True)],
                    assigned=dict.fromkeys(ids.values(), 1))
    rows = compute(inputs, RankingMethod.MEAN, ["top_scores", "criterion"], C1, slots=2)
    name = {number: letter for letter, number in ids.items()}
    assert [(name[r.application_id], r.rank, r.tie_break, r.near_cutoff) for r in rows] == [
        ("Q", 1, "criterion", True), ("P", 2, "criterion", True), ("R", 3, "top_scores", True),
        ("S", 4, "top_scores", True), ("T", 5, "staff", False), ("U", 5, "staff", False)]


def test_a_judge_who_gives_everyone_the_same_total_contributes_zero_and_missing_scores_are_flagged():
    inputs = Inputs(criteria=[Criterion(C1, 1, 5)], application_ids=[1, 2, 3],
                    scores=[(1, J1, C1, 3), (2, J1, C1, 3), (1, J2, C1, 5), (2, J2, C1, 1)],
                    assigned={1: 2, 2: 2, 3: 2})
    rows = {row.application_id: row for row in compute(inputs, RankingMethod.Z_SCORE, [], None, slots=1)}
    assert rows[1].z == pytest.approx(0.5) and rows[2].z == pytest.approx(-0.5)
    assert rows[3].rank is None and rows[3].missing and rows[3].count == 0
