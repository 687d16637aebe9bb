using System.Globalization;
using Analytics.Core.Catalog;
using Analytics.Core.Storage;
using Analytics.Core.Validation;
using Analytics.Dashboard.Components.Charts;
using Microsoft.Extensions.Localization;

namespace Analytics.Dashboard.Views;

/// <summary>Agencies side by side on one metric or indicator, and a ranking of all agencies for one year.</summary>
public sealed class CompareBuilder(DashboardQueries queries, IStringLocalizer<Strings> l)
{
    /// <summary>One agency's place in the ranking, against the agencies of its own level (its peers).</summary>
    public sealed record RankRow(string Agency, string? Level, string? Region, double Value, int Rank, double PeerMedian, double PeerP25, double PeerP75, double Percentile, int Peers);

    /// <summary>What the Compare page shows until the user picks another metric.</summary>
    public const string DefaultMetric = "t3.new_received.total";

    public static bool IsRate(string metric) => Indicators.Find(metric) is not null;

    public static string Label(string metric, bool chinese) =>
        Indicators.Find(metric) is { } indicator ? (chinese ? indicator.LabelZh : indicator.LabelEn) : MetricGroups.Label(metric, chinese);

    /// <summary>The metric (or indicator) for each picked agency across the loaded years.</summary>
    public ChartModel Chart(IReadOnlyList<string> agencies, string metric)
    {
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        var years = queries.Years() is { } range ? Enumerable.Range(range.First, range.Last - range.First + 1).ToList() : [];
        var (values, _) = ValuesAndAgencies(new AgencyFilter { Agencies = agencies }, metric);
        return new ChartModel
        {
            Id = "chart-compare",
            Title = Label(metric, chinese),
            Kind = ChartKind.Line,
            Categories = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList(),
            CategoryTitle = l["Year"],
            ValueTitle = IsRate(metric) ? "%" : Unit(metric, chinese),
            ValueFormat = IsRate(metric) ? ".1%" : ",.0f",
            Series = agencies.Select(a => new ChartSeries(a, years.Select(y => values.TryGetValue((a, y), out var v) ? v : (double?)null).ToList())).ToList(),
        };
    }

    /// <summary>Every agency with a value for the metric in the year, ranked highest first, with its level's median and quartiles.</summary>
    public IReadOnlyList<RankRow> Ranking(int year, string metric) =>
        queries.Derived(string.Create(CultureInfo.InvariantCulture, $"ranking:{year}:{metric}"), () => RankAll(year, metric));

    private List<RankRow> RankAll(int year, string metric)
    {
        var (values, agencies) = ValuesAndAgencies(new AgencyFilter { FromYear = year, ToYear = year }, metric);
        var rows = values.Where(v => v.Key.Year == year)
            .Select(v => (Agency: v.Key.Agency, Value: v.Value, Info: agencies[v.Key.Agency]))
            .OrderByDescending(r => r.Value).ThenBy(r => r.Agency, StringComparer.Ordinal).ToList();
        var peers = rows.GroupBy(r => r.Info.Level ?? "").ToDictionary(g => g.Key, g => g.Select(r => r.Value).Order().ToArray());
        var ranked = new List<RankRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (agency, value, info) = rows[i];
            // Ties share a rank (1, 2, 2, 4).
            var rank = i > 0 && rows[i - 1].Value == value ? ranked[i - 1].Rank : i + 1;
            var group = peers[info.Level ?? ""];
            ranked.Add(new RankRow(agency, info.Level, info.Region, value, rank, Quantile(group, 0.5), Quantile(group, 0.25), Quantile(group, 0.75),
                AtOrBelow(group, value) / (double)group.Length, group.Length));
        }
        return ranked;
    }

    /// <summary>How many of the sorted values are ≤ value (binary search: rankings have thousands of peers).</summary>
    private static int AtOrBelow(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>The metric's number, or the indicator computed from its inputs, for each agency-year that has one.</summary>
    private (Dictionary<(string Agency, int Year), double> Values, Dictionary<string, AgencyValue> Agencies) ValuesAndAgencies(AgencyFilter filter, string metric)
    {
        var indicator = Indicators.Find(metric);
        var inputs = indicator is null ? [metric] : indicator.Inputs().ToArray();
        var rows = queries.Values(filter, inputs);
        var agencies = new Dictionary<string, AgencyValue>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            agencies.TryAdd(row.Agency, row);
        }
        var result = new Dictionary<(string, int), double>();
        foreach (var group in rows.GroupBy(r => (r.Agency, (int)r.Year)))
        {
            var byMetric = group.ToDictionary(r => r.Metric, r => r.Value, StringComparer.Ordinal);
            double? value = indicator is null ? byMetric.GetValueOrDefault(metric) : indicator.Compute(code => byMetric.TryGetValue(code, out var v) ? v : null);
            if (value is { } v && (indicator is not null || byMetric.ContainsKey(metric)))
            {
                result[group.Key] = v;
            }
        }
        return (result, agencies);
    }

    private static string Unit(string metric, bool chinese) =>
        MetricCatalog.TryGet(metric, out var m) ? (chinese ? m.UnitZh : m.UnitEn) : "";

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var position = (sorted.Length - 1) * q;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
