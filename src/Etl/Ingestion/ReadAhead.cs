using System.Buffers;
using System.Collections.Concurrent;
using Analytics.Core.Reading;

namespace Analytics.Etl.Ingestion;

/// <summary>
/// Reads and validates a file on a second thread while the caller writes to SQLite, handing cells over in
/// chunks: parsing and the single SQLite writer then overlap instead of taking turns. Memory stays bounded by
/// a few chunks in flight.
/// </summary>
internal sealed class ReadAhead : IDisposable
{
    private const int ChunkSize = 4096;
    private const int ChunksInFlight = 8;

    private readonly BlockingCollection<(ReadItem[] Items, int Count)> _chunks = new(ChunksInFlight);
    private readonly CancellationTokenSource _stop;
    private readonly Task _reader;

    public ReadAhead(IEnumerable<ReadItem> source, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stop.Token;
        _reader = Task.Factory.StartNew(() =>
        {
            try
            {
                var chunk = ArrayPool<ReadItem>.Shared.Rent(ChunkSize);
                var count = 0;
                foreach (var item in source)
                {
                    token.ThrowIfCancellationRequested();
                    chunk[count++] = item;
                    if (count == ChunkSize)
                    {
                        _chunks.Add((chunk, count), token);
                        chunk = ArrayPool<ReadItem>.Shared.Rent(ChunkSize);
                        count = 0;
                    }
                }
                _chunks.Add((chunk, count), token);
            }
            finally
            {
                _chunks.CompleteAdding();
            }
        }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Every item in file order. Stopping early (break) tells the reading thread to stop too.</summary>
    public IEnumerable<ReadItem> Items()
    {
        foreach (var (chunk, count) in _chunks.GetConsumingEnumerable())
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    yield return chunk[i];
                }
            }
            finally
            {
                Array.Clear(chunk, 0, count);
                ArrayPool<ReadItem>.Shared.Return(chunk);
            }
        }
        // Surfaces an exception of the reading thread (an I/O error, say) on the caller's.
        _reader.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reader.Wait();
        }
        catch (AggregateException)
        {
            // Cancelled by us, or already surfaced to the caller by Items().
        }
        _chunks.Dispose();
        _stop.Dispose();
    }
}
