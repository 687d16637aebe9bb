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
        ("本年度新收", "new_received"),
        ("上年结转", "carried_over"),
        ("上一年度结转", "carried_over"),
        ("上一年结转", "carried_over"),
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
            _ when s.Contains("复议") && s.Contains("诉讼") => 4, // also "行政法复议"
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

    /// <summary>
    /// An OCR'd label with one misread character in its distinctive words ("重复申淸"): the row whose words, of at least
    /// three characters, appear in the label with one character different, when exactly one row does. A label one
    /// character away from two rows ("予分公开": 予以公开 or 部分公开) is no row.
    /// </summary>
    public static string? T3RowTolerant(string label)
    {
        var s = StripOrdinal(Fold(label));
        if (s.Length > MaxTolerantLabel)
        {
            return null; // a paragraph, not a label
        }
        var rows = T3RowWords.Where(w => w.Words.Length >= 3 && Windows(s, w.Words.Length).Any(x => OneOff(x, w.Words)))
            .Select(w => w.Row).Distinct().ToList();
        return rows.Count == 1 ? rows[0] : null;
    }

    public static string? T2Row(string label)
    {
        var s = StripOrdinal(Fold(label));
        var exact = T2RowWords.FirstOrDefault(w => s == w.Words || (s.EndsWith(w.Words, StringComparison.Ordinal) && s.Length <= w.Words.Length + 2)).Row;
        if (exact is not null)
        {
            return exact;
        }
        // One misread character ("行政处罸"), only when no other row is as close.
        var rows = T2RowWords.Where(w => w.Words.Length >= 4 && s.Length >= w.Words.Length && s.Length <= w.Words.Length + 2
            && OneOff(s[^w.Words.Length..], w.Words)).Select(w => w.Row).Distinct().ToList();
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>
    /// A repeated or detached column header of T3 or T4 ("自然人 法人或其他组织 总计" after a page break): only header
    /// words, at least two of them (a lone "总计" may be a row's detached label).
    /// </summary>
    public static bool IsHeaderRow(IEnumerable<string> labels)
    {
        // A cell is one header word ("结果 维持"), or flattened text holds several separated by spaces.
        var words = labels.SelectMany(l => HeaderWords.Contains(Fold(l)) ? [Fold(l)]
            : l.Split([' ', '\u3000', '\u00A0'], StringSplitOptions.RemoveEmptyEntries).Select(Fold)).Where(w => w.Length > 0).ToList();
        return words.Count > 0 && words.All(w => HeaderWords.Contains(w) || w.Contains("勾稽关系", StringComparison.Ordinal))
            && (words.Count >= 2 || words[0] is "申请人情况" || words[0].Contains("勾稽关系", StringComparison.Ordinal));
    }

    private static readonly HashSet<string> HeaderWords =
    [
        "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
        "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
    ];

    private const int MaxTolerantLabel = 60;

    private static IEnumerable<string> Windows(string s, int length)
    {
        for (var i = 0; i + length <= s.Length; i++)
        {
            yield return s.Substring(i, length);
        }
    }

    private static bool OneOff(string a, string b)
    {
        var diff = 0;
        for (var i = 0; i < a.Length && diff <= 1; i++)
        {
            diff += a[i] == b[i] ? 0 : 1;
        }
        return diff == 1;
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
        s = s.Replace('（', '(').Replace('）', ')').Replace('、', '.').Replace('．', '.').Replace('／', '/');
        // OCR confusions seen in scanned reports; no template word holds the misread character, so folding is safe.
        return s.Replace('幵', '开').Replace('己', '已').Replace('巳', '已').Replace("政付", "政府", StringComparison.Ordinal);
    }

    private static string StripOrdinal(string s) => Ordinal().Replace(s, "");

    [GeneratedRegex(@"^(\(?[一二三四五六七八九十\d]+[).]|\([一二三四五六七八九十\d]+\))+")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^(?:[一二三四五六七]\.|第[一二三四五六七]部分)")]
    private static partial Regex SectionOrdinal();
}
