using System.Globalization;
using Analytics.Etl.Ingestion;

namespace Analytics.Etl.Cli;

/// <summary>Shows progress on stderr for files that take more than a couple of seconds; quiet for quick ones.</summary>
internal sealed class TerminalProgress(string name)
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(2);
    private bool _shown;
    private TimeSpan _last;

    public void Report(IngestProgress p)
    {
        // Into a log (stderr redirected) a line every few seconds; on a terminal, one line redrawn in place.
        if (p.Elapsed < QuietFor || (Console.IsErrorRedirected && _shown && p.Elapsed - _last < TimeSpan.FromSeconds(5)))
        {
            return;
        }
        _last = p.Elapsed;
        var percent = p.TotalBytes == 0 ? 100 : Math.Min(100, p.Bytes * 100 / p.TotalBytes);
        var text = string.Create(CultureInfo.InvariantCulture, $"  {p.Stage} {name}: {percent}% ({p.Rows:N0} rows, {p.Elapsed.TotalSeconds:0} s)");
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(text);
        }
        else
        {
            Console.Error.Write("\r" + text.PadRight(70));
        }
        _shown = true;
    }

    public void Done()
    {
        if (_shown && !Console.IsErrorRedirected)
        {
            Console.Error.WriteLine();
        }
    }
}
