namespace Analytics.Etl.Tests.Ingestion;

public class SampleReportTests
{
    [Fact]
    public void TheRealSampleReportLoadsWithExactlyItsFigures()
    {
        using var w = new Workspace();
        var result = w.Import(Workspace.Fixture("2023_industry_tech_bureau_report.txt"));

        Assert.Equal("loaded", result.Status);
        Assert.Equal("report", result.Layout);
        var lines = w.Export().TrimEnd('\n').Split('\n');
        Assert.Equal("agency,year,metric,value", lines[0]);
        var values = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[2], f => f[3]);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("工业信息和科技局,2023,", l));

        var expected = new Dictionary<string, string>
        {
            ["t3.new_received.total"] = "1", ["t3.new_received.natural_person"] = "1",
            ["t3.granted.natural_person"] = "1", ["t3.granted.total"] = "1",
            ["t3.results_total.natural_person"] = "1", ["t3.results_total.total"] = "1",
            ["t2.normative_docs.issued"] = "1", ["t2.normative_docs.repealed"] = "2", ["t2.normative_docs.in_force"] = "5",
            ["ch.website"] = "319", ["ch.weibo"] = "341", ["ch.wechat"] = "631", ["ch.total"] = "1291",
            ["s1.public_message_replies"] = "1", ["s6.processing_fees_yuan"] = "0",
        };
        foreach (var (code, value) in expected)
        {
            Assert.Equal(value, values[code]);
        }
        var otherTableCells = values.Where(v => (v.Key.StartsWith("t3.") || v.Key.StartsWith("t4.") || v.Key.StartsWith("t2.")) && !expected.ContainsKey(v.Key)).ToList();
        Assert.Equal(175 + 15 + 10 - 9, otherTableCells.Count);
        Assert.All(otherTableCells, v => Assert.Equal("0", v.Value));
    }

    [Fact]
    public void TheSampleReportPassesRulesR1ToR4()
    {
        using var w = new Workspace();
        var result = w.Import(Workspace.Fixture("2023_industry_tech_bureau_report.txt"));
        Assert.Equal(0, result.Findings);
        Assert.Empty(new Core.Storage.ReportQueries(w.Database).Findings());
    }
}
