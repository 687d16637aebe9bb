using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Analytics.Tests;

/// <summary>
/// A PostgreSQL server of this test process's own, for a machine where no test server is named: initdb into a
/// temp folder, started on a free loopback port with trust authentication for a local user <c>analytics</c>, and
/// stopped (its folder deleted) when the process exits. Needs Debian's <c>postgresql</c> package; when root, the
/// server runs as the <c>postgres</c> account, since PostgreSQL refuses to run as root.
/// </summary>
internal static class PrivateServer
{
    public static string Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server for the tests: set {TestStore.Variable} (e.g. \"Host=127.0.0.1;Port=55432;Username=analytics\") "
                + "or install Debian's postgresql package (apt-get install postgresql) so the tests can start their own.");
        }
        var folder = Directory.CreateTempSubdirectory("analytics-test-pg-").FullName;
        var root = Environment.UserName == "root";
        if (root)
        {
            Run("chown", ["postgres", folder]);
        }
        var port = FreePort();
        var data = Path.Combine(folder, "data");
        RunServer(root, Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "analytics", "-E", "UTF8", "--locale=C.UTF-8"]);
        // fsync off: the data is thrown away with the process.
        RunServer(root, Path.Combine(bin, "pg_ctl"), ["-D", data, "-w", "-l", Path.Combine(folder, "log"), "-o",
            $"-k {folder} -h 127.0.0.1 -p {port} -c fsync=off -c max_connections=300", "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunServer(root, Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                // The temp folder is the OS's to clean; nothing else depends on it.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=analytics";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunServer(bool root, string program, string[] args)
    {
        if (root)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. args]);
        }
        else
        {
            Run(program, args);
        }
    }

    private static void Run(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {output.Result}{error.Result}");
        }
    }
}
