using Analytics.Core.Catalog;

namespace Analytics.Dashboard.Views;

/// <summary>The groupings the charts use: which metric codes make up each stacked series.</summary>
public static class MetricGroups
{
    public static readonly string[] Channels =
        ["ch.website", "ch.weibo", "ch.wechat", "ch.short_video", "ch.app", "ch.gazette", "ch.press_conference", "ch.other"];

    public static readonly string[] Applicants = MetricCatalog.T3Columns.Take(6).Select(c => c.Code).ToArray();

    /// <summary>The six outcome groups of T3 (total column), each the sum of its rows.</summary>
    public static readonly (string Key, string[] Rows)[] Outcomes =
    [
        ("OutcomeGranted", ["granted"]),
        ("OutcomePartial", ["partially_granted"]),
        ("OutcomeRefused", MetricCatalog.T3OutcomeRows.Where(r => r.StartsWith("denied_", StringComparison.Ordinal)).ToArray()),
        ("OutcomeUnable", MetricCatalog.T3OutcomeRows.Where(r => r.StartsWith("unable_", StringComparison.Ordinal)).ToArray()),
        ("OutcomeNotProcessed", MetricCatalog.T3OutcomeRows.Where(r => r.StartsWith("np_", StringComparison.Ordinal)).ToArray()),
        ("OutcomeOther", MetricCatalog.T3OutcomeRows.Where(r => r.StartsWith("other_", StringComparison.Ordinal)).ToArray()),
    ];

    public static readonly string[] ReviewColumns = ["upheld", "corrected", "other", "pending"];

    public static string Label(string code, bool chinese) => MetricCatalog.TryGet(code, out var m) ? m.Label(chinese) : code;
}
