using System.Globalization;
using Analytics.Core.Catalog;
using Analytics.Core.Storage;
using Analytics.Core.Validation;
using Analytics.Dashboard.Components.Charts;
using Microsoft.Extensions.Localization;

namespace Analytics.Dashboard.Views;

/// <summary>The overview's four areas and KPI tiles, summed over the filtered agencies per year.</summary>
public sealed class OverviewBuilder(DashboardQueries queries, IStringLocalizer<Strings> l)
{
    public sealed record View(IReadOnlyList<ChartModel> Charts, IReadOnlyList<Kpi> Kpis, int? LastYear);

    public View Build(AgencyFilter filter, bool outcomeDetails = false)
    {
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        var years = YearsOf(filter);
        if (years.Count == 0)
        {
            return new View([], [], null);
        }
        var codes = new HashSet<string>(StringComparer.Ordinal);
        codes.UnionWith(MetricGroups.Channels);
        codes.UnionWith(MetricGroups.Applicants.Select(c => MetricCatalog.T3("new_received", c)));
        codes.UnionWith(MetricCatalog.T3OutcomeRows.Select(r => MetricCatalog.T3(r, "total")));
        codes.UnionWith(MetricCatalog.T4Groups.SelectMany(g => MetricCatalog.T4Columns.Select(c => MetricCatalog.T4(g.Code, c.Code))));
        codes.Add("t3.carried_over.total");
        codes.Add("t3.new_received.total");
        var sums = new Sums(queries.Totals(filter with { FromYear = years[0] - 1, ToYear = years[^1] }, codes));
        var categories = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();
        var yearTitle = l["Year"];

        ChartSeries Series(string name, params string[] metricCodes) => new(name, years.Select(y => sums.Sum(y, metricCodes)).ToList());
        ChartSeries Colored(string color, string name, params string[] metricCodes) => Series(name, metricCodes) with { Color = color };

        var charts = new List<ChartModel>
        {
            new()
            {
                Id = "chart-channels", Title = l["ChartChannels"], Kind = ChartKind.StackedBar, Categories = categories, CategoryTitle = yearTitle,
                ValueTitle = l["UnitItems"],
                Series = MetricGroups.Channels.Select(c => Series(MetricGroups.Label(c, chinese), c)).Where(s => s.Values.Any(v => v is not null)).ToList(),
            },
            new()
            {
                Id = "chart-requests", Title = l["ChartRequests"], Kind = ChartKind.StackedBar, Categories = categories, CategoryTitle = yearTitle,
                ValueTitle = l["UnitRequests"],
                Series =
                [
                    .. MetricGroups.Applicants.Select(c => Series(ApplicantLabel(c, chinese), MetricCatalog.T3("new_received", c))),
                    Series(l["CarriedOver"], "t3.carried_over.total"),
                ],
            },
            new()
            {
                Id = "chart-review", Title = l["ChartReview"], Kind = ChartKind.StackedBar, Categories = categories, CategoryTitle = yearTitle,
                ValueTitle = l["UnitCases"],
                Series = MetricGroups.ReviewColumns.Select(c => Colored(MetricGroups.ReviewColors[c], ReviewLabel(c), MetricCatalog.T4("review", c))).ToList(),
            },
            new()
            {
                Id = "chart-litigation", Title = l["ChartLitigation"], Kind = ChartKind.StackedBar, Categories = categories, CategoryTitle = yearTitle,
                ValueTitle = l["UnitCases"],
                Series = MetricGroups.ReviewColumns.Select(c => Colored(MetricGroups.ReviewColors[c], ReviewLabel(c), MetricCatalog.T4("lit_direct", c), MetricCatalog.T4("lit_after_review", c))).ToList(),
            },
            new()
            {
                Id = "chart-outcomes", Title = l["ChartOutcomes"], Kind = ChartKind.PercentBar, Categories = categories, CategoryTitle = yearTitle,
                ValueTitle = l["UnitRequests"], Wide = true,
                Series = outcomeDetails
                    ? MetricCatalog.T3OutcomeRows.Where(r => r != "results_total")
                        .Select(r => Series(OutcomeLabel(r, chinese), MetricCatalog.T3(r, "total")))
                        .Where(s => s.Values.Any(v => v is > 0)).ToList()
                    : MetricGroups.Outcomes.Select(o => Colored(o.Color, l[o.Key], o.Rows.Select(r => MetricCatalog.T3(r, "total")).ToArray())).ToList(),
            },
        };

        var last = years[^1];
        var kpis = new List<Kpi>
        {
            new("kpi-new-requests", l["KpiNewRequests"], sums.Sum(last, "t3.new_received.total"), sums.Sum(last - 1, "t3.new_received.total"), IsRate: false),
        };
        // Rates pool only the agency-years that reported every input of the rate (the loader stores their parts).
        var rates = queries.IndicatorTotals(filter with { FromYear = last - 1, ToYear = last }).ToDictionary(t => ((int)t.Year, t.Indicator));
        foreach (var indicator in Indicators.All)
        {
            kpis.Add(new Kpi("kpi-" + indicator.Code[4..].Replace('_', '-'), chinese ? indicator.LabelZh : indicator.LabelEn,
                rates.GetValueOrDefault((last, indicator.Code))?.Rate, rates.GetValueOrDefault((last - 1, indicator.Code))?.Rate, IsRate: true));
        }
        return new View(charts, kpis, last);
    }

    /// <summary>A detailed outcome row named with its group, e.g. "不予公开：属于国家秘密" / "Refused: state secret".</summary>
    private string OutcomeLabel(string row, bool chinese)
    {
        var group = MetricGroups.Outcomes.First(o => o.Rows.Contains(row));
        if (group.Rows.Length == 1)
        {
            return l[group.Key];
        }
        var (_, zh, en, _) = MetricCatalog.T3Rows.First(r => r.Code == row);
        return chinese ? $"{l[group.Key]}：{System.Text.RegularExpressions.Regex.Replace(zh, @"^.*?\d\.", "")}" : en;
    }

    private string ReviewLabel(string column) => l["Review_" + column];

    // The form's column is just "其他" under 法人或其他组织; alone in a legend it needs its group.
    private static string ApplicantLabel(string column, bool chinese) => column == "other_org"
        ? (chinese ? "其他组织" : "Other organisations")
        : chinese ? MetricCatalog.T3Columns.First(c => c.Code == column).Zh : MetricCatalog.T3Columns.First(c => c.Code == column).En;

    /// <summary>The years in view: the filter's range clipped to what is loaded (the year before is read for KPI changes).</summary>
    private List<int> YearsOf(AgencyFilter filter)
    {
        if (queries.Years() is not { } range)
        {
            return [];
        }
        var from = Math.Max(filter.FromYear ?? range.First, range.First);
        var to = Math.Min(filter.ToYear ?? range.Last, range.Last);
        return from > to ? [] : Enumerable.Range(from, to - from + 1).ToList();
    }

    /// <summary>Summed totals by year and metric; a sum over metrics is NA when none of them was reported.</summary>
    private sealed class Sums(IReadOnlyList<YearTotal> totals)
    {
        private readonly Dictionary<(long, string), double> _byKey = totals.ToDictionary(t => (t.Year, t.Metric), t => t.Total);

        public double? Sum(int year, params string[] metrics)
        {
            double sum = 0;
            var any = false;
            foreach (var metric in metrics)
            {
                if (_byKey.TryGetValue((year, metric), out var v))
                {
                    sum += v;
                    any = true;
                }
            }
            return any ? sum : null;
        }
    }
}
