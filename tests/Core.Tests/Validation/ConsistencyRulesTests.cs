using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Analytics.Core.Synthetic;
using Analytics.Core.Validation;

namespace Analytics.Core.Tests.Validation;

public class ConsistencyRulesTests
{
    private static (ReportValues Previous, ReportValues Current) ConsistentPair(int year = 2023)
    {
        var reports = SyntheticReports.Generate(SyntheticReports.Agencies(1), year - 1, year).ToList();
        return (ToValues(reports[0]), ToValues(reports[1]));
    }

    private static ReportValues ToValues(SyntheticReport report, Action<Dictionary<string, string>>? change = null)
    {
        var map = report.Values.ToDictionary(v => v.Metric.Code, v => v.Value);
        change?.Invoke(map);
        var values = new ReportValues(report.Year, report.Version);
        foreach (var (code, text) in map)
        {
            var metric = MetricCatalog.Get(code);
            Assert.Null(ValueParser.TryParse(text, metric.Kind, out var cell));
            values.Set(metric, cell.State, (double?)cell.Number);
        }
        return values;
    }

    private static ReportValues Changed(int year, Action<Dictionary<string, string>> change)
    {
        var reports = SyntheticReports.Generate(SyntheticReports.Agencies(1), year - 1, year).ToList();
        return ToValues(reports[1], change);
    }

    private static ReportValues PreviousOf(int year) =>
        ToValues(SyntheticReports.Generate(SyntheticReports.Agencies(1), year - 1, year).First());

    [Fact]
    public void FindsNothingInConsistentFigures()
    {
        var (previous, current) = ConsistentPair();
        Assert.Empty(ConsistencyRules.Evaluate(current, previous));
    }

    [Fact]
    public void R1FlagsAnUnbalancedColumn()
    {
        var current = Changed(2023, v => v["t3.carried_forward.research"] = (long.Parse(v["t3.carried_forward.research"]) + 1).ToString());
        var findings = ConsistencyRules.Evaluate(current, PreviousOf(2023));
        var r1 = Assert.Single(findings, f => f.Rule == "R1");
        Assert.Equal("research", r1.Subject);
        Assert.Equal(r1.Left! + 0, r1.Right! - 1);
        Assert.Equal(Finding.Error, r1.Severity);
    }

    [Fact]
    public void R2FlagsARowWhoseTotalIsNotItsSum()
    {
        var current = Changed(2023, v => v["t3.np_duplicate.total"] = (long.Parse(v["t3.np_duplicate.total"]) + 3).ToString());
        var findings = ConsistencyRules.Evaluate(current, PreviousOf(2023));
        Assert.Contains(findings, f => f.Rule == "R2" && f.Subject == "np_duplicate" && f.Left - f.Right == 3);
    }

    [Fact]
    public void R3FlagsOutcomesThatDoNotAddUpToTheirTotal()
    {
        var current = Changed(2023, v =>
        {
            v["t3.np_publication.legal_services"] = (long.Parse(v["t3.np_publication.legal_services"]) + 1).ToString();
            v["t3.np_publication.total"] = (long.Parse(v["t3.np_publication.total"]) + 1).ToString();
        });
        var findings = ConsistencyRules.Evaluate(current, PreviousOf(2023));
        Assert.Contains(findings, f => f.Rule == "R3" && f.Subject == "legal_services");
        Assert.Contains(findings, f => f.Rule == "R3" && f.Subject == "total");
        Assert.DoesNotContain(findings, f => f.Rule == "R2");
    }

    [Fact]
    public void R3SumsNineteenRowsInThe2019Format()
    {
        var values = ToValues(SyntheticReports.Generate(SyntheticReports.Agencies(1), 2019, 2019).Single());
        Assert.Equal(FormatVersions.V2019, values.Version);
        Assert.Empty(ConsistencyRules.Evaluate(values, null));
    }

    [Fact]
    public void R4FlagsAReviewGroupWhoseTotalIsWrong()
    {
        var current = Changed(2023, v => v["t4.lit_direct.total"] = (long.Parse(v["t4.lit_direct.total"]) + 2).ToString());
        var finding = Assert.Single(ConsistencyRules.Evaluate(current, PreviousOf(2023)));
        Assert.Equal(("R4", "lit_direct"), (finding.Rule, finding.Subject));
    }

    [Fact]
    public void R5FlagsACountLoadedAsText()
    {
        var current = Changed(2023, v => v["t3.granted.commercial"] = "约5");
        Assert.Contains(ConsistencyRules.Evaluate(current, PreviousOf(2023)), f => f.Rule == "R5" && f.Subject == "t3.granted.commercial");
    }

    [Fact]
    public void R6WarnsWhenCarriedOverDiffersFromLastYearsCarriedForward()
    {
        var current = Changed(2023, v =>
        {
            foreach (var row in new[] { "carried_over", "results_total", "granted" })
            {
                foreach (var column in new[] { "natural_person", "total" })
                {
                    v[$"t3.{row}.{column}"] = (long.Parse(v[$"t3.{row}.{column}"]) + 4).ToString();
                }
            }
        });
        var findings = ConsistencyRules.Evaluate(current, PreviousOf(2023));
        Assert.Equal(["natural_person", "total"], findings.Select(f => f.Subject).Order());
        Assert.All(findings, f => Assert.Equal(("R6", Finding.Warning), (f.Rule, f.Severity)));
        Assert.Empty(ConsistencyRules.Evaluate(current, null));
    }

    [Fact]
    public void R7WarnsWhenDocumentsInForceDoNotFollowFromLastYear()
    {
        var current = Changed(2023, v => v["t2.regulations.in_force"] = (long.Parse(v["t2.regulations.in_force"]) + 1).ToString());
        var finding = Assert.Single(ConsistencyRules.Evaluate(current, PreviousOf(2023)));
        Assert.Equal(("R7", "regulations"), (finding.Rule, finding.Subject));
    }

    [Fact]
    public void R8WarnsWhenChannelsAddUpToMoreThanTheTotal()
    {
        var current = Changed(2023, v => v["ch.total"] = "1");
        var finding = Assert.Single(ConsistencyRules.Evaluate(current, PreviousOf(2023)));
        Assert.Equal("R8", finding.Rule);
        Assert.Equal(1, finding.Left);
    }

    [Fact]
    public void SkipsARuleWhereACellIsEmptyRatherThanCountingItAsZero()
    {
        var current = Changed(2023, v => v["t3.carried_over.natural_person"] = "");
        // R1 and R6 for that column and R2 for that row would all read the empty cell: none of them fires.
        Assert.Empty(ConsistencyRules.Evaluate(current, PreviousOf(2023)));
    }
}
