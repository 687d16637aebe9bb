using Analytics.Core.Synthetic;
using Dapper;

namespace Analytics.Etl.Tests.Cli;

/// <summary>The verbs as scripts call them: the real program, its output and exit codes.</summary>
public class CommandLineTests
{
    [Fact]
    public void ImportPrintsOneLinePerFileAndExitsZeroWhenNoneIsRejected()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;
        var sample = Workspace.Fixture("2023_industry_tech_bureau_report.txt");

        var (code, output) = EtlProcess.Run("import", sample, "--db", db);

        Assert.Equal(0, code);
        Assert.Matches(@"loaded\s+.*2023_industry_tech_bureau_report\.txt: batch 1, 206 values, 1 agency-years, 0 findings \(report, utf-8", output);

        var (again, duplicate) = EtlProcess.Run("import", sample, "--db", db);
        Assert.Equal(0, again);
        Assert.Contains("same content as batch 1", duplicate);
    }

    [Fact]
    public void ImportExitsOneAndListsEachErrorWithLineAndColumnWhenAFileIsRejected()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;
        var good = Workspace.Fixture("good_long.csv");
        var bad = Workspace.Fixture("errors", "not_a_number.csv");

        var (code, output) = EtlProcess.Run("import", good, bad, "--db", db);

        Assert.Equal(1, code);
        Assert.Contains("loaded    " + good, output);
        Assert.Contains("rejected  " + bad + ": batch 2, 1 error(s); nothing changed", output);
        Assert.Contains($"  {bad}:3:4: NotANumber: Line 3, column 4 (value): \"五\" is not a number.", output);
    }

    [Fact]
    public void ExportPrintsEveryCurrentValueSortedAsCsv()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;
        EtlProcess.Run("import", Workspace.Fixture("good_long.csv"), "--db", db);

        var (code, output) = EtlProcess.Run("export", "--db", db);

        Assert.Equal(0, code);
        Assert.Equal(
            "agency,year,metric,value\n示范市教育局,2023,ch.website,300\n示范市教育局,2023,t3.new_received.natural_person,12\n示范市教育局,2023,t3.new_received.total,12\n",
            output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void CheckPrintsTheFindings()
    {
        using var w = new Workspace();
        var db = w.NewStore("cli.db").Setting;
        var file = w.Write("r4.csv", "agency,year,metric,value\nA,2023,t4.review.upheld,2\nA,2023,t4.review.corrected,0\nA,2023,t4.review.other,0\nA,2023,t4.review.pending,0\nA,2023,t4.review.total,3\n");
        EtlProcess.Run("import", file, "--db", db);

        var (code, output) = EtlProcess.Run("check", "--db", db);

        Assert.Equal(0, code);
        Assert.Contains("A,2023,R4,error,review,3,2,", output);
        Assert.Contains("1 finding(s): 1 error(s), 0 warning(s).", output);
    }

    [Fact]
    public void TheEnvironmentVariableChoosesTheDatabaseAndDbOverridesIt()
    {
        using var w = new Workspace();
        var fromEnvironment = w.NewStore("env.db");
        using (var process = EtlProcess.Start(["import", Workspace.Fixture("good_long.csv")], new Dictionary<string, string> { ["ANALYTICS_DB"] = fromEnvironment.Setting }))
        {
            WaitUntil(() => process.Output.Contains("loaded"));
        }
        Assert.Equal(1L, fromEnvironment.Read(c => c.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'loaded'"), 0L));
        var (_, empty) = EtlProcess.Run("export", "--db", w.NewStore("other.db").Setting);
        Assert.Equal("agency,year,metric,value", empty.Trim());
    }

    [Fact]
    public void AnUnknownVerbOrOptionExitsTwoWithUsage()
    {
        var (code, output) = EtlProcess.Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("Unknown command 'frobnicate'", output);
        Assert.Contains("import FILE...", output);
        Assert.Equal(2, EtlProcess.Run("import", "x.csv", "--colour", "red").ExitCode);
    }

    [Fact]
    public void ALongImportShowsProgress()
    {
        using var w = new Workspace();
        var file = Path.Combine(w.Folder, "large.csv");
        using (var writer = new StreamWriter(file))
        {
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(SyntheticReports.Agencies(1500), 2019, 2022));
        }

        var (code, output) = EtlProcess.Run("import", file, "--db", w.NewStore("cli.db").Setting);

        Assert.Equal(0, code);
        Assert.Matches(@"reading large\.csv: \d+% \([\d,]+ rows, \d+ s\)", output);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!condition() && DateTime.UtcNow < until)
        {
            Thread.Sleep(50);
        }
        Assert.True(condition());
    }
}
