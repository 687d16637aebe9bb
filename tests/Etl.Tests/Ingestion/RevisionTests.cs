using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Etl.Tests.Ingestion;

public class RevisionTests
{
    private const string First = "agency,year,metric,value\n示范市教育局,2023,t3.new_received.total,10\n示范市教育局,2023,ch.website,300\n示范市教育局,2022,ch.website,200\n";
    private const string Corrected = "agency,year,metric,value\n示范市教育局,2023,t3.new_received.total,12\n";

    [Fact]
    public void TheSameContentLoadedTwiceIsADuplicateAndChangesNothing()
    {
        using var w = new Workspace();
        var first = w.Import(w.Write("a.csv", First));
        var before = w.Export();

        // Same bytes under another name: recognised by hash, before any parsing.
        var again = w.Import(w.Write("renamed.csv", First));

        Assert.Equal("duplicate", again.Status);
        Assert.Equal(first.BatchId, again.DuplicateOf);
        Assert.Equal(before, w.Export());
        Assert.Equal("duplicate", w.Pipeline.Batches.Get(again.BatchId)!.Status);
        using var connection = w.Database.OpenRead();
        Assert.Equal(2L, connection.ExecuteScalar<long>("SELECT count(*) FROM revisions"));
    }

    [Fact]
    public void ACorrectedFileReplacesTheAgencyYearAsANewRevisionAndKeepsTheOldOne()
    {
        using var w = new Workspace();
        w.Import(w.Write("a.csv", First));
        var correction = w.Import(w.Write("b.csv", Corrected));

        Assert.Equal("loaded", correction.Status);
        Assert.Equal(1, correction.AgencyYears);
        // The whole agency-year is replaced: ch.website of 2023 is gone, 2022 is untouched.
        Assert.Equal(
            "agency,year,metric,value\n示范市教育局,2022,ch.website,200\n示范市教育局,2023,t3.new_received.total,12\n",
            w.Export());

        var queries = new ReportQueries(w.Database);
        var revisions = queries.Revisions("示范市教育局", 2023);
        Assert.Equal([1L, 2L], revisions.Select(r => r.Number));
        Assert.Equal([false, true], revisions.Select(r => r.IsCurrent));
        Assert.Equal(["a.csv", "b.csv"], revisions.Select(r => r.FileName));
        var old = queries.Values(revisions[0].Id);
        Assert.Equal(["ch.website", "t3.new_received.total"], old.Select(v => v.Metric).Order());
        Assert.Equal(10, old.Single(v => v.Metric == "t3.new_received.total").Value);
    }

    [Fact]
    public void FindingsFollowTheCurrentRevision()
    {
        using var w = new Workspace();
        w.Import(w.Write("broken.csv", "agency,year,metric,value\nA,2023,t4.review.upheld,1\nA,2023,t4.review.corrected,0\nA,2023,t4.review.other,0\nA,2023,t4.review.pending,0\nA,2023,t4.review.total,5\n"));
        var queries = new ReportQueries(w.Database);
        Assert.Equal("R4", Assert.Single(queries.Findings()).Rule);

        w.Import(w.Write("fixed.csv", "agency,year,metric,value\nA,2023,t4.review.upheld,1\nA,2023,t4.review.corrected,0\nA,2023,t4.review.other,0\nA,2023,t4.review.pending,0\nA,2023,t4.review.total,1\n"));
        Assert.Empty(queries.Findings());
    }

    [Fact]
    public void LoadingLastYearRecomputesTheYearChainOfTheYearAfter()
    {
        using var w = new Workspace();
        w.Import(w.Write("2023.csv", "agency,year,metric,value\nA,2023,t3.carried_over.total,4\n"));
        var queries = new ReportQueries(w.Database);
        Assert.Empty(queries.Findings());

        w.Import(w.Write("2022.csv", "agency,year,metric,value\nA,2022,t3.carried_forward.total,3\n"));
        var r6 = Assert.Single(queries.Findings());
        Assert.Equal(("R6", 2023L, 4.0, 3.0), (r6.Rule, r6.Year, r6.LeftValue, r6.RightValue));
    }

    [Fact]
    public void FindingsNeverBlockALoad()
    {
        using var w = new Workspace();
        var result = w.Import(w.Write("r1.csv", "agency,year,metric,value\nA,2023,t3.new_received.total,5\nA,2023,t3.carried_over.total,0\nA,2023,t3.results_total.total,1\nA,2023,t3.carried_forward.total,1\n"));
        Assert.Equal("loaded", result.Status);
        Assert.Equal(1, result.Findings);
    }

    [Fact]
    public void AgencyAttributesFromAFileAreKeptAndUpdated()
    {
        using var w = new Workspace();
        w.Import(w.Write("a.csv", "机关名称,年度,指标,数值,机关代码,地区,层级\n示范局,2023,ch.website,1,A01,示范省,市级\n"));
        w.Import(w.Write("b.csv", "agency,year,metric,value,level\n示范局,2022,ch.website,1,省级\n"));
        using var connection = w.Database.OpenRead();
        var agency = connection.QuerySingle<(string Code, string Region, string Level)>("SELECT code, region, level FROM agencies WHERE name = '示范局'");
        Assert.Equal(("A01", "示范省", "省级"), agency);
    }
}
