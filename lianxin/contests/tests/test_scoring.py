"""The arithmetic of scores and totals, against numbers worked out by hand."""

from decimal import Decimal

from lianxin.contests import scoring

D = Decimal


def test_judge_total_is_the_weighted_sum():
    assert scoring.judge_total(
        {1: D(30), 2: D(20), 3: D(10)}, {1: D(1), 2: D("1.5"), 3: D(2)}
    ) == D("80.00")


def test_mean_below_five_judges_and_trimmed_mean_from_five():
    assert scoring.combine([D(70), D(80), D(90), D(60)]) == D("75.00")
    # 5 judges: drop 90 and 60 → (80 + 70 + 75) / 3
    assert scoring.combine([D(80), D(70), D(75), D(90), D(60)]) == D("75.00")
    # 6 judges: drop 99 and 10 → (70 + 71 + 72 + 73) / 4 = 71.5
    assert scoring.combine([D(10), D(70), D(71), D(72), D(73), D(99)]) == D("71.50")
    assert scoring.combine([D(80), D(70), D(75), D(90), D(60)], trim_from=0) == D("75.00")
    assert scoring.combine([D(1), D(2), D(9)], trim_from=0) == D("4.00")
    assert scoring.combine([]) is None


def test_thirds_round_half_up_to_cents():
    assert scoring.combine([D(70), D(70), D(71)]) == D("70.33")
    assert scoring.combine([D("70.005"), D("70.005")]) == D("70.01")


def test_normalised_scores_put_every_judge_on_the_common_scale():
    out = scoring.normalised({"harsh": {"a": D(30), "b": D(50)}, "kind": {"a": D(90), "b": D(70)}})
    # overall mean 60, deviation sqrt(500)=22.36; each judge's z is ±1
    assert out["harsh"] == {"a": D("37.64"), "b": D("82.36")}
    assert out["kind"] == {"a": D("82.36"), "b": D("37.64")}
    assert scoring.normalised({"one": {"a": D(50)}}) == {"one": {"a": D("50.00")}}


def test_total_scales_points_to_the_highest_finalist():
    kw = {"scale_to": D(100), "relative": True, "points_weight": D("0.6"), "final_weight": D("0.4")}
    assert scoring.total(points=D(150), final_score=D(89), top=D(150), **kw) == D("95.60")
    assert scoring.total(points=D(70), final_score=D(95), top=D(150), **kw) == D("66.00")
    raw = {**kw, "relative": False}
    assert scoring.total(points=D(70), final_score=D(95), top=D(150), **raw) == D("80.00")
