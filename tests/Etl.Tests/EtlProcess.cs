namespace Analytics.Etl.Tests;

/// <summary>The real Etl program in its own process, as people and the worker run it.</summary>
public static class EtlProcess
{
    public static ChildProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "Analytics.Etl.dll"), args, environment);

    /// <summary>Runs a verb to the end: exit code, stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var process = Start(args);
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"Analytics.Etl {string.Join(' ', args)} did not finish:\n{process.Output}");
        }
        return (process.ExitCode, process.Output);
    }
}
