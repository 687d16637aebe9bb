namespace Analytics.Core.Reading;

/// <summary>How a cell's value was obtained: what the loader shows next to the figure.</summary>
public enum CellSource
{
    /// <summary>Read from its own table cell (or a separated token in the cell's place).</summary>
    Table = 0,

    /// <summary>A glued run of digits split so the row fits its columns and rules R1–R4; only one split fitted.</summary>
    Rules = 1,

    /// <summary>A glued run of digits with several splits that fit; the most plausible was loaded, see the note.</summary>
    Ambiguous = 2,

    /// <summary>Read from a sentence of the prose (sections 一 and 六); the sentence is the raw text.</summary>
    Prose = 3,

    /// <summary>The report's table lacks the row: not reported, not zero.</summary>
    Missing = 4,
}

/// <summary>
/// A glued digit run that splits into the row's columns in more than one way consistent with the rules. The
/// loader turns it into an "ambiguous split" finding naming the cells and the alternatives.
/// </summary>
public sealed record AmbiguousSplit(string Printed, long Line, IReadOnlyList<string> Metrics, IReadOnlyList<string> Chosen,
    IReadOnlyList<IReadOnlyList<string>> Alternatives)
{
    public string Describe() =>
        $"'{Printed}' (line {Line}) splits into {Metrics.Count} cells in {Alternatives.Count + 1} ways consistent with the rules; "
        + $"loaded {string.Join(" ", Chosen)}, alternatives: {string.Join(" | ", Alternatives.Select(a => string.Join(" ", a)))}.";

    public string DescribeZh() =>
        $"第 {Line} 行连写的数字“{Printed}”按填报规则可拆成 {Metrics.Count} 个单元格的方式有 {Alternatives.Count + 1} 种；"
        + $"已按 {string.Join(" ", Chosen)} 载入，其他可能：{string.Join(" | ", Alternatives.Select(a => string.Join(" ", a)))}。";
}
