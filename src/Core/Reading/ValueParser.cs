using System.Globalization;
using System.Text;
using Analytics.Core.Catalog;

namespace Analytics.Core.Reading;

/// <summary>Turns the text of one cell into a <see cref="CellValue"/> for a metric, or says why it cannot.</summary>
public static class ValueParser
{
    /// <summary>The largest count stored exactly (a double holds integers up to 2^53 without loss).</summary>
    public const decimal MaxExact = 9_007_199_254_740_991m;

    /// <summary>Parses <paramref name="text"/>; on failure returns the error code and leaves value default.</summary>
    public static ErrorCode? TryParse(string text, MetricKind kind, out CellValue value)
    {
        // Fast path: most cells are plain ASCII digits, already canonical.
        if (text.Length is > 0 and <= 15 && IsAsciiDigits(text))
        {
            value = new CellValue(CellState.Number, ParseDigits(text), text);
            return null;
        }
        var raw = text;
        var s = Normalize(text);
        value = default;
        if (s.Length == 0)
        {
            value = CellValue.NotReported(raw);
            return null;
        }
        if (IsNotApplicable(s))
        {
            value = new CellValue(CellState.NotApplicable, null, raw);
            return null;
        }
        if (!TryNumber(s, out var number))
        {
            if (IsApproximate(s))
            {
                // "5500余", "约300": a figure the report printed but not a number; kept as text, never summed.
                value = new CellValue(CellState.Text, null, raw);
                return null;
            }
            return ErrorCode.NotANumber;
        }
        if (Math.Abs(number) > MaxExact)
        {
            return ErrorCode.Overflow;
        }
        switch (kind)
        {
            case MetricKind.Count when number < 0:
                return ErrorCode.NegativeCount;
            case MetricKind.Count or MetricKind.SignedCount when number != decimal.Truncate(number):
                return ErrorCode.FractionalCount;
            case MetricKind.Amount when number < 0:
                return ErrorCode.NegativeCount;
        }
        value = new CellValue(CellState.Number, number, raw);
        return null;
    }

    private static bool IsAsciiDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static decimal ParseDigits(string text)
    {
        long n = 0;
        foreach (var c in text)
        {
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /// <summary>Folds full-width digits and signs, drops spaces inside numbers and trims.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '０' and <= '９':
                    sb.Append((char)('0' + (c - '０')));
                    break;
                case '．':
                    sb.Append('.');
                    break;
                case '，':
                    sb.Append(',');
                    break;
                case '＋':
                    sb.Append('+');
                    break;
                case '−' or '﹣':
                    sb.Append('-');
                    break;
                case ' ' or '\t' or '\u00A0' or '\u3000' or '\u2009' or '\u202F' or '\u200B' or '\uFEFF':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool IsNotApplicable(string s) =>
        s is "/" or "／" or "-" or "－" or "—" or "——" or "–" or "\\" or "不适用";

    private static bool TryNumber(string s, out decimal number)
    {
        number = 0;
        var body = s;
        if (body.Contains(','))
        {
            // Thousands separators only in their proper places: 1,291 but not 1,29.
            var digitsAndCommas = body.TrimStart('+', '-');
            var intPart = digitsAndCommas.Split('.')[0];
            var groups = intPart.Split(',');
            if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
            {
                return false;
            }
            body = body.Replace(",", "", StringComparison.Ordinal);
        }
        foreach (var c in body)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or '-' or '+'))
            {
                return false;
            }
        }
        return decimal.TryParse(body, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out number) || IsHugeInteger(body, ref number);
    }

    // decimal.TryParse fails past 7.9e28; such a cell is an overflow, not "not a number".
    private static bool IsHugeInteger(string body, ref decimal number)
    {
        var digits = body.Length > 0 && body[0] is '+' or '-' ? body[1..] : body;
        if (digits.Any(char.IsAsciiDigit) && digits.All(c => char.IsAsciiDigit(c) || c == '.') && digits.Count(c => c == '.') <= 1)
        {
            number = body.StartsWith('-') ? decimal.MinValue : decimal.MaxValue;
            return true;
        }
        return false;
    }

    private static bool IsApproximate(string s)
    {
        var hasDigit = s.Any(char.IsAsciiDigit);
        return hasDigit && (s.Contains('余') || s.Contains('多') || s.StartsWith('约') || s.Contains("左右", StringComparison.Ordinal)
            || s.Contains("以上", StringComparison.Ordinal) || s.StartsWith("超过", StringComparison.Ordinal) || s.StartsWith('近')
            || s.EndsWith('+'));
    }
}
