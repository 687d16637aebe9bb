using System.Collections.Frozen;

namespace Analytics.Core.Catalog;

/// <summary>
/// Every metric of the national form (spec §3): the one place to add a metric.
/// Codes, labels and units come from the data contract; order follows the printed form.
/// </summary>
public static class MetricCatalog
{
    /// <summary>T3's applicant columns, in the printed order.</summary>
    public static readonly IReadOnlyList<(string Code, string Zh, string En)> T3Columns =
    [
        ("natural_person", "自然人", "Natural persons"),
        ("commercial", "商业企业", "Commercial enterprises"),
        ("research", "科研机构", "Research institutions"),
        ("public_welfare", "社会公益组织", "Public-welfare organisations"),
        ("legal_services", "法律服务机构", "Legal service agencies"),
        ("other_org", "其他", "Other organisations"),
        ("total", "总计", "Total"),
    ];

    /// <summary>T3's rows, in the printed order, with the versions each belongs to.</summary>
    public static readonly IReadOnlyList<(string Code, string Zh, string En, FormatVersions Versions)> T3Rows =
    [
        ("new_received", "一、本年新收政府信息公开申请数量", "New requests this year", FormatVersions.Both),
        ("carried_over", "二、上年结转政府信息公开申请数量", "Carried over from last year", FormatVersions.Both),
        ("granted", "三、本年度办理结果（一）予以公开", "Disclosed", FormatVersions.Both),
        ("partially_granted", "（二）部分公开", "Partially disclosed", FormatVersions.Both),
        ("denied_state_secret", "（三）不予公开 1.属于国家秘密", "Refused: state secret", FormatVersions.Both),
        ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "Refused: other laws forbid", FormatVersions.Both),
        ("denied_security_stability", "3.危及“三安全一稳定”", "Refused: security / stability", FormatVersions.Both),
        ("denied_third_party", "4.保护第三方合法权益", "Refused: third-party rights", FormatVersions.Both),
        ("denied_internal_affairs", "5.属于三类内部事务信息", "Refused: internal affairs", FormatVersions.Both),
        ("denied_process_info", "6.属于四类过程性信息", "Refused: process information", FormatVersions.Both),
        ("denied_enforcement_file", "7.属于行政执法案卷", "Refused: enforcement case file", FormatVersions.Both),
        ("denied_admin_query", "8.属于行政查询事项", "Refused: administrative query matter", FormatVersions.Both),
        ("unable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息", "Cannot provide: not held", FormatVersions.Both),
        ("unable_needs_compilation", "2.没有现成信息需要另行制作", "Cannot provide: would need compiling", FormatVersions.Both),
        ("unable_unclear", "3.补正后申请内容仍不明确", "Cannot provide: still unclear", FormatVersions.Both),
        ("np_petition_complaint", "（五）不予处理 1.信访举报投诉类申请", "Not processed: petition / complaint", FormatVersions.Both),
        ("np_duplicate", "2.重复申请", "Not processed: duplicate", FormatVersions.Both),
        ("np_publication", "3.要求提供公开出版物", "Not processed: asks for publications", FormatVersions.Both),
        ("np_mass_repetitive", "4.无正当理由大量反复申请", "Not processed: mass repetitive", FormatVersions.Both),
        ("np_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", "Not processed: confirm / re-issue", FormatVersions.Both),
        ("other_no_correction", "（六）其他处理 1.申请人无正当理由逾期不补正", "Other: no correction in time", FormatVersions.V2021),
        ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用", "Other: fee not paid", FormatVersions.V2021),
        // In the 2019 form this is the single row （六）其他处理.
        ("other_misc", "3.其他", "Other", FormatVersions.Both),
        ("results_total", "（七）总计", "Outcomes total", FormatVersions.Both),
        ("carried_forward", "四、结转下年度继续办理", "Carried forward to next year", FormatVersions.Both),
    ];

    /// <summary>T3 rows that are outcomes: R3 sums them into results_total.</summary>
    public static readonly IReadOnlyList<string> T3OutcomeRows =
        T3Rows.Select(r => r.Code).Skip(2).Take(21).ToArray();

    public static readonly IReadOnlyList<(string Code, string Zh, string En)> T4Groups =
    [
        ("review", "行政复议", "Administrative reconsideration"),
        ("lit_direct", "行政诉讼·未经复议直接起诉", "Litigation without prior reconsideration"),
        ("lit_after_review", "行政诉讼·复议后起诉", "Litigation after reconsideration"),
    ];

    public static readonly IReadOnlyList<(string Code, string Zh, string En)> T4Columns =
    [
        ("upheld", "结果维持", "Upheld"),
        ("corrected", "结果纠正", "Corrected"),
        ("other", "其他结果", "Other result"),
        ("pending", "尚未审结", "Pending"),
        ("total", "总计", "Total"),
    ];

    /// <summary>Channel and prose figures of sections 一 and 六.</summary>
    public static readonly IReadOnlyList<(string Code, string Zh, string En, MetricKind Kind, string UnitZh, string UnitEn)> ProseFigures =
    [
        ("ch.website", "网站", "Website", MetricKind.Count, "条", "items"),
        ("ch.weibo", "微博", "Weibo", MetricKind.Count, "条", "items"),
        ("ch.wechat", "微信公众号", "WeChat", MetricKind.Count, "条", "items"),
        ("ch.short_video", "抖音/视频号/短视频", "Short video", MetricKind.Count, "条", "items"),
        ("ch.app", "客户端/APP/小程序", "App / mini-program", MetricKind.Count, "条", "items"),
        ("ch.gazette", "政府公报", "Government gazette", MetricKind.Count, "条", "items"),
        ("ch.press_conference", "新闻发布会", "Press conferences", MetricKind.Count, "场", "events"),
        ("ch.other", "其他渠道", "Other channels", MetricKind.Count, "条", "items"),
        ("ch.total", "主动公开政府信息总数", "Proactively disclosed items (total)", MetricKind.Count, "条", "items"),
        ("s1.public_message_replies", "回复网民留言", "Replies to public messages", MetricKind.Count, "条", "items"),
        ("s6.processing_fees_yuan", "信息处理费", "Information processing fees", MetricKind.Amount, "元", "yuan"),
    ];

    /// <summary>Every metric, in the order of the printed form.</summary>
    public static readonly IReadOnlyList<Metric> All = Build();

    private static readonly FrozenDictionary<string, Metric> ByCode =
        All.ToFrozenDictionary(m => m.Code, StringComparer.Ordinal);

    public static bool TryGet(string code, out Metric metric) => ByCode.TryGetValue(code, out metric!);

    public static Metric Get(string code) =>
        ByCode.TryGetValue(code, out var metric) ? metric : throw new KeyNotFoundException($"No metric '{code}' in the catalog.");

    /// <summary>The metrics of one format version.</summary>
    public static IEnumerable<Metric> For(FormatVersions version) => All.Where(m => (m.Versions & version) != 0);

    public static string T3(string row, string column) => $"t3.{row}.{column}";

    public static string T4(string group, string column) => $"t4.{group}.{column}";

    private static List<Metric> Build()
    {
        var list = new List<Metric>();

        void Add(string table, string row, string column, string rowZh, string rowEn, string colZh, string colEn,
            MetricKind kind, FormatVersions versions, string unitZh, string unitEn)
        {
            var code = column.Length == 0 ? $"{table}.{row}" : $"{table}.{row}.{column}";
            list.Add(new Metric
            {
                Code = code, Table = table, Row = row, Column = column,
                RowLabelZh = rowZh, RowLabelEn = rowEn, ColumnLabelZh = colZh, ColumnLabelEn = colEn,
                UnitZh = unitZh, UnitEn = unitEn, Kind = kind, Versions = versions, Order = list.Count,
            });
        }

        foreach (var (code, zh, en, kind, unitZh, unitEn) in ProseFigures)
        {
            var dot = code.IndexOf('.');
            Add(code[..dot], code[(dot + 1)..], "", zh, en, "", "", kind, FormatVersions.Both, unitZh, unitEn);
        }

        // T2, 2021 format: 第二十条第（一）项 then (五)(六)(八).
        foreach (var (row, zh, en) in new[] { ("regulations", "规章", "Regulations"), ("normative_docs", "行政规范性文件", "Normative documents") })
        {
            Add("t2", row, "issued", zh, en, "本年制发件数", "Issued this year", MetricKind.Count, FormatVersions.V2021, "件", "documents");
            Add("t2", row, "repealed", zh, en, "本年废止件数", "Repealed this year", MetricKind.Count, FormatVersions.V2021, "件", "documents");
            Add("t2", row, "in_force", zh, en, "现行有效件数", "In force", MetricKind.Count, FormatVersions.V2021, "件", "documents");
        }

        // T2, 2019 format: the same two rows with other columns.
        foreach (var (row, zh, en) in new[] { ("regulations", "规章", "Regulations"), ("normative_docs", "规范性文件", "Normative documents") })
        {
            Add("t2", row, "new_made", zh, en, "本年新制作数量", "Newly made this year", MetricKind.Count, FormatVersions.V2019, "件", "documents");
            Add("t2", row, "new_published", zh, en, "本年新公开数量", "Newly published this year", MetricKind.Count, FormatVersions.V2019, "件", "documents");
            Add("t2", row, "total_published", zh, en, "对外公开总数量", "Published in total", MetricKind.Count, FormatVersions.V2019, "件", "documents");
        }

        foreach (var (row, zh, en, versions) in new[]
        {
            ("admin_licensing", "行政许可", "Administrative licensing", FormatVersions.Both),
            ("other_external_services", "其他对外管理服务事项", "Other external services", FormatVersions.V2019),
            ("admin_penalty", "行政处罚", "Administrative penalties", FormatVersions.Both),
            ("admin_coercion", "行政强制", "Administrative coercion", FormatVersions.Both),
        })
        {
            // Every row of 第二十条第（五）（六）项 has these two columns in the 2019 form only.
            Add("t2", row, "prev_year_items", zh, en, "上一年项目数量", "Items last year", MetricKind.Count, FormatVersions.V2019, "项", "items");
            Add("t2", row, "change", zh, en, "本年增/减", "Change this year", MetricKind.SignedCount, FormatVersions.V2019, "项", "items");
            var decisionsLabel = versions == FormatVersions.V2019 ? "处理决定数量" : "本年处理决定数量";
            Add("t2", row, "decisions", zh, en, decisionsLabel, "Decisions this year", MetricKind.Count, versions, "件", "decisions");
        }

        Add("t2", "admin_fees", "amount", "行政事业性收费", "Administrative fees", "本年收费金额", "Amount collected this year",
            MetricKind.Amount, FormatVersions.V2021, "万元", "10k yuan");
        Add("t2", "admin_fees", "prev_year_items", "行政事业性收费", "Administrative fees", "上一年项目数量", "Items last year",
            MetricKind.Count, FormatVersions.V2019, "项", "items");
        Add("t2", "admin_fees", "change", "行政事业性收费", "Administrative fees", "本年增/减", "Change this year",
            MetricKind.SignedCount, FormatVersions.V2019, "项", "items");
        Add("t2", "central_procurement", "items", "政府集中采购", "Central government procurement", "采购项目数量", "Procurement items",
            MetricKind.Count, FormatVersions.V2019, "项", "items");
        Add("t2", "central_procurement", "amount", "政府集中采购", "Central government procurement", "采购总金额", "Procurement amount",
            MetricKind.Amount, FormatVersions.V2019, "元", "yuan");

        foreach (var (row, rowZh, rowEn, versions) in T3Rows)
        {
            foreach (var (column, colZh, colEn) in T3Columns)
            {
                Add("t3", row, column, rowZh, rowEn, colZh, colEn, MetricKind.Count, versions, "件", "requests");
            }
        }

        foreach (var (group, groupZh, groupEn) in T4Groups)
        {
            foreach (var (column, colZh, colEn) in T4Columns)
            {
                Add("t4", group, column, groupZh, groupEn, colZh, colEn, MetricKind.Count, FormatVersions.Both, "件", "cases");
            }
        }

        return list;
    }
}
