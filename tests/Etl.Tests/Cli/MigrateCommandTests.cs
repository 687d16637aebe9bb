using Analytics.Etl.Cli;
using Npgsql;

namespace Analytics.Etl.Tests.Cli;

/// <summary>The migrate-to-postgres verb as an administrator runs it: the real program, its output and exit codes.</summary>
public class MigrateCommandTests
{
    [Fact]
    public void MigrateToPostgresPrintsEachTableAndTheVerificationAndKeepsThePasswordToItself()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        var db = Path.Combine(w.Folder, "cli.db");
        EtlProcess.Run("import", Workspace.Fixture("good_long.csv"), "--db", db);
        using var postgres = ScratchPostgres.Named();
        // The test server trusts its clients, so any password does; it must not be printed.
        var to = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = "not-for-the-log" }.ConnectionString;

        var (code, output) = EtlProcess.Run("migrate-to-postgres", "--db", db, "--to", to);

        Assert.True(code == 0, output);
        Assert.Matches(@"cell_values\s+3 rows", output);
        Assert.Matches(@"batches\s+1\s+1", output);
        Assert.Contains("Verified: the PostgreSQL copy matches the SQLite file.", output);
        Assert.DoesNotContain("not-for-the-log", output);
        Assert.Equal(EtlProcess.Run("export", "--db", db).Output, EtlProcess.Run("export", "--db", to).Output);

        var (again, refused) = EtlProcess.Run("migrate-to-postgres", "--db", db, "--to", to);

        Assert.Equal(1, again);
        Assert.Contains("The target database already holds 1 batch(es); nothing was copied.", refused);
        Assert.Contains("目标数据库已有 1 个批次，未复制任何内容。", refused);
    }

    [Fact]
    public void MigrateToPostgresWithoutAConnectionStringExitsTwoWithUsage()
    {
        var (code, output) = EtlProcess.Run("migrate-to-postgres", "--db", "some.db");

        Assert.Equal(2, code);
        Assert.Contains("migrate-to-postgres needs --to with a PostgreSQL connection string", output);
        Assert.Contains("migrate-to-postgres --to CONN", EtlCommandLine.Usage);
        Assert.Equal(2, EtlProcess.Run("migrate-to-postgres", "--db", "some.db", "--to", "other.db").ExitCode);
    }
}
