using System.Diagnostics;

namespace Analytics.Bench;

/// <summary>
/// Repeated timings of one action, p50 and p95 in milliseconds: cold, each run after the data changed (the
/// dashboard's caches empty, as after a load), and cached, each run straight after the one before.
/// </summary>
public sealed record Timing(string Name, double ColdP50, double ColdP95, double P50, double P95, int Runs)
{
    public static Timing Measure(string name, int runs, Action invalidate, Action action) =>
        MeasureAsync(name, runs, invalidate, () =>
        {
            action();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    public static async Task<Timing> MeasureAsync(string name, int runs, Action invalidate, Func<Task> action)
    {
        await action(); // warm-up: JIT, page cache
        var cold = new double[runs];
        var cached = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            invalidate();
            var clock = Stopwatch.StartNew();
            await action();
            cold[i] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await action();
            cached[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(cold);
        Array.Sort(cached);
        return new Timing(name, Percentile(cold, 0.5), Percentile(cold, 0.95), Percentile(cached, 0.5), Percentile(cached, 0.95), runs);
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
