using System.Text.RegularExpressions;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Cli;

/// <summary>The administrator's verbs, through the real program: users and rollback.</summary>
public class AccountCommandTests
{
    [Fact]
    public void UsersAddPrintsAGeneratedPasswordOnceThatThenSignsIn()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;

        var (code, output) = EtlProcess.Run("users", "add", "李明", "--role", "uploader", "--db", db);

        Assert.Equal(0, code);
        var password = Regex.Match(output, @"Password \(shown once\): (\S+)").Groups[1].Value;
        Assert.Equal(20, password.Length);
        var users = new UserStore(new AnalyticsDatabase(db));
        Assert.Equal(Roles.Uploader, users.SignIn("李明", password)!.Role);
        Assert.Contains("李明,uploader,active", EtlProcess.Run("users", "list", "--db", db).Output);
        Assert.StartsWith("cli:", new AuditLog(new AnalyticsDatabase(db)).List().Single(e => e.Action == AuditLog.Actions.UserAdd).Actor);
    }

    [Fact]
    public void UsersResetRoleAndDisableChangeTheAccountAndRefusalsExitOne()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;
        EtlProcess.Run("users", "add", "ops", "--role", "admin", "--password", "first long password", "--db", db);

        Assert.Equal(0, EtlProcess.Run("users", "reset", "ops", "--password", "second long password", "--db", db).ExitCode);
        Assert.Equal(0, EtlProcess.Run("users", "add", "clerk", "--role", "viewer", "--db", db).ExitCode);
        Assert.Equal(0, EtlProcess.Run("users", "role", "clerk", "uploader", "--db", db).ExitCode);
        Assert.Equal(0, EtlProcess.Run("users", "disable", "clerk", "--db", db).ExitCode);

        var users = new UserStore(new AnalyticsDatabase(db));
        Assert.Null(users.SignIn("ops", "first long password"));
        Assert.NotNull(users.SignIn("ops", "second long password"));
        Assert.Equal((Roles.Uploader, true), (users.Find("clerk")!.Role, users.Find("clerk")!.Disabled));

        var (code, output) = EtlProcess.Run("users", "disable", "ops", "--db", db);
        Assert.Equal(1, code);
        Assert.Contains("no enabled admin", output);
        Assert.Equal(2, EtlProcess.Run("users", "add", "x", "--db", db).ExitCode);
    }

    [Fact]
    public void RollbackUndoesABatchAndExplainsARefusal()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;
        EtlProcess.Run("import", Workspace.Fixture("good_long.csv"), "--db", db);
        var empty = EtlProcess.Run("export", "--db", w.NewStore("empty.db").Setting).Output;

        var (code, output) = EtlProcess.Run("rollback", "1", "--db", db);

        Assert.Equal(0, code);
        Assert.Contains("rolled back batch 1: 0 agency-years restored to their previous revision, 1 removed", output);
        Assert.Equal(empty, EtlProcess.Run("export", "--db", db).Output);
        var (again, refusal) = EtlProcess.Run("rollback", "1", "--db", db);
        Assert.Equal(1, again);
        Assert.Contains("only a loaded batch can be rolled back", refusal);
        Assert.Equal(BatchStore.Statuses.RolledBack, new BatchStore(new AnalyticsDatabase(db)).Get(1)!.Status);
    }
}
