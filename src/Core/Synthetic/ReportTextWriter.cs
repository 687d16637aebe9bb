using System.Text;
using Analytics.Core.Catalog;

namespace Analytics.Core.Synthetic;

/// <summary>
/// Writes an agency-year as a clean published report in the national format (like the sample): title, the
/// channel sentences of section 一, tables T2–T4. With a delimiter other than tab it is "the tables saved as CSV".
/// </summary>
public static class ReportTextWriter
{
    public static string Write(SyntheticReport report, char delimiter = '\t')
    {
        var values = report.Values.ToDictionary(v => v.Metric.Code, v => v.Value, StringComparer.Ordinal);
        string V(string code) => values.GetValueOrDefault(code, "");
        var d = delimiter.ToString();
        string Row(params string[] cells) => string.Join(d, cells.Select(c => Quote(c, delimiter)));
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"{report.Agency.Name}{report.Year}年政府信息公开工作年度报告");
        Line();
        Line("一、总体情况");
        Line();
        var channels = new List<string>();
        foreach (var (code, label) in new[] { ("ch.website", "网站"), ("ch.weibo", "微博"), ("ch.wechat", "微信公众号"), ("ch.short_video", "抖音"), ("ch.app", "客户端"), ("ch.gazette", "政府公报") })
        {
            if (values.TryGetValue(code, out var n))
            {
                channels.Add($"{label}发布信息 {n} 条");
            }
        }
        if (values.TryGetValue("ch.total", out var total))
        {
            Line($"{report.Year} 年累计主动公开政府信息 {total} 条，其中{string.Join("，", channels)}。");
        }
        if (values.TryGetValue("ch.press_conference", out var press))
        {
            Line($"全年召开新闻发布会 {press} 场。");
        }
        if (values.TryGetValue("s1.public_message_replies", out var replies))
        {
            Line($"回复网民留言 {replies} 条，做好政策解读工作。");
        }
        Line();
        Line("二、主动公开政府信息情况");
        Line();
        if (report.Version == FormatVersions.V2021)
        {
            Line(Row("第二十条第（一）项", "", "", ""));
            Line(Row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"));
            Line(Row("规章", V("t2.regulations.issued"), V("t2.regulations.repealed"), V("t2.regulations.in_force")));
            Line(Row("行政规范性文件", V("t2.normative_docs.issued"), V("t2.normative_docs.repealed"), V("t2.normative_docs.in_force")));
            Line(Row("第二十条第（五）项", "", "", ""));
            Line(Row("信息内容", "本年处理决定数量"));
            Line(Row("行政许可", V("t2.admin_licensing.decisions")));
            Line(Row("第二十条第（六）项", "", "", ""));
            Line(Row("信息内容", "本年处理决定数量"));
            Line(Row("行政处罚", V("t2.admin_penalty.decisions")));
            Line(Row("行政强制", V("t2.admin_coercion.decisions")));
            Line(Row("第二十条第（八）项", "", "", ""));
            Line(Row("信息内容", "本年收费金额（单位：万元）"));
            Line(Row("行政事业性收费", V("t2.admin_fees.amount")));
        }
        else
        {
            Line(Row("第二十条第（一）项", "", "", ""));
            Line(Row("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"));
            Line(Row("规章", V("t2.regulations.new_made"), V("t2.regulations.new_published"), V("t2.regulations.total_published")));
            Line(Row("规范性文件", V("t2.normative_docs.new_made"), V("t2.normative_docs.new_published"), V("t2.normative_docs.total_published")));
            Line(Row("第二十条第（五）项", "", "", ""));
            Line(Row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"));
            foreach (var (row, label) in new[] { ("admin_licensing", "行政许可"), ("other_external_services", "其他对外管理服务事项") })
            {
                Line(Row(label, V($"t2.{row}.prev_year_items"), V($"t2.{row}.change"), V($"t2.{row}.decisions")));
            }
            Line(Row("第二十条第（六）项", "", "", ""));
            Line(Row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"));
            foreach (var (row, label) in new[] { ("admin_penalty", "行政处罚"), ("admin_coercion", "行政强制") })
            {
                Line(Row(label, V($"t2.{row}.prev_year_items"), V($"t2.{row}.change"), V($"t2.{row}.decisions")));
            }
            Line(Row("第二十条第（八）项", "", "", ""));
            Line(Row("信息内容", "上一年项目数量", "本年增/减"));
            Line(Row("行政事业性收费", V("t2.admin_fees.prev_year_items"), V("t2.admin_fees.change")));
            Line(Row("第二十条第（九）项", "", "", ""));
            Line(Row("信息内容", "采购项目数量", "采购总金额"));
            Line(Row("政府集中采购", V("t2.central_procurement.items"), V("t2.central_procurement.amount")));
        }
        Line();
        Line("三、收到和处理政府信息公开申请情况");
        Line();
        Line(Row("(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "", "申请人情况", "", "", "", "", "", "", ""));
        Line(Row("", "", "自然人", "法人或其他组织", "", "", "", "", "总计"));
        Line(Row("", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""));
        foreach (var (row, label, _, versions) in MetricCatalog.T3Rows)
        {
            if ((versions & report.Version) == 0)
            {
                continue;
            }
            var printed = row == "other_misc" && report.Version == FormatVersions.V2019 ? "（六）其他处理" : label;
            var cells = new List<string> { printed, "" };
            cells.AddRange(MetricCatalog.T3Columns.Select(c => V(MetricCatalog.T3(row, c.Code))));
            Line(Row([.. cells]));
        }
        Line();
        Line("四、政府信息公开行政复议、行政诉讼情况");
        Line();
        Line(Row("行政复议", "", "", "", "", "行政诉讼"));
        Line(Row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"));
        var t4 = MetricCatalog.T4Groups.SelectMany(g => MetricCatalog.T4Columns.Select(c => V(MetricCatalog.T4(g.Code, c.Code)))).ToArray();
        Line(Row(t4));
        Line();
        Line("五、存在的主要问题及改进情况");
        Line();
        Line("信息公开的内容有待进一步完善。");
        Line();
        Line("六、其他需要报告的事项");
        Line();
        var fees = V("s6.processing_fees_yuan");
        Line(fees is "" or "0" ? $"{report.Year}年未收取信息公开处理费用。" : $"{report.Year}年收取信息处理费 {fees} 元。");
        return sb.ToString();
    }

    private static string Quote(string text, char delimiter) =>
        delimiter != '\t' && (text.Contains(delimiter) || text.Contains('"')) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
