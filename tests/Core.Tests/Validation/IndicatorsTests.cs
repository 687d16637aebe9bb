using Analytics.Core.Validation;

namespace Analytics.Core.Tests.Validation;

public class IndicatorsTests
{
    [Fact]
    public void PoolsOnlyAgencyYearsThatReportedEveryInput()
    {
        // A reported granted but no total: it must not inflate the rate to 300%.
        var a = new Dictionary<string, double> { ["t3.granted.total"] = 10, ["t3.partially_granted.total"] = 0 };
        var b = new Dictionary<string, double> { ["t3.granted.total"] = 4, ["t3.partially_granted.total"] = 1, ["t3.results_total.total"] = 5 };
        Assert.Equal(1.0, Indicators.DisclosureRate.Pooled([a, b]));
    }

    [Fact]
    public void IsNaOnAZeroDenominatorOrWhenNoAgencyHasTheInputs()
    {
        var zero = new Dictionary<string, double> { ["t4.review.upheld"] = 0, ["t4.review.corrected"] = 0, ["t4.review.other"] = 0 };
        Assert.Null(Indicators.ReviewCorrectionRate.Pooled([zero]));
        Assert.Null(Indicators.ReviewCorrectionRate.Pooled([]));
        Assert.Null(Indicators.BacklogRatio.Compute(_ => 0));
    }

    [Fact]
    public void LitigationCorrectionCountsBothKindsOfLawsuit()
    {
        var values = new Dictionary<string, double>
        {
            ["t4.lit_direct.upheld"] = 3, ["t4.lit_direct.corrected"] = 1, ["t4.lit_direct.other"] = 0,
            ["t4.lit_after_review.upheld"] = 2, ["t4.lit_after_review.corrected"] = 2, ["t4.lit_after_review.other"] = 0,
        };
        Assert.Equal(3.0 / 8, Indicators.LitigationCorrectionRate.Compute(c => values.TryGetValue(c, out var v) ? v : null));
    }
}
