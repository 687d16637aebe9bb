using Analytics.Core.Reading;
using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>One fixture file per error class: rejected whole, located exactly, nothing changed.</summary>
public class ErrorFixtureTests
{
    [Theory]
    [InlineData("bad_quoting.csv", ErrorCode.BadQuoting, 3, 1)]
    [InlineData("wrong_field_count.csv", ErrorCode.WrongFieldCount, 4, 5)]
    [InlineData("missing_column.csv", ErrorCode.MissingColumn, 1, 0)]
    [InlineData("unknown_column.csv", ErrorCode.UnknownColumn, 1, 4)]
    [InlineData("unknown_metric.csv", ErrorCode.UnknownMetric, 3, 3)]
    [InlineData("no_data_rows.csv", ErrorCode.NoDataRows, 1, 0)]
    [InlineData("empty_file.csv", ErrorCode.EmptyFile, 0, 0)]
    [InlineData("binary_file.csv", ErrorCode.BinaryFile, 0, 0)]
    [InlineData("undecodable.csv", ErrorCode.Undecodable, 3, 0)]
    [InlineData("not_a_number.csv", ErrorCode.NotANumber, 3, 4)]
    [InlineData("negative_count.csv", ErrorCode.NegativeCount, 2, 4)]
    [InlineData("fractional_count.csv", ErrorCode.FractionalCount, 3, 4)]
    [InlineData("year_out_of_range.csv", ErrorCode.YearOutOfRange, 2, 2)]
    [InlineData("year_not_a_number.csv", ErrorCode.YearNotANumber, 2, 2)]
    [InlineData("overflow.csv", ErrorCode.Overflow, 2, 4)]
    [InlineData("conflicting_value.csv", ErrorCode.ConflictingValue, 4, 4)]
    [InlineData("empty_agency.csv", ErrorCode.EmptyAgency, 3, 1)]
    [InlineData("mixed_format_versions.csv", ErrorCode.MixedFormatVersions, 4, 4)]
    [InlineData("unknown_layout.txt", ErrorCode.UnknownLayout, 1, 0)]
    [InlineData("report_without_title.txt", ErrorCode.MissingAgencyOrYear, 1, 0)]
    public void RejectsTheFileNamesLineAndColumnAndChangesNothing(string fixture, ErrorCode code, int line, int column)
    {
        using var w = new Workspace();
        Assert.Equal("loaded", w.Import(Workspace.Fixture("good_long.csv")).Status);
        var before = w.Export();

        var result = w.Import(Workspace.Fixture("errors", fixture));

        Assert.Equal(BatchStore.Statuses.Rejected, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal((code, line, column), (error.Code, (int)error.Line, error.Column));
        if (line > 0)
        {
            Assert.StartsWith($"Line {line}", error.Message);
            Assert.StartsWith($"第 {line} 行", error.MessageZh);
        }
        if (column > 0)
        {
            Assert.Contains($"column {column}", error.Message);
            Assert.Contains($"第 {column} 列", error.MessageZh);
        }
        Assert.Equal(before, w.Export());

        var stored = w.Pipeline.Batches.Get(result.BatchId)!;
        Assert.Equal("rejected", stored.Status);
        Assert.Equal(1, stored.ErrorCount);
        var storedError = Assert.Single(w.Pipeline.Batches.Errors(result.BatchId));
        Assert.Equal((code.ToString(), (long)line, (long)column), (storedError.Code, storedError.Line, storedError.ColumnNo));
    }

    [Fact]
    public void ConflictingValueNamesTheEarlierLine()
    {
        using var w = new Workspace();
        var error = Assert.Single(w.Import(Workspace.Fixture("errors", "conflicting_value.csv")).Errors);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("第 2 行", error.MessageZh);
    }

    [Fact]
    public void AnErrorOnTheLastLineOfALargeFileLeavesNothingLoaded()
    {
        using var w = new Workspace();
        var lines = new List<string> { "agency,year,metric,value" };
        for (var i = 0; i < 3000; i++)
        {
            lines.Add($"机关{i},2023,t3.new_received.total,{i}");
        }
        lines.Add("机关x,2023,t3.new_received.total,abc");
        var result = w.Import(w.Write("late-error.csv", string.Join('\n', lines) + "\n"));

        Assert.Equal("rejected", result.Status);
        Assert.Equal(3002, Assert.Single(result.Errors).Line);
        Assert.Equal("agency,year,metric,value\n", w.Export());
        using var connection = w.Database.OpenRead();
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM agencies"));
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM revisions"));
    }

    [Fact]
    public void ListsEveryBadCellOfAFileNotJustTheFirst()
    {
        using var w = new Workspace();
        var result = w.Import(w.Write("many.csv", "agency,year,metric,value\nA,2023,t3.granted.total,x\nA,2023,t3.granted.commercial,-1\nB,1999,t3.granted.total,1\n"));
        Assert.Equal([ErrorCode.NotANumber, ErrorCode.NegativeCount, ErrorCode.YearOutOfRange], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void StopsListingAfterTwoHundredErrors()
    {
        using var w = new Workspace();
        var lines = new[] { "agency,year,metric,value" }.Concat(Enumerable.Range(0, 500).Select(i => $"A{i},2023,t3.granted.total,x"));
        var result = w.Import(w.Write("worse.csv", string.Join('\n', lines)));
        Assert.Equal(BatchStore.MaxErrors + 1, result.Errors.Count);
        Assert.Equal(ErrorCode.TooManyErrors, result.Errors[^1].Code);
    }

    [Fact]
    public void AFileWithALineLongerThanAnyRealOneIsRejectedNotLeftHalfRead()
    {
        using var w = new Workspace();
        var path = w.Write("huge-line.csv", "agency,year,metric,value\nA,2023,t3.granted.total,1\nA,2023,t3.granted.total," + new string('9', 17 << 20) + "\n");

        var result = w.Import(path);

        Assert.Equal("rejected", result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal((ErrorCode.LineTooLong, 3L), (error.Code, error.Line));
        Assert.StartsWith("Line 3: this line is longer than 16 MB", error.Message);
        Assert.StartsWith("第 3 行: 这一行超过 16 MB", error.MessageZh);
        Assert.Equal("rejected", w.Pipeline.Batches.Get(result.BatchId)!.Status);
        Assert.Equal("agency,year,metric,value\n", w.Export());
    }

    [Theory]
    [InlineData("agency,year,t2.regulations.issued,t2.regulations.new_made,t2.regulations.in_force\n示范局,2023,1,/,5\n")]
    [InlineData("agency,year,metric,value\n示范局,2023,t2.regulations.new_made,\n示范局,2023,t2.regulations.issued,1\n示范局,2023,t2.regulations.new_published,/\n")]
    public void ABlankOrNotApplicableCellOfTheOtherFormatIsLeftOutNotAnError(string csv)
    {
        using var w = new Workspace();
        var result = w.Import(w.Write("both-versions.csv", csv));

        Assert.True(result.Status == "loaded", string.Join("; ", result.Errors.Select(e => e.Message)));
        var export = w.Export();
        Assert.Contains("示范局,2023,t2.regulations.issued,1", export);
        Assert.DoesNotContain("new_made", export);
        Assert.DoesNotContain("new_published", export);
    }
}
