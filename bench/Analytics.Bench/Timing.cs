using System.Diagnostics;

namespace Analytics.Bench;

/// <summary>Repeated timings of one action: p50 and p95 in milliseconds.</summary>
public sealed record Timing(string Name, double P50, double P95, int Runs)
{
    public static Timing Measure(string name, int runs, Action action)
    {
        action(); // warm-up: JIT, page cache
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(samples);
        return new Timing(name, Percentile(samples, 0.5), Percentile(samples, 0.95), runs);
    }

    public static async Task<Timing> MeasureAsync(string name, int runs, Func<Task> action)
    {
        await action();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            samples[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(samples);
        return new Timing(name, Percentile(samples, 0.5), Percentile(samples, 0.95), runs);
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
