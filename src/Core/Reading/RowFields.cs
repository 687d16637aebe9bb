using System.Buffers;
using System.Globalization;

namespace Analytics.Core.Reading;

/// <summary>Parsing of the agency and year fields shared by the CSV layouts.</summary>
internal static class RowFields
{
    /// <summary>The longest agency name accepted: real ones are well under 100 characters.</summary>
    public const int MaxAgencyLength = 200;

    // Zero-width characters come along when a name is copied from a web page. Invisible, they would make one
    // agency two that look the same, so they are dropped like the spaces around a name.
    private static readonly SearchValues<char> ZeroWidth = SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF");

    /// <summary>An agency name without zero-width characters, trimmed of every kind of space at its ends, inner runs of spaces folded.</summary>
    public static string CleanAgency(string text)
    {
        if (text.AsSpan().ContainsAny(ZeroWidth))
        {
            text = string.Concat(text.Where(c => !ZeroWidth.Contains(c)));
        }
        var trimmed = text.Trim().Trim('\u3000', '\u00A0').Trim();
        return string.Join(' ', trimmed.Split((char[])[' ', '\u3000', '\t', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Control characters, bidirectional overrides and line separators: never part of a name, and they hide or
    /// reorder what a reader sees (U+202E shows "局exe.gnp" as "局png.exe").
    /// </summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';

    /// <summary>Why a cleaned agency name cannot be stored (too long to be a name, or with a hidden character), or null.</summary>
    public static ReadError? CheckAgency(string name, long line, int column, string? columnName)
    {
        if (name.Length > MaxAgencyLength)
        {
            return new ReadError(ErrorCode.NameTooLong, line, column, columnName, Detail: $"{name.Length}|{MaxAgencyLength}");
        }
        foreach (var c in name)
        {
            if (IsHidden(c))
            {
                return new ReadError(ErrorCode.HiddenCharacter, line, column, columnName, Detail: $"U+{(int)c:X4}");
            }
        }
        return null;
    }

    /// <summary>
    /// Cleans each distinct agency text once: a file repeats the same name on hundreds of lines, one agency after
    /// another. Past <see cref="Capacity"/> names the cache starts over, so memory does not grow with the agencies.
    /// </summary>
    public sealed class NameCleaner
    {
        public const int Capacity = 8_192;

        private readonly Dictionary<string, string> _clean = new(StringComparer.Ordinal);

        public string Clean(string text)
        {
            if (!_clean.TryGetValue(text, out var name))
            {
                name = CleanAgency(text);
                if (_clean.Count >= Capacity)
                {
                    _clean.Clear();
                }
                _clean[text] = name;
            }
            return name;
        }
    }

    public static ReadError? ParseYear(string text, ReadOptions options, long line, int column, string columnName, out int year)
    {
        // Fast path: four ASCII digits, no allocation.
        if (text.Length == 4 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3]))
        {
            year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
            return year < options.MinYear || year > options.MaxYear
                ? new ReadError(ErrorCode.YearOutOfRange, line, column, columnName, text, $"{options.MinYear}–{options.MaxYear}")
                : null;
        }
        var s = ValueParser.Normalize(text).TrimEnd('年', '度');
        year = 0;
        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return new ReadError(ErrorCode.YearNotANumber, line, column, columnName, text);
        }
        if (year < options.MinYear || year > options.MaxYear)
        {
            return new ReadError(ErrorCode.YearOutOfRange, line, column, columnName, text, $"{options.MinYear}–{options.MaxYear}");
        }
        return null;
    }

    public static string? Optional(string text)
    {
        var s = text.Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>The 1-based field in which the first quotation mark of a malformed record stands.</summary>
    public static int QuoteColumn(string rawRecord, char delimiter)
    {
        var quote = rawRecord.IndexOf('"');
        return quote < 0 ? 1 : rawRecord.AsSpan(0, quote).Count(delimiter) + 1;
    }

    public static string Describe(CsvHelper.CsvMalformedReason reason) => reason switch
    {
        CsvHelper.CsvMalformedReason.UnterminatedQuote or CsvHelper.CsvMalformedReason.LineBreakInQuotes => "quote not closed before the end of the line",
        CsvHelper.CsvMalformedReason.StrayQuote => "quote inside an unquoted cell",
        CsvHelper.CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote",
        _ => reason.ToString(),
    };
}
