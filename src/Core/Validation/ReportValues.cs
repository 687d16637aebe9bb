using Analytics.Core.Catalog;
using Analytics.Core.Reading;

namespace Analytics.Core.Validation;

/// <summary>The current values of one agency-year, indexed by metric, as the rules read them.</summary>
public sealed class ReportValues(int year, FormatVersions version)
{
    private readonly double?[] _numbers = new double?[MetricCatalog.All.Count];
    private readonly CellState?[] _states = new CellState?[MetricCatalog.All.Count];

    public int Year { get; } = year;

    public FormatVersions Version { get; } = version;

    public void Set(Metric metric, CellState state, double? number)
    {
        _states[metric.Order] = state;
        _numbers[metric.Order] = state == CellState.Number ? number : null;
    }

    /// <summary>The number in a cell, or null when the cell is absent, empty, not applicable or text.</summary>
    public double? this[string code] => _numbers[MetricCatalog.Get(code).Order];

    public IEnumerable<(Metric Metric, CellState State)> Cells()
    {
        for (var i = 0; i < _states.Length; i++)
        {
            if (_states[i] is { } state)
            {
                yield return (MetricCatalog.All[i], state);
            }
        }
    }
}
