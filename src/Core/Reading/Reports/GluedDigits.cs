namespace Analytics.Core.Reading.Reports;

/// <summary>
/// Splits digit runs whose cell boundaries were lost (<c>801000081</c> for 80 1 0 0 0 0 81) into a row's columns.
/// Every split that fits the column count is enumerated (a number never starts with 0 unless it is 0); the rules then
/// keep the consistent ones. Nothing here changes a digit: a split only chooses where the boundaries were.
/// </summary>
internal static class GluedDigits
{
    /// <summary>Beyond this many splits a run is not worth enumerating: it is reported, not guessed.</summary>
    private const int MaxSplits = 20_000;

    /// <summary>True when every token is plain digits and together they hold at least <paramref name="columns"/> digits.</summary>
    public static bool CanSplit(IReadOnlyList<string> tokens, int columns) =>
        tokens.Count > 0 && tokens.Count < columns && tokens.All(t => t.Length > 0 && t.All(char.IsAsciiDigit))
        && tokens.Sum(t => t.Length) >= columns;

    /// <summary>Every way to cut the tokens into exactly <paramref name="columns"/> numbers, in token order.</summary>
    public static List<string[]> Splits(IReadOnlyList<string> tokens, int columns)
    {
        var results = new List<string[]>();
        var current = new List<string>();
        Walk(0, 0);
        return results;

        void Walk(int token, int offset)
        {
            if (results.Count >= MaxSplits)
            {
                return;
            }
            if (token == tokens.Count)
            {
                if (current.Count == columns)
                {
                    results.Add([.. current]);
                }
                return;
            }
            var text = tokens[token];
            var left = text.Length - offset;
            var cellsLeft = columns - current.Count;
            // The rest of this token and the later ones need at least one digit per number.
            var laterDigits = tokens.Skip(token + 1).Sum(t => t.Length);
            var laterTokens = tokens.Count - token - 1;
            if (cellsLeft <= 0 || left + laterDigits < cellsLeft || cellsLeft < laterTokens + 1)
            {
                return;
            }
            var maxLength = text[offset] == '0' ? 1 : left;
            for (var length = 1; length <= maxLength; length++)
            {
                current.Add(text.Substring(offset, length));
                if (length == left)
                {
                    Walk(token + 1, 0);
                }
                else
                {
                    Walk(token, offset + length);
                }
                current.RemoveAt(current.Count - 1);
            }
        }
    }

    /// <summary>R2 for a T3 row, R4 for each T4 group of five: the last cell of each group is the sum of the others.</summary>
    public static bool GroupTotalsHold(string[] split, int groupSize)
    {
        for (var g = 0; g + groupSize <= split.Length; g += groupSize)
        {
            decimal sum = 0;
            for (var i = g; i < g + groupSize - 1; i++)
            {
                sum += decimal.Parse(split[i], System.Globalization.CultureInfo.InvariantCulture);
            }
            if (sum != decimal.Parse(split[g + groupSize - 1], System.Globalization.CultureInfo.InvariantCulture))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The most plausible of several splits: the one whose largest number is smallest (a glued run is far more often
    /// many small counts than one large one), then the earliest in enumeration order. Used only with a finding.
    /// </summary>
    public static string[] MostPlausible(IEnumerable<string[]> splits) =>
        splits.OrderBy(s => s.Max(n => n.Length)).ThenBy(s => s.Count(n => n.Length > 1)).First();
}
