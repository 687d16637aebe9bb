using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Storage;

public class VersionedCacheTests
{
    [Fact]
    public async Task CallersAskingAtOnceAfterAChangeShareOneComputation()
    {
        using var w = new Workspace();
        var cache = new VersionedCache(8);
        var computations = 0;
        using var gate = new ManualResetEventSlim();
        int Load()
        {
            Interlocked.Increment(ref computations);
            gate.Wait(TimeSpan.FromSeconds(10));
            return 42;
        }

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
        {
            using var connection = w.Database.OpenRead();
            return cache.Get(connection, "agencies", _ => Load());
        })).ToList();
        await Task.Delay(300);
        gate.Set();
        var results = await Task.WhenAll(callers);

        Assert.All(results, r => Assert.Equal(42, r));
        Assert.Equal(1, computations);
    }

    [Fact]
    public void AFailedComputationIsNotKept()
    {
        using var w = new Workspace();
        var cache = new VersionedCache(8);
        using var connection = w.Database.OpenRead();
        Assert.Throws<InvalidOperationException>(() => cache.Get<int>(connection, "k", _ => throw new InvalidOperationException("busy")));
        Assert.Equal(7, cache.Get(connection, "k", _ => 7));
    }
}
