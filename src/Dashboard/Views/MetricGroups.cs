using Analytics.Core.Catalog;

namespace Analytics.Dashboard.Views;

/// <summary>The groupings the charts use: which metric codes make up each stacked series.</summary>
public static class MetricGroups
{
    public static readonly string[] Channels =
        ["ch.website", "ch.weibo", "ch.wechat", "ch.short_video", "ch.app", "ch.gazette", "ch.press_conference", "ch.other"];

    public static readonly string[] Applicants = MetricCatalog.T3Columns.Take(6).Select(c => c.Code).ToArray();

    /// <summary>The six outcome groups of T3 (total column), each the sum of its rows, coloured by what they mean for the requester.</summary>
    public static readonly (string Key, string[] Rows, string Color)[] Outcomes =
    [
        ("OutcomeGranted", ["granted"], "#2e7d32"),
        ("OutcomePartial", ["partially_granted"], "#8bc34a"),
        ("OutcomeRefused", Rows("denied_"), "#c62828"),
        ("OutcomeUnable", Rows("unable_"), "#ef8f00"),
        ("OutcomeNotProcessed", Rows("np_"), "#7e57c2"),
        ("OutcomeOther", Rows("other_"), "#90a4ae"),
    ];

    public static readonly string[] ReviewColumns = ["upheld", "corrected", "other", "pending"];

    /// <summary>Corrected (the agency was found wrong) stands out in red.</summary>
    public static readonly Dictionary<string, string> ReviewColors = new()
    {
        ["upheld"] = "#4a78b5", ["corrected"] = "#c62828", ["other"] = "#90a4ae", ["pending"] = "#f2c14e",
    };

    private static string[] Rows(string prefix) =>
        MetricCatalog.T3OutcomeRows.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    public static string Label(string code, bool chinese) => MetricCatalog.TryGet(code, out var m) ? m.Label(chinese) : code;
}
