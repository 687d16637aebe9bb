using Analytics.Core.Catalog;
using Analytics.Core.Reading;

namespace Analytics.Core.Tests.Reading.Reports;

/// <summary>
/// Every report in Fixtures/reports loads exactly as its hand-checked .expected.csv says: agency, year, version, cell
/// count, the listed cells (value and, where given, how the cell was obtained), and every other table cell is 0.
/// </summary>
public sealed class ReportCorpusTests
{
    public static TheoryData<string> Reports() =>
        [.. Directory.GetFiles(Read.Fixture("reports"), "*.expected.csv").Select(p => Path.GetFileName(p)[..^".expected.csv".Length]).Order()];

    [Theory]
    [MemberData(nameof(Reports))]
    public void LoadsEveryExpectedValueExactly(string name)
    {
        var expected = File.ReadAllLines(Read.Fixture($"reports/{name}.expected.csv")).Where(l => !l.StartsWith('#')).ToList();
        var meta = expected.TakeWhile(l => !l.StartsWith("metric,", StringComparison.Ordinal)).Select(l => l.Split(',', 2)).ToDictionary(p => p[0], p => p[1]);
        var rows = expected.SkipWhile(l => !l.StartsWith("metric,", StringComparison.Ordinal)).Skip(1).Select(l => l.Split(',')).ToList();
        var report = Directory.GetFiles(Read.Fixture("reports"), name + ".*").Single(p => !p.EndsWith(".expected.csv", StringComparison.Ordinal));
        var options = new ReadOptions { Year = meta.TryGetValue("option.year", out var y) ? int.Parse(y, System.Globalization.CultureInfo.InvariantCulture) : null };

        var (_, cells, errors) = Read.All(report, options);

        Assert.Empty(errors);
        Assert.All(cells, c => Assert.Equal(meta["agency"], c.Agency.Name));
        Assert.All(cells, c => Assert.Equal(int.Parse(meta["year"], System.Globalization.CultureInfo.InvariantCulture), c.Year));
        Assert.All(cells, c => Assert.Equal(meta["version"] == "2019" ? FormatVersions.V2019 : FormatVersions.V2021, c.Version));
        var byCode = cells.ToDictionary(c => c.Metric.Code);
        Assert.Equal(int.Parse(meta["cells"], System.Globalization.CultureInfo.InvariantCulture), cells.Count);
        var listed = new HashSet<string>();
        foreach (var row in rows)
        {
            var (code, value) = (row[0], row[1]);
            listed.Add(code);
            Assert.True(byCode.TryGetValue(code, out var cell), $"{code} was not read");
            Assert.True(value == Shown(cell.Value), $"{code}: expected '{value}', read '{Shown(cell.Value)}' ({cell.Source})");
            if (row.Length > 2 && row[2].Length > 0)
            {
                Assert.Equal(Enum.Parse<CellSource>(row[2]), cell.Source);
            }
        }
        foreach (var cell in cells.Where(c => c.Metric.Table is "t2" or "t3" or "t4" && !listed.Contains(c.Metric.Code)))
        {
            Assert.True(cell.Value.State == CellState.Number && cell.Value.Number == 0, $"{cell.Metric.Code} is {cell.Value.Raw}, expected 0");
        }
        Assert.All(cells.Where(c => c.Source == CellSource.Ambiguous), c => Assert.NotNull(c.Ambiguity));
        Assert.All(cells.Where(c => c.Metric.Table is "ch" or "s1" or "s6"), c => Assert.Equal(CellSource.Prose, c.Source));
    }

    private static string Shown(CellValue value) => value.State switch
    {
        CellState.Number => value.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CellState.NotApplicable => "/",
        CellState.NotReported => "",
        _ => "~" + value.Raw,
    };
}
