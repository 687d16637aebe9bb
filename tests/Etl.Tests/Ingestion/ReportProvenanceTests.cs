using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Analytics.Core.Validation;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>How each report cell was obtained is kept with the batch, and a value loaded from a choice has a finding.</summary>
public class ReportProvenanceTests
{
    /// <summary>The report corpus lives with the reader's tests; the loader reads the same files.</summary>
    private static string Corpus(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Analytics.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir.FullName, "tests", "Core.Tests", "Fixtures", "reports", name);
    }

    [Fact]
    public void AnAmbiguousGluedSplitLoadsWithAFindingNamingTheCellsAndTheAlternatives()
    {
        using var w = new Workspace();
        // T4's review group 1 10 0 0 11 printed glued: 1|10|0|0|11 and 11|0|0|0|11 both satisfy R4.
        var text = File.ReadAllText(Corpus("xingren_city_2022_flat.txt")).Replace("100010000000000", "11000110000000000", StringComparison.Ordinal);

        var result = w.Import(w.Write("ambiguous.txt", text));

        Assert.Equal(BatchStore.Statuses.Loaded, result.Status);
        Assert.True(result.Sources[CellSource.Ambiguous] >= 2);
        Assert.True(result.Sources[CellSource.Rules] > 0);
        var split = Assert.Single(new ReportQueries(w.Database).Findings(rule: ConsistencyRules.AmbiguousSplit));
        Assert.Equal("warning", split.Severity);
        Assert.Contains("t4.review.upheld", split.Subject);
        Assert.Contains("t4.review.corrected", split.Subject);
        Assert.Contains("alternatives: 11 0 0 0 11", split.Message);
        Assert.Contains("其他可能", split.MessageZh);
        var sourced = new BatchStore(w.Database).SourcedCells(result.BatchId);
        Assert.Contains(sourced, c => c.Metric == "t4.review.upheld" && c.Source == (int)CellSource.Ambiguous && c.Value == 1);
        Assert.Equal(result.Findings, new BatchStore(w.Database).Get(result.BatchId)!.FindingCount);
    }

    [Fact]
    public void AReportSavedAsAGb2312WebPageLoadsThroughThePipelineWithItsProseCellsMarked()
    {
        using var w = new Workspace();
        var page = w.Write("report.htm", File.ReadAllBytes(Corpus("xiaogan_office_2020.htm")));

        var result = w.Import(page);

        Assert.Equal(BatchStore.Statuses.Loaded, result.Status);
        Assert.Equal("gb18030", result.Encoding);
        Assert.Equal(result.Values, result.Sources.Values.Sum());
        Assert.Empty(new ReportQueries(w.Database).Findings(rule: ConsistencyRules.AmbiguousSplit));
    }

    [Fact]
    public void CsvBatchesWriteNoProvenanceRows()
    {
        using var w = new Workspace();
        var result = w.Import(w.Write("a.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,5\n"));
        Assert.Equal(new Dictionary<CellSource, long> { [CellSource.Table] = 1 }, result.Sources);
        Assert.Empty(new BatchStore(w.Database).SourcedCells(result.BatchId));
    }
}
