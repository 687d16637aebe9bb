using System.Globalization;
using Analytics.Core.Catalog;
using Analytics.Core.Reading;

namespace Analytics.Core.Validation;

/// <summary>
/// The form's arithmetic (勾稽关系, spec §5) as data: each rule compares two sides per column, row or group.
/// R1–R5 are hard rules (errors), R6–R8 soft (warnings). A rule is skipped where a side has a missing cell:
/// an empty cell is not a zero. Findings never block a load.
/// </summary>
public static class ConsistencyRules
{
    /// <summary>Not a rule of the form: a finding that a report's glued digits were split one of several ways.</summary>
    public const string AmbiguousSplit = "SPLIT";

    public static readonly IReadOnlyList<(string Rule, string Severity, string En, string Zh)> Rules =
    [
        ("R1", Finding.Error, "Balance: new + carried over = outcomes total + carried forward", "平衡：新收 + 上年结转 = 办理结果总计 + 结转下年度"),
        ("R2", Finding.Error, "Row total: total = sum of the six applicant columns", "行合计：总计 = 各类申请人之和"),
        ("R3", Finding.Error, "Outcomes total = sum of the outcome rows", "办理结果总计 = 各项办理结果之和"),
        ("R4", Finding.Error, "Review and litigation totals = upheld + corrected + other + pending", "复议诉讼总计 = 维持 + 纠正 + 其他 + 尚未审结"),
        ("R5", Finding.Error, "Counts are non-negative whole numbers", "件数应为非负整数"),
        ("R6", Finding.Warning, "Year chain: carried over = last year's carried forward", "年度衔接：上年结转 = 上一年度结转下年度"),
        ("R7", Finding.Warning, "Stock and flow: in force = last year's in force + issued − repealed", "存量流量：现行有效 = 上年现行有效 + 本年制发 − 本年废止"),
        ("R8", Finding.Warning, "Channels: total items ≥ sum of channel counts", "渠道：主动公开总数 ≥ 各渠道发布数之和"),
        (AmbiguousSplit, Finding.Warning, "Ambiguous split: a report's glued digits fit the rules in several ways", "拆分存疑：报告中连写的数字有多种符合规则的拆法"),
    ];

    private static readonly string[] Channels =
        ["ch.website", "ch.weibo", "ch.wechat", "ch.short_video", "ch.app", "ch.gazette", "ch.press_conference", "ch.other"];

    /// <summary>Every finding for <paramref name="current"/>; <paramref name="previousYear"/> feeds R6 and R7.</summary>
    public static List<Finding> Evaluate(ReportValues current, ReportValues? previousYear)
    {
        var findings = new List<Finding>();
        var columns = MetricCatalog.T3Columns.Select(c => c.Code).ToArray();
        var outcomeRows = MetricCatalog.T3OutcomeRows
            .Where(r => (MetricCatalog.Get(MetricCatalog.T3(r, "total")).Versions & current.Version) != 0).ToArray();

        foreach (var column in columns)
        {
            var left = Sum(current, [T3("new_received", column), T3("carried_over", column)]);
            var right = Sum(current, [T3("results_total", column), T3("carried_forward", column)]);
            Compare(findings, "R1", column, left, right, Equal);

            var outcomes = Sum(current, outcomeRows.Select(r => T3(r, column)));
            Compare(findings, "R3", column, current[T3("results_total", column)], outcomes, Equal);
        }

        foreach (var (row, _, _, versions) in MetricCatalog.T3Rows)
        {
            if ((versions & current.Version) == 0)
            {
                continue;
            }
            var parts = Sum(current, columns.Take(6).Select(c => T3(row, c)));
            Compare(findings, "R2", row, current[T3(row, "total")], parts, Equal);
        }

        foreach (var (group, _, _) in MetricCatalog.T4Groups)
        {
            var parts = Sum(current, new[] { "upheld", "corrected", "other", "pending" }.Select(c => MetricCatalog.T4(group, c)));
            Compare(findings, "R4", group, current[MetricCatalog.T4(group, "total")], parts, Equal);
        }

        foreach (var (metric, state) in current.Cells())
        {
            if (state == CellState.Text && metric.Kind != MetricKind.Amount)
            {
                // Loaded as printed (e.g. "5500余"), but a count must be a whole number to add up.
                findings.Add(Make("R5", metric.Code, null, null));
            }
        }

        if (previousYear is not null && previousYear.Year == current.Year - 1)
        {
            foreach (var column in columns)
            {
                Compare(findings, "R6", column, current[T3("carried_over", column)], previousYear[T3("carried_forward", column)], Equal);
            }
            if (current.Version == FormatVersions.V2021 && previousYear.Version == FormatVersions.V2021)
            {
                foreach (var row in new[] { "regulations", "normative_docs" })
                {
                    var expected = Sum(previousYear, [$"t2.{row}.in_force"]) is { } before
                        && current[$"t2.{row}.issued"] is { } issued && current[$"t2.{row}.repealed"] is { } repealed
                        ? before + issued - repealed
                        : (double?)null;
                    Compare(findings, "R7", row, current[$"t2.{row}.in_force"], expected, Equal);
                }
            }
        }

        var given = Channels.Select(c => current[c]).Where(v => v is not null).ToList();
        if (given.Count > 0)
        {
            Compare(findings, "R8", "ch.total", current["ch.total"], given.Sum(), (total, sum) => total >= sum);
        }
        return findings;
    }

    private static string T3(string row, string column) => MetricCatalog.T3(row, column);

    private static bool Equal(double left, double right) => Math.Abs(left - right) < 1e-9;

    /// <summary>The sum of the cells, or null when any of them has no number.</summary>
    private static double? Sum(ReportValues values, IEnumerable<string> codes)
    {
        double sum = 0;
        foreach (var code in codes)
        {
            if (values[code] is not { } v)
            {
                return null;
            }
            sum += v;
        }
        return sum;
    }

    private static void Compare(List<Finding> findings, string rule, string subject, double? left, double? right, Func<double, double, bool> holds)
    {
        if (left is { } l && right is { } r && !holds(l, r))
        {
            findings.Add(Make(rule, subject, l, r));
        }
    }

    private static Finding Make(string rule, string subject, double? left, double? right)
    {
        var (_, severity, en, zh) = Rules.First(r => r.Rule == rule);
        var l = left?.ToString(CultureInfo.InvariantCulture) ?? "—";
        var r = right?.ToString(CultureInfo.InvariantCulture) ?? "—";
        var message = rule == "R5" ? $"{en}: {subject} holds text, not a number." : $"{en}: {subject}: {l} ≠ {r}.";
        var messageZh = rule == "R5" ? $"{zh}：{subject} 是文字而不是数字。" : $"{zh}：{subject}：{l} ≠ {r}。";
        if (rule == "R8")
        {
            message = $"{en}: total {l} < sum {r}.";
            messageZh = $"{zh}：总数 {l} 小于各渠道之和 {r}。";
        }
        return new Finding(rule, severity, subject, left, right, message, messageZh);
    }
}
