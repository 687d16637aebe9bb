namespace Analytics.Dashboard.Components.Charts;

/// <summary>How a chart draws its series.</summary>
public enum ChartKind
{
    StackedBar,
    PercentBar,
    GroupedBar,
    Line,
}

/// <summary>One named series: a value (or nothing) per category, and a colour when its meaning has one.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, string? Color = null);

/// <summary>
/// What a chart shows, in domain terms: pages build these and the chart component alone knows Plotly.
/// <see cref="Id"/> is stable so links, tests and downloads can find the chart.
/// </summary>
public sealed record ChartModel
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required ChartKind Kind { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public string CategoryTitle { get; init; } = "";
    public string ValueTitle { get; init; } = "";

    /// <summary>d3 format for hover values: ",.0f" counts, ".1%" rates.</summary>
    public string ValueFormat { get; init; } = ",.0f";

    /// <summary>Spans the full width of the page grid.</summary>
    public bool Wide { get; init; }

    public bool IsEmpty => Series.All(s => s.Values.All(v => v is null));
}
