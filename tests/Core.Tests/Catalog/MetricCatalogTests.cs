using Analytics.Core.Catalog;

namespace Analytics.Core.Tests.Catalog;

public class MetricCatalogTests
{
    [Fact]
    public void HasEveryT3CellOfBothVersions()
    {
        var t3 = MetricCatalog.All.Where(m => m.Table == "t3").ToList();
        Assert.Equal(25 * 7, t3.Count);
        Assert.Equal(23 * 7, t3.Count(m => m.Versions.HasFlag(FormatVersions.V2019)));
        Assert.Equal(25 * 7, t3.Count(m => m.Versions.HasFlag(FormatVersions.V2021)));
        Assert.Equal(FormatVersions.V2021, MetricCatalog.Get("t3.other_no_correction.total").Versions);
        Assert.Equal(FormatVersions.V2021, MetricCatalog.Get("t3.other_fee_unpaid.natural_person").Versions);
    }

    [Fact]
    public void HasFifteenT4Cells()
    {
        Assert.Equal(15, MetricCatalog.All.Count(m => m.Table == "t4"));
        Assert.True(MetricCatalog.TryGet("t4.review.corrected", out _));
        Assert.True(MetricCatalog.TryGet("t4.lit_after_review.pending", out _));
    }

    [Fact]
    public void HasTheT2CellsOfEachVersion()
    {
        var t2021 = MetricCatalog.All.Where(m => m.Table == "t2" && m.Versions.HasFlag(FormatVersions.V2021)).Select(m => m.Code).Order().ToList();
        Assert.Equal(
            new[]
            {
                "t2.admin_coercion.decisions", "t2.admin_fees.amount", "t2.admin_licensing.decisions", "t2.admin_penalty.decisions",
                "t2.normative_docs.in_force", "t2.normative_docs.issued", "t2.normative_docs.repealed",
                "t2.regulations.in_force", "t2.regulations.issued", "t2.regulations.repealed",
            },
            t2021);
        var t2019 = MetricCatalog.All.Where(m => m.Table == "t2" && m.Versions.HasFlag(FormatVersions.V2019)).ToList();
        Assert.Equal(6 + 12 + 2 + 2, t2019.Count);
        Assert.Equal(MetricKind.SignedCount, MetricCatalog.Get("t2.admin_penalty.change").Kind);
        Assert.Equal(MetricKind.Amount, MetricCatalog.Get("t2.admin_fees.amount").Kind);
        Assert.Equal("万元", MetricCatalog.Get("t2.admin_fees.amount").UnitZh);
    }

    [Fact]
    public void HasTheChannelAndProseFigures()
    {
        foreach (var code in new[] { "ch.website", "ch.weibo", "ch.wechat", "ch.short_video", "ch.app", "ch.gazette", "ch.press_conference", "ch.other", "ch.total", "s1.public_message_replies", "s6.processing_fees_yuan" })
        {
            Assert.True(MetricCatalog.TryGet(code, out var metric), code);
            Assert.Equal(FormatVersions.Both, metric.Versions);
        }
        Assert.Equal(MetricKind.Amount, MetricCatalog.Get("s6.processing_fees_yuan").Kind);
    }

    [Fact]
    public void EveryCodeIsUniqueLabelledAndFollowsTheTableRowColumnPattern()
    {
        Assert.Equal(MetricCatalog.All.Count, MetricCatalog.All.Select(m => m.Code).Distinct().Count());
        foreach (var m in MetricCatalog.All)
        {
            Assert.Matches(@"^[a-z0-9]+\.[a-z_]+(\.[a-z_]+)?$", m.Code);
            Assert.Equal(m.Column.Length == 0 ? $"{m.Table}.{m.Row}" : $"{m.Table}.{m.Row}.{m.Column}", m.Code);
            Assert.False(string.IsNullOrWhiteSpace(m.LabelZh), m.Code);
            Assert.False(string.IsNullOrWhiteSpace(m.LabelEn), m.Code);
            Assert.False(string.IsNullOrWhiteSpace(m.UnitZh), m.Code);
            Assert.NotEqual(FormatVersions.None, m.Versions);
        }
    }

    [Fact]
    public void OutcomeRowsAreTheTwentyOneBetweenCarriedOverAndTheTotal()
    {
        Assert.Equal(21, MetricCatalog.T3OutcomeRows.Count);
        Assert.Equal("granted", MetricCatalog.T3OutcomeRows[0]);
        Assert.Equal("other_misc", MetricCatalog.T3OutcomeRows[^1]);
        Assert.DoesNotContain("results_total", MetricCatalog.T3OutcomeRows);
    }
}
