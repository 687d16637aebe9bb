using Analytics.Core.Accounts;
using Dapper;

namespace Analytics.Core.Storage;

/// <summary>What a rollback did: agency-years returned to an earlier revision, and those that had none and left.</summary>
public sealed record RollbackResult(long BatchId, int Restored, int Removed);

/// <summary>A rollback that cannot be done, with the reason in both languages.</summary>
public sealed class RollbackRefusedException(string message) : Exception(message);

/// <summary>
/// Undoes a loaded batch in one transaction: every agency-year it loaded returns to its previous loaded revision,
/// or disappears if it had none. The batch's revisions stay as history; its status becomes rolled_back, so the
/// same file may be loaded again. Sums, rates and findings follow; the audit log records who did it.
/// </summary>
public sealed class BatchRollback(AnalyticsDatabase database)
{
    public RollbackResult Rollback(long batchId, string actor)
    {
        using var connection = database.OpenWrite();
        using var transaction = database.BeginWrite(connection);
        var batch = connection.QuerySingleOrDefault<BatchRow>("SELECT * FROM batches WHERE id = @batchId", new { batchId }, transaction)
            ?? throw new RollbackRefusedException($"There is no batch {batchId}. 没有批次 {batchId}。");
        if (batch.Status != BatchStore.Statuses.Loaded)
        {
            throw new RollbackRefusedException(
                $"Batch {batchId} is {batch.Status}: only a loaded batch can be rolled back. 批次 {batchId} 状态为 {batch.Status}，只有已入库的批次可以回滚。");
        }
        var touched = connection.Query<(long Revision, long Report, long Number, long? Current, long Year, string Agency)>(
            """
            SELECT v.id, v.report_id, v.number, r.current_revision_id, r.year, a.name
            FROM revisions v JOIN reports r ON r.id = v.report_id JOIN agencies a ON a.id = r.agency_id
            WHERE v.batch_id = @batchId
            ORDER BY a.name, r.year
            """, new { batchId }, transaction).AsList();

        // Undoing a batch that a later one replaced would silently drop the later figures: undo that one first.
        if (touched.FirstOrDefault(t => t.Current != t.Revision) is { Agency: not null } replaced)
        {
            var later = connection.ExecuteScalar<long>("SELECT batch_id FROM revisions WHERE id = @Current", new { replaced.Current }, transaction);
            throw new RollbackRefusedException(
                $"Batch {later} loaded {replaced.Agency} {replaced.Year} after batch {batchId}: roll back batch {later} first. "
                + $"批次 {later} 在批次 {batchId} 之后载入了 {replaced.Agency} {replaced.Year} 年的数据，请先回滚批次 {later}。");
        }

        int restored = 0, removed = 0;
        foreach (var t in touched)
        {
            var previous = connection.QuerySingleOrDefault<(long Id, string Version)?>(
                """
                SELECT v.id, v.format_version FROM revisions v JOIN batches b ON b.id = v.batch_id
                WHERE v.report_id = @Report AND v.number < @Number AND b.status = 'loaded'
                ORDER BY v.number DESC LIMIT 1
                """, new { t.Report, t.Number }, transaction);
            connection.Execute(
                "UPDATE reports SET current_revision_id = @id, format_version = @version WHERE id = @Report",
                new { id = previous?.Id, version = previous?.Version, t.Report }, transaction);
            _ = previous is null ? removed++ : restored++;
        }

        var years = touched.Select(t => (int)t.Year).Distinct().ToArray();
        BatchWriter.RebuildRollups(connection, transaction, years);
        BatchWriter.RebuildIndicatorRollups(connection, transaction, years);
        BatchWriter.RecomputeFindings(connection, transaction, touched.Select(t => t.Report));
        connection.Execute(
            """
            UPDATE batches SET status = 'rolled_back', rolled_back_at = @now, rolled_back_by = @actor WHERE id = @batchId;
            UPDATE data_version SET value = value + 1;
            """, new { now = Clock.Now(), actor, batchId }, transaction);
        AuditLog.Record(connection, transaction, actor, AuditLog.Actions.Rollback, batchId, batch.Sha256,
            $"{batch.FileName}: {restored} restored, {removed} removed");
        transaction.Commit();
        return new RollbackResult(batchId, restored, removed);
    }
}
