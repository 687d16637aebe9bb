using System.Text.RegularExpressions;

namespace Analytics.Core.Reading;

/// <summary>
/// How the printed form's labels map to metric codes. Labels are matched by distinctive words after folding
/// spaces, width and ordinals ("1、" / "1." / "（一）"), never by position alone (spec §6).
/// </summary>
internal static partial class ReportLabels
{
    // Order matters: the first entry whose words appear in the label wins (部分公开 before 予以公开, etc.).
    private static readonly (string Words, string Row)[] T3RowWords =
    [
        ("本年新收", "new_received"),
        ("上年结转", "carried_over"),
        ("结转下年度", "carried_forward"),
        ("部分公开", "partially_granted"),
        ("予以公开", "granted"),
        ("国家秘密", "denied_state_secret"),
        ("禁止公开", "denied_prohibited_by_law"),
        ("三安全一稳定", "denied_security_stability"),
        ("第三方合法权益", "denied_third_party"),
        ("内部事务", "denied_internal_affairs"),
        ("过程性信息", "denied_process_info"),
        ("行政执法案卷", "denied_enforcement_file"),
        ("行政查询事项", "denied_admin_query"),
        ("不掌握", "unable_not_held"),
        ("另行制作", "unable_needs_compilation"),
        ("仍不明确", "unable_unclear"),
        ("信访举报投诉", "np_petition_complaint"),
        ("大量反复", "np_mass_repetitive"),
        ("重复申请", "np_duplicate"),
        ("公开出版物", "np_publication"),
        ("确认或重新出具", "np_confirm_reissue"),
        ("逾期不补正", "other_no_correction"),
        ("收费通知", "other_fee_unpaid"),
        ("缴纳费用", "other_fee_unpaid"),
        ("其他处理", "other_misc"),
        ("总计", "results_total"),
    ];

    private static readonly (string Words, string Row)[] T2RowWords =
    [
        ("规章", "regulations"),
        ("规范性文件", "normative_docs"),
        ("行政许可", "admin_licensing"),
        ("其他对外管理服务事项", "other_external_services"),
        ("行政处罚", "admin_penalty"),
        ("行政强制", "admin_coercion"),
        ("行政事业性收费", "admin_fees"),
        ("政府集中采购", "central_procurement"),
    ];

    private static readonly (string Words, string Column)[] T2ColumnWords =
    [
        ("本年制发件数", "issued"),
        ("本年废止件数", "repealed"),
        ("现行有效件数", "in_force"),
        ("处理决定数量", "decisions"),
        ("本年收费金额", "amount"),
        ("本年新制作数量", "new_made"),
        ("本年新公开数量", "new_published"),
        ("对外公开总数量", "total_published"),
        ("上一年项目数量", "prev_year_items"),
        ("本年增/减", "change"),
        ("本年增减", "change"),
        ("采购项目数量", "items"),
        ("采购总金额", "amount"),
    ];

    /// <summary>Words that mark where a table row's label is, for splitting flattened table text.</summary>
    public static IEnumerable<string> AnchorWords =>
        T3RowWords.Select(w => w.Words).Where(w => w != "总计").Append("(七)总计").Append("（七）总计")
            .Concat(T2RowWords.Select(w => w.Words)).Append("第二十条");

    /// <summary>T2 column words in the order a header line prints them (for headers that are not split into cells).</summary>
    public static string[] T2ColumnsInOrder(string header)
    {
        var s = Fold(header);
        return [.. T2ColumnWords.Select(w => (At: s.IndexOf(w.Words, StringComparison.Ordinal), w.Column)).Where(p => p.At >= 0)
            .GroupBy(p => p.At).Select(g => g.First()).OrderBy(p => p.At).Select(p => p.Column)];
    }

    /// <summary>The section a heading line opens (一 … 六), or null when the line is not a section heading.</summary>
    public static int? Section(string line)
    {
        var s = Fold(line);
        if (!SectionOrdinal().IsMatch(s))
        {
            return null;
        }
        return s switch
        {
            _ when s.Contains("总体情况") => 1,
            _ when s.Contains("主动公开政府信息情况") => 2,
            _ when s.Contains("收到和处理政府信息公开申请") => 3,
            _ when s.Contains("行政复议") && s.Contains("行政诉讼") => 4,
            _ when s.Contains("存在的主要问题") => 5,
            _ when s.Contains("其他需要报告") => 6,
            _ => null,
        };
    }

    public static string? T3Row(string label)
    {
        var s = StripOrdinal(Fold(label));
        if (s is "其他")
        {
            return "other_misc";
        }
        foreach (var (words, row) in T3RowWords)
        {
            if (s.Contains(words, StringComparison.Ordinal))
            {
                return row;
            }
        }
        return null;
    }

    public static string? T2Row(string label)
    {
        var s = StripOrdinal(Fold(label));
        return T2RowWords.FirstOrDefault(w => s == w.Words || (s.EndsWith(w.Words, StringComparison.Ordinal) && s.Length <= w.Words.Length + 2)).Row;
    }

    public static string? T2Column(string label)
    {
        var s = Fold(label);
        return T2ColumnWords.FirstOrDefault(w => s.Contains(w.Words, StringComparison.Ordinal)).Column;
    }

    /// <summary>A label without spaces, with half-width punctuation.</summary>
    public static string Fold(string text)
    {
        var s = ValueParser.Normalize(text);
        return s.Replace('（', '(').Replace('）', ')').Replace('、', '.').Replace('．', '.').Replace('／', '/');
    }

    private static string StripOrdinal(string s) => Ordinal().Replace(s, "");

    [GeneratedRegex(@"^(\(?[一二三四五六七八九十\d]+[).]|\([一二三四五六七八九十\d]+\))+")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^[一二三四五六七]\.")]
    private static partial Regex SectionOrdinal();
}
