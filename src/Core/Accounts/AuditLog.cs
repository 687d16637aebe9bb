using System.Data.Common;
using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Core.Accounts;

/// <summary>The append-only record of uploads, rollbacks, user changes and failed sign-ins.</summary>
public sealed class AuditLog(AnalyticsDatabase database)
{
    public static class Actions
    {
        public const string Upload = "upload";
        public const string Rollback = "rollback";
        public const string UserAdd = "user.add";
        public const string UserPassword = "user.password";
        public const string UserRole = "user.role";
        public const string UserDisable = "user.disable";
        public const string UserEnable = "user.enable";
        public const string SignInFailed = "sign_in.failed";
    }

    public void Record(string actor, string action, long? batchId = null, string? sha256 = null, string? detail = null)
    {
        using var connection = database.OpenWrite();
        Record(connection, null, actor, action, batchId, sha256, detail);
    }

    /// <summary>Within the caller's transaction, so the entry exists exactly when the change does.</summary>
    public static void Record(DbConnection connection, DbTransaction? transaction, string actor, string action,
        long? batchId = null, string? sha256 = null, string? detail = null) =>
        connection.Execute(
            "INSERT INTO audit_log (at, actor, action, batch_id, sha256, detail) VALUES (@now, @actor, @action, @batchId, @sha256, @detail)",
            new { now = Clock.Now(), actor, action, batchId, sha256, detail }, transaction);

    /// <summary>The newest entries first.</summary>
    public IReadOnlyList<AuditRow> List(int limit = 200, int offset = 0)
    {
        using var connection = database.OpenRead();
        return connection.Query<AuditRow>(
            "SELECT id, at, actor, action, batch_id, sha256, detail FROM audit_log ORDER BY id DESC LIMIT @limit OFFSET @offset",
            new { limit, offset }).AsList();
    }

    public long Count()
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log");
    }
}
