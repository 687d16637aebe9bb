using System.Text.RegularExpressions;
using Analytics.Core.Catalog;
using Analytics.Core.Reading.Reports;

namespace Analytics.Core.Reading;

/// <summary>
/// The report layout: one agency's published report as text (tab-separated tables, like the sample) or its
/// tables saved as CSV. Tables are recognised by their labels and shape; channel counts come from the prose.
/// </summary>
internal static partial class ReportReader
{
    internal sealed record Found(string Code, CellValue Value, long Line, int Column, CellSource Source = CellSource.Table, AmbiguousSplit? Ambiguity = null);

    internal sealed record Token(CellValue Value, int Column, long Line);

    /// <summary>A recognised row still waiting for figures: on the next lines when its label was detached or wrapped.</summary>
    internal sealed class OpenRow(string table, string row, int needed, long line, int labelEnd, string label)
    {
        public string Table { get; } = table;
        public string Row { get; } = row;
        public int Needed { get; } = needed;
        public long Line { get; } = line;
        public int LabelEnd { get; } = labelEnd;
        public string Label { get; } = label;
        public string[] Columns { get; init; } = [];
        public List<Token> Values { get; } = [];
    }

    public static IEnumerable<ReadItem> Read(SourceFile file, char delimiter, ReadOptions options, ReadProgress progress)
    {
        var state = new ReportState();
        var text = new System.Text.StringBuilder();
        using (var reader = new StreamReader(file.Path, file.Encoding!, detectEncodingFromByteOrderMarks: true))
        {
            // Line by line with a cap, so a hostile single-line file never becomes one huge string.
            var buffer = new System.Text.StringBuilder();
            long read = 0;
            while (ReadLine(reader, buffer) is { } line)
            {
                read++;
                if (line.Length > MaxLineChars)
                {
                    // A million characters is at least a megabyte in any encoding.
                    yield return new ReadError(ErrorCode.LineTooLong, read, 0, Detail: (MaxLineChars >> 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    yield break;
                }
                text.Append(line).Append('\n');
            }
        }
        foreach (var item in ReadText(text.ToString(), file, delimiter, options, progress, state))
        {
            yield return item;
        }
    }

    private static IEnumerable<ReadItem> ReadText(string text, SourceFile file, char delimiter, ReadOptions options, ReadProgress progress, ReportState state)
    {
        var lines = ReportText.Lines(text, delimiter);
        if (ReportText.IsHtml(text))
        {
            delimiter = '\t';
        }
        long lineNo = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            if (lineNo % 64 == 0)
            {
                progress.Report(file.Length * lineNo / Math.Max(1, lines.Count), lineNo);
            }
            if (raw.Trim().Length == 0 || ReportText.IsPageChrome(raw))
            {
                continue;
            }
            // Untabbed lines in the table sections are flattened or PDF-layout table text: cut them into rows and cells.
            var flat = delimiter == '\t' && !raw.Contains('\t') && state.Section is not (1 or 5 or 6);
            foreach (var piece in flat ? ReportText.SplitAtLabels(raw) : [raw])
            {
                state.ReadLine(flat ? ReportText.SeparateFigures(piece) : piece, lineNo, delimiter);
            }
        }
        state.Finish();
        progress.Report(file.Length, lineNo);

        foreach (var error in state.Errors)
        {
            yield return error;
        }
        var agencyName = options.Agency is { Length: > 0 } a ? RowFields.CleanAgency(a) : state.TitleAgency;
        var reportYear = options.Year ?? state.TitleYear;
        if (agencyName is null || reportYear is null)
        {
            var missing = agencyName is null && reportYear is null ? "the agency and year" : agencyName is null ? "the agency" : "the year";
            yield return new ReadError(ErrorCode.MissingAgencyOrYear, 1, 0, Detail: missing);
            yield break;
        }
        if (RowFields.CheckAgency(agencyName, options.Agency is { Length: > 0 } ? 0 : state.TitleLine, 0, null) is { } nameError)
        {
            yield return nameError;
            yield break;
        }
        if (reportYear < options.MinYear || reportYear > options.MaxYear)
        {
            yield return new ReadError(ErrorCode.YearOutOfRange, 1, 0, "year", reportYear.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{options.MinYear}–{options.MaxYear}");
            yield break;
        }
        var found = state.Found;
        if (found.Count == 0)
        {
            yield return new ReadError(ErrorCode.NoDataRows, 0, 0);
            yield break;
        }
        var version = state.Version;
        if (version == FormatVersions.Both)
        {
            version = FormatVersionNames.DefaultForYear(reportYear.Value);
        }
        var agencyRef = new AgencyRef(agencyName);
        foreach (var f in found.Concat(state.MissingCells(version)))
        {
            if (!MetricCatalog.TryGet(f.Code, out var metric) || (metric.Versions & version) == 0)
            {
                continue; // a column this version's form does not have
            }
            var value = f.Value;
            if (value.State == CellState.Number && f.Source != CellSource.Prose)
            {
                // Table cells were read leniently; now each is checked against its metric (no negative counts, …).
                if (ValueParser.TryParse(value.Raw, metric.Kind, out value) is { } code)
                {
                    yield return new ReadError(code, f.Line, f.Column, null, f.Value.Raw);
                    continue;
                }
            }
            yield return new ReadCell(agencyRef, reportYear.Value, metric, value, f.Line, f.Column, version, f.Source, f.Ambiguity);
        }
    }

    /// <summary>The longest line read: a report's longest paragraph is a few thousand characters.</summary>
    private const int MaxLineChars = 1 << 20;

    /// <summary>
    /// The next line like <see cref="TextReader.ReadLine"/>, but one longer than <see cref="MaxLineChars"/> comes back cut
    /// just past the limit, so the caller can refuse it without holding the rest.
    /// </summary>
    private static string? ReadLine(StreamReader reader, System.Text.StringBuilder line)
    {
        line.Clear();
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n')
            {
                return line.ToString();
            }
            if (c == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }
                return line.ToString();
            }
            line.Append((char)c);
            if (line.Length > MaxLineChars)
            {
                return line.ToString();
            }
        }
        return line.Length > 0 ? line.ToString() : null;
    }

    /// <summary>A recognised table row with fewer figures than its columns; the column is the first cell that is not one.</summary>
    internal static ReadError MissingFigures(long line, int labelEnd, string label, int found, int expected) =>
        new(ErrorCode.MissingFigures, line, labelEnd, null, label, $"{found}|{expected}");

    /// <summary>Reads the title line: "&lt;agency&gt;2023年政府信息公开工作年度报告" or with the year first.</summary>
    public static bool TryTitle(string line, out string? agency, out int? year)
    {
        agency = null;
        year = null;
        // Fold full-width digits only: spaces inside the agency's name are part of it.
        var s = string.Concat(line.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c));
        // A breadcrumb ("首页 > 政务公开 > 年度报告 > <title>") ends with the title: the path is no part of the agency.
        var crumb = s.LastIndexOfAny(['>', '›', '»', '＞']);
        if (crumb >= 0)
        {
            s = s[(crumb + 1)..];
        }
        var m = TitleYearAfter().Match(s);
        if (!m.Success)
        {
            m = TitleYearBefore().Match(s);
        }
        if (!m.Success)
        {
            return false;
        }
        year = int.Parse(m.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var name = RowFields.CleanAgency(m.Groups["agency"].Value);
        agency = name.Length == 0 ? null : name;
        return true;
    }

    internal static void ReadProse(string line, long lineNo, int section, List<Found> found)
    {
        foreach (var (code, pattern) in ProsePatterns)
        {
            if (section == 6 != code.StartsWith("s6.", StringComparison.Ordinal) || found.Any(f => f.Code == code))
            {
                continue;
            }
            var m = pattern.Match(line);
            if (!m.Success)
            {
                continue;
            }
            var sentence = Sentence(line, m.Index);
            var number = m.Groups["n"].Success ? ValueParser.Normalize(m.Groups["n"].Value) : "0";
            var parsed = ValueParser.TryParse(number, MetricKind.Amount, out var value) is null
                ? value with { Raw = sentence }
                : new CellValue(CellState.Text, null, sentence);
            if (m.Groups["approx"].Success && m.Groups["approx"].Length > 0)
            {
                parsed = new CellValue(CellState.Text, null, sentence); // 5500余条 is printed, but not a number
            }
            found.Add(new Found(code, parsed, lineNo, m.Index + 1, CellSource.Prose));
        }
    }

    private static string Sentence(string line, int index)
    {
        var start = line.LastIndexOfAny(['。', '；', ';'], Math.Max(0, index - 1)) + 1;
        var end = line.IndexOfAny(['。', '；', ';'], index);
        return line[start..(end < 0 ? line.Length : end + 1)].Trim();
    }

    private static readonly (string Code, Regex Pattern)[] ProsePatterns =
    [
        ("ch.total", new Regex(@"主动公开(?:各类)?(?:政府)?信息(?:共计|共|总计|总数|总量)?\s*(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*条", RegexOptions.Compiled)),
        ("ch.website", new Regex(@"网站[^，,。；;\d]{0,10}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:条|篇)", RegexOptions.Compiled)),
        ("ch.weibo", new Regex(@"微博[^，,。；;\d]{0,10}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:条|篇)", RegexOptions.Compiled)),
        ("ch.wechat", new Regex(@"微信[^，,。；;\d]{0,10}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:条|篇)", RegexOptions.Compiled)),
        ("ch.short_video", new Regex(@"(?:抖音|视频号|短视频)[^，,。；;\d]{0,10}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:条|个|部)", RegexOptions.Compiled)),
        ("ch.app", new Regex(@"(?:客户端|APP|App|小程序)[^，,。；;\d]{0,10}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*条", RegexOptions.Compiled)),
        ("ch.gazette", new Regex(@"公报(?:(?!规章|文件)[^，,。；;\d]){0,10}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:条|件|篇|期)", RegexOptions.Compiled)),
        ("ch.press_conference", new Regex(@"新闻发布会[^，,。；;\d]{0,6}?(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:场|次)", RegexOptions.Compiled)),
        ("s1.public_message_replies", new Regex(@"(?:回复|答复)(?:网民|群众|公众)?留言\s*(?<n>[\d,０-９]+)\s*(?<approx>余|多)?\s*(?:条|件)", RegexOptions.Compiled)),
        ("s6.processing_fees_yuan", new Regex(@"(?:未收取|没有收取|无)[^。；;]{0,12}?(?:处理)?费|收取[^。；;\d]{0,16}?处理费[^。；;\d]{0,6}?(?<n>[\d,.０-９]+)\s*元", RegexOptions.Compiled)),
    ];

    internal static bool HasNumbers(IReadOnlyList<string> cells) =>
        cells.Any(c => c.Trim().Length > 0 && ValueParser.TryParse(c, MetricKind.SignedCount, out var v) is null && v.State == CellState.Number);

    /// <summary>The run of value cells at the end of a row (numbers or "not applicable"), trailing blanks dropped.</summary>
    internal static List<(CellValue Value, int Column)> TrailingValues(IReadOnlyList<string> cells, out int labelEnd)
    {
        var end = cells.Count;
        while (end > 0 && cells[end - 1].Trim().Length == 0)
        {
            end--;
        }
        var values = new List<(CellValue, int)>();
        var i = end - 1;
        for (; i >= 0; i--)
        {
            var cell = cells[i];
            if (cell == ReportText.BlankCell)
            {
                values.Add((CellValue.NotReported(""), i + 1)); // a blank cell of markup with certain boundaries
                continue;
            }
            if (cell.Trim().Length == 0 || ValueParser.TryParse(cell, MetricKind.SignedCount, out var value) is not null && !LooksNumeric(cell))
            {
                break;
            }
            if (value.State is CellState.Text or CellState.NotReported)
            {
                break;
            }
            values.Add((value with { Raw = cell.Trim() }, i + 1));
        }
        labelEnd = i + 1;
        values.Reverse();
        return values;
    }

    // A negative or fractional figure is still a figure in the table; validation reports it against its metric.
    private static bool LooksNumeric(string cell) => NumericCell().IsMatch(ValueParser.Normalize(cell));

    internal static List<string> Split(string line, char delimiter)
    {
        if (delimiter == '\t' || !line.Contains('"'))
        {
            return [.. line.Split(delimiter)];
        }
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        cells.Add(current.ToString());
        return cells;
    }

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?$")]
    private static partial Regex NumericCell();

    [GeneratedRegex(@"^\s*(?<agency>[^\d]*?)\s*(?<year>(19|20)\d{2})\s*年度?\s*(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告")]
    private static partial Regex TitleYearAfter();

    [GeneratedRegex(@"^\s*(?<year>(19|20)\d{2})\s*年度?\s*(?<agency>[^\d]+?)\s*(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告")]
    private static partial Regex TitleYearBefore();
}
