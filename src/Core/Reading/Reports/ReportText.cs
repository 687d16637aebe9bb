using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Analytics.Core.Reading.Reports;

/// <summary>
/// Turns a report as published (web page, markdown, plain or PDF-layout text) into lines whose table rows are
/// tab-separated cells, so one row reader serves every kind. Line numbers are those of this text, not of the file.
/// </summary>
internal static partial class ReportText
{
    /// <summary>Stands for a blank cell between figures in markup whose cell boundaries are certain (HTML, markdown).</summary>
    public const string BlankCell = "\u2063";

    public static bool IsHtml(string text) => HtmlTag().IsMatch(text.Length > 4096 ? text[..4096] : text);

    public static List<string> Lines(string text, char delimiter)
    {
        text = text.Replace("\uFEFF", "", StringComparison.Ordinal);
        if (IsHtml(text))
        {
            text = HtmlToText(text);
            delimiter = '\t';
        }
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (delimiter == '\t' && IsMarkdownRow(line))
            {
                if (MarkdownRule().IsMatch(line))
                {
                    continue; // |---|---| under a markdown header
                }
                line = string.Join('\t', MarkBlanks(MarkdownCells(line)));
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Table rows become lines of tab-separated cells; paragraphs and breaks become lines; tags and chrome markup go.</summary>
    private static string HtmlToText(string html)
    {
        html = Invisible().Replace(html, " ");
        // Inside a row, paragraphs and breaks are part of a cell: keep the row on one line.
        html = TableRow().Replace(html, m => BlockBreak().Replace(m.Value, " ").Replace('\n', ' ').Replace('\r', ' ') + "\n");
        html = CellEnd().Replace(html, "\u001F");
        html = BlockBreak().Replace(html, "\n");
        html = AnyTag().Replace(html, "");
        html = WebUtility.HtmlDecode(html).Replace('\u00A0', ' ');
        var sb = new StringBuilder();
        foreach (var raw in html.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Contains('\u001F', StringComparison.Ordinal))
            {
                var cells = line.Split('\u001F').Select(c => Spaces().Replace(c, " ").Trim()).ToList();
                sb.Append(string.Join('\t', MarkBlanks(cells))).Append('\n');
            }
            else if (line.Length > 0)
            {
                sb.Append(Spaces().Replace(line, " ")).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static bool IsMarkdownRow(string line) => !line.Contains('\t') && line.Count(c => c == '|') >= 2;

    private static List<string> MarkdownCells(string line)
    {
        var trimmed = line.Trim();
        var cells = trimmed.Split('|').Select(c => c.Trim()).ToList();
        if (trimmed.StartsWith('|'))
        {
            cells.RemoveAt(0);
        }
        return cells;
    }

    /// <summary>
    /// Blank cells between the first figure and the last filled cell are blank cells of the table (not reported);
    /// blanks after the last filled cell are padding and go.
    /// </summary>
    private static List<string> MarkBlanks(List<string> cells)
    {
        var last = cells.FindLastIndex(c => c.Length > 0);
        cells = cells.Take(last + 1).ToList();
        var first = cells.FindIndex(IsFigure);
        if (first < 0)
        {
            return cells;
        }
        for (var i = first; i < cells.Count; i++)
        {
            if (cells[i].Length == 0)
            {
                cells[i] = BlankCell;
            }
        }
        return cells;
    }

    private static bool IsFigure(string cell) =>
        ValueParser.TryParse(cell, Catalog.MetricKind.SignedCount, out var v) is null && v.State is CellState.Number or CellState.NotApplicable;

    /// <summary>
    /// Splits a line of flattened table text before each row label it holds (a label starts with its ordinal, which may
    /// be glued onto the previous row's last figure: <c>…000000002.其他法律…</c> is 0000000 then row 2).
    /// </summary>
    public static List<string> SplitAtLabels(string line)
    {
        var starts = new SortedSet<int>();
        foreach (var word in ReportLabels.AnchorWords)
        {
            for (var at = line.IndexOf(word, StringComparison.Ordinal); at >= 0; at = line.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                starts.Add(LabelStart(line, at));
            }
        }
        foreach (Match m in OtherRow().Matches(line))
        {
            starts.Add(m.Index);
        }
        // Only where a figure ends right before the label: "(六)其他处理1.申请人…" is one label, not two.
        starts.RemoveWhere(s => s == 0 || !AfterFigure(line, s));
        if (starts.Count == 0)
        {
            return [line];
        }
        var pieces = new List<string>();
        var from = 0;
        foreach (var s in starts.Where(s => s > 0))
        {
            if (s > from)
            {
                pieces.Add(line[from..s]);
                from = s;
            }
        }
        pieces.Add(line[from..]);
        return pieces;
    }

    /// <summary>Walks back from a label word over the label's text and its ordinal, stopping at the previous figure.</summary>
    private static int LabelStart(string line, int at)
    {
        var i = at;
        while (true)
        {
            while (i > 0 && !IsDigitOrSpace(line[i - 1]))
            {
                i--;
            }
            // "2." or "2、": a single-digit ordinal belongs to this label; inside a label ("(四)无法提供1.本机关…") walk on.
            if (i > 0 && i < at && line[i] is '.' or '、' or '．' && char.IsAsciiDigit(line[i - 1]) && line[i - 1] != '0')
            {
                i--;
                if (i > 0 && !IsDigitOrSpace(line[i - 1]))
                {
                    continue;
                }
            }
            return i;
        }
    }

    private static bool AfterFigure(string line, int at)
    {
        var i = at - 1;
        while (i >= 0 && char.IsWhiteSpace(line[i]))
        {
            i--;
        }
        return i >= 0 && (char.IsAsciiDigit(line[i]) || line[i] is >= '０' and <= '９' or '/' or '／');
    }

    private static bool IsDigitOrSpace(char c) => char.IsAsciiDigit(c) || c is >= '０' and <= '９' || char.IsWhiteSpace(c) || c == '\u3000';

    /// <summary>
    /// "label 80 1 0 0" (PDF layout, spaces) or "label801000081" (flattened) becomes "label\t80\t1\t0\t0": the figures at
    /// the end of a line are cells, whatever separated them.
    /// </summary>
    public static string SeparateFigures(string line)
    {
        var m = TrailingFigures().Match(line);
        if (!m.Success || !m.Value.Any(c => char.IsAsciiDigit(c) || c is >= '０' and <= '９' or '/' or '／'))
        {
            return line;
        }
        var label = line[..m.Index].TrimEnd();
        var figures = m.Value.Split([' ', '\u3000', '\u00A0'], StringSplitOptions.RemoveEmptyEntries);
        return label + "\t" + string.Join('\t', figures);
    }

    /// <summary>A printed page's footer: "— 3 —", "- 3 -", "第3页 共8页". Its number is no figure of the table it interrupts.</summary>
    public static bool IsPageChrome(string line) => PageNumber().IsMatch(line);

    [GeneratedRegex(@"^\s*(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)\s*$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"<\s*(html|body|table|div|p|td|meta)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"<(script|style)\b[\s\S]*?</\1\s*>|<!--[\s\S]*?-->", RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<tr\b[\s\S]*?</tr\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"</t[dh]\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex CellEnd();

    [GeneratedRegex(@"<\s*br\s*/?>|</?\s*(p|div|h[1-6]|li|ul|ol|table|tbody|thead|section|article|title)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t\u3000]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")]
    private static partial Regex MarkdownRule();

    // The 2021 form's "3.其他" row: the only row label too short to be an anchor word.
    [GeneratedRegex(@"(?<=\d)3[.、．]其他(?!处理|法律)")]
    private static partial Regex OtherRow();

    [GeneratedRegex(@"[\d０-９ \u3000\u00A0/／.．,+\-—－]+$")]
    private static partial Regex TrailingFigures();
}
