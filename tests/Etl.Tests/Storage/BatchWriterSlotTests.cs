using System.Text;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Etl.Tests.Storage;

/// <summary>
/// The writer keeps only <see cref="BatchWriter.OpenSlots"/> agency-years in memory and moves the rest to a table:
/// a file with more of them must load exactly as a small one does, also when it comes back to one it left.
/// </summary>
public class BatchWriterSlotTests
{
    private static readonly int Many = BatchWriter.OpenSlots + 300;

    /// <summary>Lines for agencies from..to-1 in 2023, two cells each, in four (region, level) groups.</summary>
    private static void AgencyLines(StringBuilder csv, int from, int to, int shift = 0)
    {
        for (var i = from; i < to; i++)
        {
            var (region, level) = (i % 2 == 0 ? "甲省" : "乙省", i % 3 == 0 ? "市级" : "县级");
            csv.Append($"机关{i:D5},2023,t3.new_received.total,{(i + shift) % 50},{region},{level}\n");
            csv.Append($"机关{i:D5},2023,ch.website,{i % 7},{region},{level}\n");
        }
    }

    private static string Header => "agency,year,metric,value,region,level\n";

    [Fact]
    public void AFileWithMoreAgencyYearsThanStayInMemoryLoadsAsTheSameRowsInOrderDo()
    {
        // The first agency comes back at the end, after its slot went to the table: a repeat of the same value,
        // and a cell it did not have yet.
        var revisiting = new StringBuilder(Header);
        AgencyLines(revisiting, 0, Many);
        revisiting.Append("机关00000,2023,t3.new_received.total,0,甲省,市级\n");
        revisiting.Append("机关00000,2023,t4.review.upheld,1,甲省,市级\n");
        var ordered = new StringBuilder(Header);
        ordered.Append("机关00000,2023,t4.review.upheld,1,甲省,市级\n");
        AgencyLines(ordered, 0, Many);

        using var w = new Workspace();
        using var reference = new Workspace();
        var result = w.Import(w.Write("revisiting.csv", revisiting.ToString()));
        reference.Import(reference.Write("ordered.csv", ordered.ToString()));

        Assert.Equal("loaded", result.Status);
        Assert.Equal(Many, result.AgencyYears);
        Assert.Equal(2L * Many + 1, result.Values);
        Assert.Equal(reference.Export(), w.Export());
        using var connection = w.Database.OpenRead();
        // One revision per agency-year, and the one that came back counts all three of its cells.
        Assert.Equal((long)Many, connection.ExecuteScalar<long>("SELECT count(*) FROM revisions"));
        Assert.Equal(3L, connection.ExecuteScalar<long>(
            "SELECT v.value_count FROM revisions v JOIN reports r ON r.id = v.report_id JOIN agencies a ON a.id = r.agency_id WHERE a.name = '机关00000'"));
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT count(*) FROM reports WHERE current_revision_id IS NULL"));
        RollupTests.AssertRollupsMatchTheFacts(w);
    }

    [Fact]
    public void ASecondLargeBatchTakesTheReplacedRevisionsOutOfTheSums()
    {
        using var w = new Workspace();
        var first = new StringBuilder(Header);
        AgencyLines(first, 0, Many);
        w.Import(w.Write("first.csv", first.ToString()));

        // Every agency-year again with other figures, and 20 new ones: the old numbers must leave the rollups.
        var second = new StringBuilder(Header);
        AgencyLines(second, 0, Many + 20, shift: 13);
        var result = w.Import(w.Write("second.csv", second.ToString()));

        Assert.Equal("loaded", result.Status);
        Assert.Equal(Many + 20, result.AgencyYears);
        RollupTests.AssertRollupsMatchTheFacts(w);
        var expected = Enumerable.Range(0, Many + 20).Sum(i => (double)((i + 13) % 50));
        Assert.Equal(expected, new DashboardQueries(w.Database).Totals(new AgencyFilter(), ["t3.new_received.total"]).Single().Total);
    }

    [Fact]
    public void AConflictingValueForAnAgencyYearLeftLongAgoRejectsTheBatchNamingBothLines()
    {
        using var w = new Workspace();
        w.Import(w.Write("before.csv", Header + "机关00001,2023,ch.website,5,乙省,县级\n"));
        var before = w.Export();

        var csv = new StringBuilder(Header);
        AgencyLines(csv, 0, Many);
        csv.Append("机关00000,2023,t3.new_received.total,49,甲省,市级\n");
        var result = w.Import(w.Write("conflict.csv", csv.ToString()));

        Assert.Equal("rejected", result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCode.ConflictingValue, error.Code);
        Assert.Equal(2L * Many + 2, error.Line);
        // The cell it contradicts is on line 2, the first data line.
        Assert.Equal("2", error.Detail);
        Assert.Equal(before, w.Export());
    }
}
