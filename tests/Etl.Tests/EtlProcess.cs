using System.Diagnostics;
using System.Text;

namespace Analytics.Etl.Tests;

/// <summary>The real Etl program in its own process, as people and the worker run it.</summary>
public sealed class EtlProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EtlProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static EtlProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Analytics.Etl.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("ANALYTICS_DB");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return new EtlProcess(Process.Start(info)!);
    }

    /// <summary>Runs a verb to the end: exit code, stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var process = Start(args);
        if (!process._process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"Analytics.Etl {string.Join(' ', args)} did not finish:\n{process.Output}");
        }
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>SIGKILL: no chance to clean up, as in a power cut or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
