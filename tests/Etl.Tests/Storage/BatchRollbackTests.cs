using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Etl.Tests.Storage;

/// <summary>Rolling a batch back returns every agency-year it touched to its previous revision, exactly.</summary>
public class BatchRollbackTests
{
    private const string First = """
        agency,year,metric,value,region,level
        甲局,2022,t3.new_received.total,10,甲省,市级
        甲局,2023,t3.new_received.total,12,甲省,市级
        甲局,2023,t3.granted.total,4,甲省,市级
        甲局,2023,t3.partially_granted.total,1,甲省,市级
        甲局,2023,t3.results_total.total,5,甲省,市级
        乙局,2023,t3.new_received.total,5,乙省,县级
        """;

    // Corrects 甲局 2023 (a new revision) and brings 丙局 2024 (a new agency-year).
    private const string Second = """
        agency,year,metric,value
        甲局,2023,t3.new_received.total,20
        甲局,2023,t3.granted.total,1
        甲局,2023,t3.partially_granted.total,1
        甲局,2023,t3.results_total.total,5
        丙局,2024,t3.new_received.total,7
        """;

    private static string Everything(Workspace w)
    {
        var queries = new DashboardQueries(w.Database);
        var totals = queries.Totals(new AgencyFilter(), ["t3.new_received.total", "t3.granted.total"]).Select(t => $"{t.Year}:{t.Metric}={t.Total}/{t.Agencies}");
        var rates = queries.IndicatorTotals(new AgencyFilter()).Select(t => $"{t.Year}:{t.Indicator}={t.Numerator}/{t.Denominator}/{t.Agencies}");
        var findings = new ReportQueries(w.Database).Findings().Select(f => $"{f.Agency}:{f.Year}:{f.Rule}:{f.Subject}");
        return string.Join('\n', [w.Export(), .. totals, .. rates, .. findings, string.Join(',', queries.Agencies().Select(a => a.Name))]);
    }

    [Fact]
    public void ExportSumsRatesAndFindingsAfterUploadAndRollbackEqualThoseBefore()
    {
        using var w = new Workspace();
        w.Import(w.Write("first.csv", First));
        var before = Everything(w);
        var second = w.Import(w.Write("second.csv", Second));
        Assert.NotEqual(before, Everything(w));

        var result = new BatchRollback(w.Database).Rollback(second.BatchId, "admin");

        Assert.Equal((1, 1), (result.Restored, result.Removed));
        Assert.Equal(before, Everything(w));
        var batch = new BatchStore(w.Database).Get(second.BatchId)!;
        Assert.Equal((BatchStore.Statuses.RolledBack, "admin"), (batch.Status, batch.RolledBackBy));
        // The rolled-back revision stays as history, marked by its batch's status; the first is current again.
        using var connection = w.Database.OpenRead();
        Assert.Equal(2, connection.ExecuteScalar<long>("SELECT count(*) FROM revisions WHERE batch_id = @BatchId", new { second.BatchId }));
        var history = new ReportQueries(w.Database).Revisions("甲局", 2023);
        Assert.Equal([(1L, true, "loaded"), (2L, false, "rolled_back")], history.OrderBy(r => r.Number).Select(r => (r.Number, r.IsCurrent, r.BatchStatus)));
    }

    [Fact]
    public void RollingBackTheOnlyBatchLeavesNothing()
    {
        using var w = new Workspace();
        var first = w.Import(w.Write("first.csv", First));
        new BatchRollback(w.Database).Rollback(first.BatchId, "admin");
        Assert.Equal("agency,year,metric,value\n", w.Export());
        Assert.Empty(new DashboardQueries(w.Database).Agencies());
        Assert.Empty(new DashboardQueries(w.Database).Totals(new AgencyFilter(), ["t3.new_received.total"]));
        Assert.Null(new DashboardQueries(w.Database).Years());
    }

    [Fact]
    public void ARolledBackFileCanBeLoadedAgainAndLoadsTheSameFigures()
    {
        using var w = new Workspace();
        w.Import(w.Write("first.csv", First));
        var path = w.Write("second.csv", Second);
        var second = w.Import(path);
        var after = w.Export();
        new BatchRollback(w.Database).Rollback(second.BatchId, "admin");

        var again = w.Import(path);

        Assert.Equal(BatchStore.Statuses.Loaded, again.Status);
        Assert.Equal(after, w.Export());
    }

    [Fact]
    public void ABatchALaterBatchReplacedIsRefusedAndNothingChanges()
    {
        using var w = new Workspace();
        var first = w.Import(w.Write("first.csv", First));
        w.Import(w.Write("second.csv", Second));
        var before = w.Export();

        var refused = Assert.Throws<RollbackRefusedException>(() => new BatchRollback(w.Database).Rollback(first.BatchId, "admin"));

        Assert.Contains("roll back batch 2 first", refused.Message);
        Assert.Contains("请先回滚批次 2", refused.Message);
        Assert.Equal(before, w.Export());
        Assert.Equal(BatchStore.Statuses.Loaded, new BatchStore(w.Database).Get(first.BatchId)!.Status);
    }

    [Fact]
    public void OnlyALoadedBatchCanBeRolledBackAndOnlyOnce()
    {
        using var w = new Workspace();
        var rejected = w.Import(w.Write("bad.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,x\n"));
        var loaded = w.Import(w.Write("first.csv", First));
        var rollback = new BatchRollback(w.Database);

        Assert.Contains("only a loaded batch", Assert.Throws<RollbackRefusedException>(() => rollback.Rollback(rejected.BatchId, "admin")).Message);
        rollback.Rollback(loaded.BatchId, "admin");
        Assert.Contains("rolled_back", Assert.Throws<RollbackRefusedException>(() => rollback.Rollback(loaded.BatchId, "admin")).Message);
        Assert.Contains("no batch 99", Assert.Throws<RollbackRefusedException>(() => rollback.Rollback(99, "admin")).Message);
    }

    [Fact]
    public void TheAuditLogNamesWhoRolledBackWhichFile()
    {
        using var w = new Workspace();
        var first = w.Import(w.Write("first.csv", First));
        var sha = new BatchStore(w.Database).Get(first.BatchId)!.Sha256;
        new BatchRollback(w.Database).Rollback(first.BatchId, "王管理");

        var entry = new AuditLog(w.Database).List().Single(e => e.Action == AuditLog.Actions.Rollback);

        Assert.Equal(("王管理", first.BatchId, sha), (entry.Actor, entry.BatchId, entry.Sha256));
        Assert.Contains("first.csv", entry.Detail);
    }

    [Fact]
    public void RollingBackTheMiddleOfThreeRevisionsIsRefusedButTheLastReturnsToTheFirst()
    {
        using var w = new Workspace();
        var one = w.Import(w.Write("1.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,1\n"));
        var two = w.Import(w.Write("2.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,2\n"));
        var three = w.Import(w.Write("3.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,3\n"));
        var rollback = new BatchRollback(w.Database);

        Assert.Throws<RollbackRefusedException>(() => rollback.Rollback(two.BatchId, "admin"));
        rollback.Rollback(three.BatchId, "admin");
        Assert.Contains("甲局,2023,t3.new_received.total,2", w.Export());
        rollback.Rollback(two.BatchId, "admin");
        Assert.Contains("甲局,2023,t3.new_received.total,1", w.Export());
        Assert.Equal(BatchStore.Statuses.Loaded, new BatchStore(w.Database).Get(one.BatchId)!.Status);
    }
}
