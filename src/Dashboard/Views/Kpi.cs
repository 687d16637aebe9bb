namespace Analytics.Dashboard.Views;

/// <summary>A headline figure for the last year in view, with last year's for the change.</summary>
public sealed record Kpi(string Id, string Label, double? Value, double? Previous, bool IsRate)
{
    /// <summary>Change against the previous year: relative for counts, percentage points for rates; null when either is NA.</summary>
    public double? Change => Value is { } v && Previous is { } p
        ? IsRate ? v - p : p == 0 ? null : (v - p) / p
        : null;
}
