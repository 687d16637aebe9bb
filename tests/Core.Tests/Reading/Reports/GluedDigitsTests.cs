using Analytics.Core.Reading;

namespace Analytics.Core.Tests.Reading.Reports;

public sealed class GluedDigitsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("glued-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Variant(string name, Func<string, string> change)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, change(File.ReadAllText(Read.Fixture("reports/xingren_city_2022_flat.txt"))));
        return path;
    }

    [Fact]
    public void AGluedRunWithSeveralConsistentSplitsIsLoadedWithANoteNamingTheCellsAndAlternatives()
    {
        // T4 review 1 10 0 0 11 glued: 1|10|0|0|11 and 11|0|0|0|11 both satisfy R4; nothing else can choose.
        var path = Variant("ambiguous.txt", t => t.Replace("100010000000000", "11000110000000000", StringComparison.Ordinal));

        var (_, cells, errors) = Read.All(path);

        Assert.Empty(errors);
        var upheld = cells.Single(c => c.Metric.Code == "t4.review.upheld");
        Assert.Equal(CellSource.Ambiguous, upheld.Source);
        var note = Assert.IsType<AmbiguousSplit>(upheld.Ambiguity);
        Assert.Contains("t4.review.upheld", note.Metrics);
        Assert.Contains("t4.review.corrected", note.Metrics);
        Assert.Contains(note.Alternatives, a => a.Take(5).SequenceEqual(["11", "0", "0", "0", "11"]));
        Assert.Equal(["1", "10", "0", "0", "11"], note.Chosen.Take(5));
        Assert.Equal(CellSource.Rules, cells.Single(c => c.Metric.Code == "t4.review.total").Source);
    }

    [Fact]
    public void AGluedRowIsSplitByTheRulesAndSaysSo()
    {
        var (_, cells, _) = Read.All(Read.Fixture("reports/xingren_city_2022_flat.txt"));

        var total = cells.Single(c => c.Metric.Code == "t3.new_received.total");
        Assert.Equal((10m, CellSource.Rules), (total.Value.Number!.Value, total.Source));
        Assert.Null(total.Ambiguity);
    }

    [Fact]
    public void PrintedTotalsThatBreakR3AreKeptAsPrinted()
    {
        // The outcomes sum to 8 natural persons, the printed total says 9: the reader keeps 9, validation reports it.
        var path = Variant("r3.txt", t => t.Replace("(七)总计81000110", "(七)总计91000111", StringComparison.Ordinal)
            .Replace("四、结转下年度继续办理2000002", "四、结转下年度继续办理1000001", StringComparison.Ordinal));

        var (_, cells, errors) = Read.All(path);

        Assert.Empty(errors);
        Assert.Equal(9m, cells.Single(c => c.Metric.Code == "t3.results_total.natural_person").Value.Number);
        Assert.Equal(11m, cells.Single(c => c.Metric.Code == "t3.results_total.total").Value.Number);
    }
}
