using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Analytics.Core.Synthetic;

namespace Analytics.Core.Tests.Reading;

public sealed class ReportReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadsTheSampleReportsTitleTablesAndChannelSentences()
    {
        var (shape, cells, errors) = Read.All(Read.Fixture("2023_industry_tech_bureau_report.txt"));

        Assert.Empty(errors);
        Assert.Equal(Layout.Report, shape.Layout);
        Assert.All(cells, c => Assert.Equal("工业信息和科技局", c.Agency.Name));
        Assert.All(cells, c => Assert.Equal(2023, c.Year));
        Assert.All(cells, c => Assert.Equal(FormatVersions.V2021, c.Version));
        var values = cells.ToDictionary(c => c.Metric.Code, c => c.Value);
        Assert.Equal(1291m, values["ch.total"].Number);
        Assert.Equal(319m, values["ch.website"].Number);
        Assert.Equal(341m, values["ch.weibo"].Number);
        Assert.Equal(631m, values["ch.wechat"].Number);
        Assert.Equal(1m, values["s1.public_message_replies"].Number);
        Assert.Equal(0m, values["s6.processing_fees_yuan"].Number);
        Assert.Equal(2m, values["t2.normative_docs.repealed"].Number);
        Assert.Equal(5m, values["t2.normative_docs.in_force"].Number);
        Assert.Equal(1m, values["t3.new_received.total"].Number);
        Assert.Equal(1m, values["t3.granted.natural_person"].Number);
        Assert.Equal(175, cells.Count(c => c.Metric.Table == "t3"));
        Assert.Equal(15, cells.Count(c => c.Metric.Table == "t4"));
        Assert.Equal(10, cells.Count(c => c.Metric.Table == "t2"));
        // The sentence a channel figure came from is kept as its raw text.
        Assert.Contains("网站发布信息 319 条", values["ch.website"].Raw);
    }

    [Fact]
    public void NamesTheLineEachTableValueWasReadFrom()
    {
        var lines = File.ReadAllLines(Read.Fixture("2023_industry_tech_bureau_report.txt"));
        var (_, cells, _) = Read.All(Read.Fixture("2023_industry_tech_bureau_report.txt"));
        var newReceived = cells.Single(c => c.Metric.Code == "t3.new_received.total");
        Assert.StartsWith("一、本年新收政府信息公开申请数量", lines[newReceived.Line - 1]);
        Assert.Equal("1", lines[newReceived.Line - 1].Split('\t')[newReceived.Column - 1]);
    }

    [Theory]
    [InlineData("工业信息和科技局 2023 年政府信息公开工作年度报告", "工业信息和科技局", 2023)]
    [InlineData("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019)]
    [InlineData("平潭综合实验区２０２２年度政府信息公开工作年度报告", "平潭综合实验区", 2022)]
    [InlineData("2021年政府信息公开工作年度报告", null, 2021)]
    public void FindsAgencyAndYearInTheTitle(string title, string? agency, int year)
    {
        Assert.True(ReportReader.TryTitle(title, out var foundAgency, out var foundYear));
        Assert.Equal(agency, foundAgency);
        Assert.Equal(year, foundYear);
    }

    [Fact]
    public void AsksForTheAgencyWhenTheTitleHasNone()
    {
        var text = File.ReadAllText(Read.Fixture("2023_industry_tech_bureau_report.txt")).Replace("工业信息和科技局 2023 年政府信息公开工作年度报告", "政府信息公开工作年度报告");
        var path = Path.Combine(_folder, "untitled.txt");
        File.WriteAllText(path, text);

        var (_, cells, errors) = Read.All(path);
        Assert.Empty(cells);
        Assert.Equal(ErrorCode.MissingAgencyOrYear, Assert.Single(errors).Code);

        var (_, given, none) = Read.All(path, new ReadOptions { Agency = "济源市工业信息和科技局", Year = 2023 });
        Assert.Empty(none);
        Assert.All(given, c => Assert.Equal("济源市工业信息和科技局", c.Agency.Name));
        Assert.Equal(206, given.Count);
    }

    [Theory]
    [InlineData(2019, '\t')]
    [InlineData(2020, ',')]
    [InlineData(2022, '\t')]
    [InlineData(2023, ';')]
    public void ReadsBackEveryValueOfAGeneratedReportOfEitherVersion(int year, char delimiter)
    {
        var report = SyntheticReports.Generate(SyntheticReports.Agencies(3), 2019, 2024).First(r => r.Year == year && r.Agency.Level == "省级");
        var path = Path.Combine(_folder, $"report-{year}.txt");
        File.WriteAllText(path, ReportTextWriter.Write(report, delimiter));

        var (shape, cells, errors) = Read.All(path);

        Assert.Empty(errors);
        Assert.Equal(Layout.Report, shape.Layout);
        Assert.All(cells, c => Assert.Equal(report.Version, c.Version));
        var expected = report.Values.ToDictionary(v => v.Metric.Code, v => v.Value);
        var actual = cells.ToDictionary(c => c.Metric.Code, c => c.Value.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? c.Value.Raw);
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("行政规范性文件\t1\t2\t5", "行政规范性文件\t1\t\t5", 3)]
    [InlineData("2. 重复申请\t0\t0\t0\t0\t0\t0\t0", "2. 重复申请\t0\t0\tabc\t0\t0\t0\t0", 4)]
    public void ARecognisedRowWithABlankOrUnreadableCellIsAnErrorNotAShiftedRow(string good, string bad, int column)
    {
        var sample = File.ReadAllText(Read.Fixture("2023_industry_tech_bureau_report.txt"));
        var goodLine = sample.Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.Replace("\t", "").Trim() == good.Replace("\t", "").Trim()
            || l.StartsWith(good.Split('\t')[0], StringComparison.Ordinal));
        var path = Path.Combine(_folder, "blank.txt");
        File.WriteAllText(path, sample.Replace(goodLine, bad));
        var line = Array.IndexOf(File.ReadAllLines(path), bad) + 1;

        var (_, _, errors) = Read.All(path);

        var error = Assert.Single(errors);
        Assert.Equal((ErrorCode.MissingFigures, (long)line, column), (error.Code, error.Line, error.Column));
        Assert.Contains("should have", error.Message);
    }
}
