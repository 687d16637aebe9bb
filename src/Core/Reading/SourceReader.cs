using Analytics.Core.Catalog;

namespace Analytics.Core.Reading;

/// <summary>What was recognised about a file before its rows are read.</summary>
public sealed record SourceShape(Layout? Layout, char Delimiter, ReadError? Error)
{
    public string DelimiterName => Delimiter switch { '\t' => "tab", ';' => "semicolon", _ => "comma" };
}

/// <summary>
/// The front door of reading: recognises a file's layout and delimiter from its first lines, then streams its
/// cells and errors through the layout's reader.
/// </summary>
public static class SourceReader
{
    private const int HeadLines = 40;

    /// <summary>Looks at the first lines to pick delimiter and layout (spec §6), unless the options force one.</summary>
    public static SourceShape Recognise(SourceFile file, ReadOptions options)
    {
        var head = ReadHead(file);
        var first = head.FirstOrDefault(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
        if (first is null)
        {
            return new SourceShape(null, ',', new ReadError(ErrorCode.EmptyFile, 0, 0));
        }
        // Sniffed from the first lines with content, wherever they start: a file may open with more blank or
        // comment lines than HeadLines, and an empty sample has no header to count separators in.
        var delimiter = SniffDelimiter(head);
        if (options.Layout is { } forced)
        {
            return new SourceShape(forced, delimiter, null);
        }

        var header = first.Split(delimiter).Select(HeaderNames.Canonical).ToList();
        if (header.Contains(HeaderNames.Metric) || header.Contains(HeaderNames.Value))
        {
            return new SourceShape(Layout.Long, delimiter, null);
        }
        var metricColumns = first.Split(delimiter).Count(h => MetricCatalog.TryGet(HeaderNames.Clean(h), out _));
        if (metricColumns > 0 || (header.Contains(HeaderNames.Agency) && header.Contains(HeaderNames.Year)))
        {
            return new SourceShape(Layout.Wide, delimiter, null);
        }
        if (head.Take(HeadLines).Any(LooksLikeReport))
        {
            return new SourceShape(Layout.Report, ReportDelimiter(head), null);
        }
        return new SourceShape(null, delimiter, new ReadError(ErrorCode.UnknownLayout, 1, 0));
    }

    /// <summary>Streams the cells of a recognised file. Errors come located; reading goes on after them.</summary>
    public static IEnumerable<ReadItem> Read(SourceFile file, SourceShape shape, ReadOptions options, ReadProgress progress) => shape.Layout switch
    {
        Layout.Long => LongReader.Read(file, shape.Delimiter, options, progress),
        Layout.Wide => WideReader.Read(file, shape.Delimiter, options, progress),
        Layout.Report => ReportReader.Read(file, shape.Delimiter, options, progress),
        _ => throw new InvalidOperationException("The file's layout was not recognised."),
    };

    private static bool LooksLikeReport(string line)
    {
        var s = ReportLabels.Fold(line);
        return s.Contains("信息公开", StringComparison.Ordinal) && s.Contains("报告", StringComparison.Ordinal)
            || ReportLabels.Section(line) is not null
            || s.Contains("本年新收政府信息公开申请数量", StringComparison.Ordinal)
            || s.Contains("信息内容", StringComparison.Ordinal);
    }

    // The first 64 KiB, as lines: enough to see a header, or a report's title and first table.
    private static List<string> ReadHead(SourceFile file)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(file.Path, file.Encoding!, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[64 * 1024];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, read).Replace("\uFEFF", "", StringComparison.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            lines.Add(line.TrimEnd('\r'));
        }
        return lines;
    }

    /// <summary>
    /// A report's tables are tab-separated text, or CSV when saved from a spreadsheet: the separator is the one most
    /// table lines use (prose uses full-width punctuation, so it does not compete).
    /// </summary>
    private static char ReportDelimiter(IReadOnlyList<string> head) =>
        new[] { '\t', ',', ';' }.MaxBy(c => head.Count(l => CountOutsideQuotes(l, c) >= 2));

    /// <summary>The candidate that splits the first lines most consistently; comma when none appears.</summary>
    private static char SniffDelimiter(IReadOnlyList<string> head)
    {
        var lines = head.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).Take(10).ToList();
        var best = ',';
        var bestScore = 0;
        foreach (var candidate in new[] { ',', '\t', ';' })
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).ToList();
            // Header count, weighted by how many lines agree with it.
            var score = counts[0] == 0 ? 0 : counts[0] * (1 + counts.Count(c => c == counts[0]));
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                count++;
            }
        }
        return count;
    }
}
