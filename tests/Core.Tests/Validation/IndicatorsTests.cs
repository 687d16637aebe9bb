using Analytics.Core.Validation;

namespace Analytics.Core.Tests.Validation;

public class IndicatorsTests
{
    [Fact]
    public void HasNoPartsWhenAnInputIsMissing()
    {
        var values = new Dictionary<string, double> { ["t3.granted.total"] = 10, ["t3.partially_granted.total"] = 0 };
        Assert.Null(Indicators.DisclosureRate.Parts(c => values.TryGetValue(c, out var v) ? v : null));
        values["t3.results_total.total"] = 20;
        Assert.Equal((10.0, 20.0), Indicators.DisclosureRate.Parts(c => values.TryGetValue(c, out var v) ? v : null));
    }

    [Fact]
    public void IsNaOnAZeroDenominator()
    {
        Assert.Null(Indicators.ReviewCorrectionRate.Compute(_ => 0));
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
