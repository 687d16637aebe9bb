namespace Analytics.Core.Catalog;

/// <summary>What kind of number a metric holds; decides which values are valid.</summary>
public enum MetricKind
{
    /// <summary>A non-negative whole number (requests, items, decisions).</summary>
    Count,
    /// <summary>A whole number that may be negative (the 2019 form's 本年增/减).</summary>
    SignedCount,
    /// <summary>A non-negative decimal amount of money.</summary>
    Amount,
}

/// <summary>One cell of the national form, identified by its code <c>table.row.column</c>.</summary>
public sealed record Metric
{
    public required string Code { get; init; }
    public required string Table { get; init; }
    public required string Row { get; init; }
    public required string Column { get; init; }
    public required string RowLabelZh { get; init; }
    public required string RowLabelEn { get; init; }
    public required string ColumnLabelZh { get; init; }
    public required string ColumnLabelEn { get; init; }
    public required string UnitZh { get; init; }
    public required string UnitEn { get; init; }
    public required MetricKind Kind { get; init; }
    public required FormatVersions Versions { get; init; }

    /// <summary>Position in the catalog: the order tables and exports show metrics in.</summary>
    public required int Order { get; init; }

    public string LabelZh => ColumnLabelZh.Length == 0 ? RowLabelZh : $"{RowLabelZh} · {ColumnLabelZh}";
    public string LabelEn => ColumnLabelEn.Length == 0 ? RowLabelEn : $"{RowLabelEn} · {ColumnLabelEn}";

    public string Label(bool chinese) => chinese ? LabelZh : LabelEn;
}
