using System.Globalization;
using System.Text;
using Analytics.Core.Catalog;

namespace Analytics.Core.Synthetic;

/// <summary>A made-up agency with the attributes the layouts carry.</summary>
public sealed record SyntheticAgency(string Name, string Code, string Region, string Level);

/// <summary>One made-up agency-year: every value as the text a clerk would type.</summary>
public sealed record SyntheticReport(SyntheticAgency Agency, int Year, FormatVersions Version, IReadOnlyList<(Metric Metric, string Value)> Values);

/// <summary>
/// Plausible, deterministic report figures that keep the form's arithmetic (R1–R4, R6–R8) unless asked to break
/// it: the demo data, the benchmark's files and the large batches of tests all come from here.
/// </summary>
public static class SyntheticReports
{
    private static readonly string[] Regions = ["北京市", "上海市", "浙江省", "广东省", "四川省", "河南省"];

    private static readonly string[] Departments =
        ["教育局", "生态环境局", "自然资源局", "市场监督管理局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "卫生健康委员会", "财政局", "公安局", "民政局", "农业农村局"];

    private static readonly Dictionary<string, string[]> Cities = new()
    {
        ["北京市"] = ["北京市", "海淀区", "朝阳区"],
        ["上海市"] = ["上海市", "浦东新区", "徐汇区"],
        ["浙江省"] = ["杭州市", "宁波市", "余杭区"],
        ["广东省"] = ["广州市", "深圳市", "南山区"],
        ["四川省"] = ["成都市", "绵阳市", "武侯区"],
        ["河南省"] = ["郑州市", "洛阳市", "济源市"],
    };

    /// <summary><paramref name="count"/> agencies spread over regions and the provincial, city and county levels.</summary>
    public static IReadOnlyList<SyntheticAgency> Agencies(int count)
    {
        var list = new List<SyntheticAgency>(count);
        for (var i = 0; i < count; i++)
        {
            var region = Regions[i % Regions.Length];
            var tier = i / Regions.Length % 3;
            var department = Departments[(i / (Regions.Length * 3) + i) % Departments.Length];
            var place = tier == 0 ? (region.EndsWith('省') ? region : Cities[region][0]) : Cities[region][tier];
            var level = tier switch { 0 => "省级", 1 => "市级", _ => "县级" };
            var name = place + (tier == 0 && region.EndsWith('省') ? department.Replace("局", "厅", StringComparison.Ordinal) : department);
            var serial = i / (Regions.Length * 3 * Departments.Length);
            if (serial > 0)
            {
                name += $"（{serial + 1}）";
            }
            var code = string.Create(CultureInfo.InvariantCulture, $"11{i % Regions.Length + 1:00}{tier}{i:000000}");
            list.Add(new SyntheticAgency(name, code, region, level));
        }
        return list;
    }

    /// <summary>
    /// Reports for every agency and year, in agency then year order. <paramref name="breakRules"/> picks agency-years
    /// (by index into the sequence) whose figures are deliberately made inconsistent.
    /// </summary>
    public static IEnumerable<SyntheticReport> Generate(IReadOnlyList<SyntheticAgency> agencies, int firstYear, int lastYear, int seed = 2024,
        Func<int, string?>? breakRules = null)
    {
        var random = new Random(seed);
        var index = 0;
        foreach (var agency in agencies)
        {
            var size = agency.Level switch { "省级" => 6.0, "市级" => 3.0, _ => 1.0 } * (0.5 + random.NextDouble());
            var carried = new long[6];
            long regulationsInForce = random.Next(0, 20), normativeInForce = random.Next(5, 60);
            var licensing = (long)(random.Next(50, 400) * size);
            for (var year = firstYear; year <= lastYear; year++)
            {
                var version = FormatVersionNames.DefaultForYear(year);
                var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
                var broken = breakRules?.Invoke(index);
                var growth = 1 + (year - firstYear) * 0.12;

                // T3: requests by applicant, outcomes that add up, and a backlog that carries into next year.
                var t3 = new Dictionary<string, long[]>(StringComparer.Ordinal);
                foreach (var (row, _, _, versions) in MetricCatalog.T3Rows)
                {
                    if ((versions & version) != 0)
                    {
                        t3[row] = new long[7];
                    }
                }
                double[] share = [0.72, 0.12, 0.02, 0.03, 0.05, 0.06];
                var outcomes = MetricCatalog.T3OutcomeRows.Where(t3.ContainsKey).ToArray();
                double[] weights = [.. outcomes.Select(o => o switch
                {
                    "granted" => 40.0, "partially_granted" => 8, "unable_not_held" => 20, "denied_process_info" => 3,
                    "np_petition_complaint" => 5, "np_duplicate" => 3, "other_misc" => 4, "results_total" => 0, _ => 0.6,
                })];
                for (var c = 0; c < 6; c++)
                {
                    var received = (long)Math.Round(random.Next(5, 60) * size * growth * share[c] * 3);
                    t3["new_received"][c] = received;
                    t3["carried_over"][c] = carried[c];
                    var open = received + carried[c];
                    var forward = (long)Math.Floor(open * random.NextDouble() * 0.12);
                    var done = open - forward;
                    var remaining = done;
                    for (var o = 0; o < outcomes.Length; o++)
                    {
                        if (outcomes[o] == "results_total")
                        {
                            continue;
                        }
                        var portion = o == 0 ? 0 : (long)Math.Floor(done * weights[o] / weights.Sum() * random.NextDouble() * 2);
                        portion = Math.Min(portion, remaining);
                        t3[outcomes[o]][c] = portion;
                        remaining -= portion;
                    }
                    t3["granted"][c] += remaining;
                    t3["results_total"][c] = done;
                    t3["carried_forward"][c] = forward;
                    carried[c] = forward;
                }
                foreach (var row in t3.Values)
                {
                    row[6] = row.Take(6).Sum();
                }
                if (broken == "R1")
                {
                    t3["carried_forward"][0] += 2;
                    t3["carried_forward"][6] += 2;
                }
                if (broken == "R2")
                {
                    t3["new_received"][6] += 1;
                }
                if (broken == "R3")
                {
                    t3["granted"][1] += 1;
                    t3["granted"][6] += 1;
                }
                if (broken == "R6")
                {
                    t3["carried_over"][0] += 1;
                    t3["results_total"][0] += 1;
                    t3["granted"][0] += 1;
                    foreach (var row in new[] { "carried_over", "results_total", "granted" })
                    {
                        t3[row][6] = t3[row].Take(6).Sum();
                    }
                }
                foreach (var (row, cells) in t3)
                {
                    for (var c = 0; c < 7; c++)
                    {
                        values[MetricCatalog.T3(row, MetricCatalog.T3Columns[c].Code)] = cells[c];
                    }
                }

                // T4: reconsideration and lawsuits, rare and mostly upheld.
                foreach (var (group, _, _) in MetricCatalog.T4Groups)
                {
                    long upheld = (long)(random.Next(0, 6) * size), corrected = random.Next(0, 3), other = random.Next(0, 2), pending = random.Next(0, 2);
                    values[MetricCatalog.T4(group, "upheld")] = upheld;
                    values[MetricCatalog.T4(group, "corrected")] = corrected;
                    values[MetricCatalog.T4(group, "other")] = other;
                    values[MetricCatalog.T4(group, "pending")] = pending;
                    values[MetricCatalog.T4(group, "total")] = upheld + corrected + other + pending + (broken == "R4" && group == "review" ? 1 : 0);
                }

                // T2: rules in force as a stock that issues and repeals move.
                if (version == FormatVersions.V2021)
                {
                    long regIssued = random.Next(0, 3), regRepealed = Math.Min(regulationsInForce, random.Next(0, 2));
                    long docIssued = (long)(random.Next(1, 10) * size), docRepealed = Math.Min(normativeInForce, random.Next(0, 6));
                    regulationsInForce += regIssued - regRepealed;
                    normativeInForce += docIssued - docRepealed + (broken == "R7" ? 3 : 0);
                    values["t2.regulations.issued"] = regIssued;
                    values["t2.regulations.repealed"] = regRepealed;
                    values["t2.regulations.in_force"] = regulationsInForce;
                    values["t2.normative_docs.issued"] = docIssued;
                    values["t2.normative_docs.repealed"] = docRepealed;
                    values["t2.normative_docs.in_force"] = normativeInForce;
                    values["t2.admin_licensing.decisions"] = licensing = (long)(licensing * (0.9 + random.NextDouble() * 0.3));
                    values["t2.admin_penalty.decisions"] = (long)(random.Next(0, 200) * size);
                    values["t2.admin_coercion.decisions"] = (long)(random.Next(0, 30) * size);
                    values["t2.admin_fees.amount"] = Math.Round((decimal)(random.NextDouble() * 50 * size), 2);
                }
                else
                {
                    foreach (var row in new[] { "regulations", "normative_docs" })
                    {
                        long made = random.Next(0, 8), published = made;
                        values[$"t2.{row}.new_made"] = made;
                        values[$"t2.{row}.new_published"] = published;
                        values[$"t2.{row}.total_published"] = (row == "regulations" ? regulationsInForce : normativeInForce) + published;
                    }
                    foreach (var row in new[] { "admin_licensing", "other_external_services", "admin_penalty", "admin_coercion" })
                    {
                        values[$"t2.{row}.prev_year_items"] = random.Next(5, 120);
                        values[$"t2.{row}.change"] = random.Next(-5, 6);
                        values[$"t2.{row}.decisions"] = row == "admin_licensing" ? licensing : (long)(random.Next(0, 150) * size);
                    }
                    values["t2.admin_fees.prev_year_items"] = random.Next(0, 12);
                    values["t2.admin_fees.change"] = random.Next(-2, 2);
                    values["t2.central_procurement.items"] = random.Next(0, 40);
                    values["t2.central_procurement.amount"] = random.Next(0, 5_000_000);
                }

                // Section 一: channels; the total is at least their sum (items go out on several channels).
                var website = (long)(random.Next(150, 900) * size * growth);
                var weibo = (long)(website * random.NextDouble() * 0.8);
                var wechat = (long)(website * (0.3 + random.NextDouble()));
                values["ch.website"] = website;
                values["ch.weibo"] = weibo;
                values["ch.wechat"] = wechat;
                if (year >= 2021 && index % 3 == 0)
                {
                    values["ch.short_video"] = (long)(wechat * random.NextDouble() * 0.4);
                }
                values["ch.total"] = values.Where(v => v.Key.StartsWith("ch.", StringComparison.Ordinal)).Sum(v => v.Value)
                    + random.Next(0, 200) - (broken == "R8" ? website : 0);
                values["s1.public_message_replies"] = random.Next(0, 300);
                values["s6.processing_fees_yuan"] = 0;

                var list = new List<(Metric, string)>(values.Count);
                foreach (var metric in MetricCatalog.For(version))
                {
                    if (values.TryGetValue(metric.Code, out var v))
                    {
                        list.Add((metric, v.ToString(CultureInfo.InvariantCulture)));
                    }
                }
                if (version == FormatVersions.V2019 && index % 7 == 3)
                {
                    // Some agencies run no procurement of their own: 不适用.
                    var at = list.FindIndex(p => p.Item1.Code == "t2.central_procurement.amount");
                    list[at] = (list[at].Item1, "/");
                }
                yield return new SyntheticReport(agency, year, version, list);
                index++;
            }
        }
    }

    /// <summary>Writes reports in the long layout, with optional attribute columns and Chinese headers.</summary>
    public static void WriteLong(TextWriter writer, IEnumerable<SyntheticReport> reports, bool chineseHeaders = false, char delimiter = ',')
    {
        var d = delimiter.ToString();
        writer.Write(string.Join(d, chineseHeaders
            ? new[] { "机关名称", "年度", "指标", "数值", "机关代码", "地区", "层级" }
            : ["agency", "year", "metric", "value", "agency_code", "region", "level"]));
        writer.Write('\n');
        foreach (var report in reports)
        {
            var prefix = Quote(report.Agency.Name, delimiter) + d + report.Year.ToString(CultureInfo.InvariantCulture) + d;
            var suffix = d + report.Agency.Code + d + report.Agency.Region + d + report.Agency.Level + "\n";
            foreach (var (metric, value) in report.Values)
            {
                writer.Write(prefix);
                writer.Write(metric.Code);
                writer.Write(d);
                writer.Write(value);
                writer.Write(suffix);
            }
        }
    }

    /// <summary>Writes reports in the wide layout: one line per agency-year, a column per metric of both versions.</summary>
    public static void WriteWide(TextWriter writer, IEnumerable<SyntheticReport> reports, FormatVersions columns = FormatVersions.Both, char delimiter = ',')
    {
        var metrics = MetricCatalog.For(columns).ToList();
        var d = delimiter.ToString();
        writer.Write("agency" + d + "year" + d + "agency_code" + d + "region" + d + "level" + d + string.Join(d, metrics.Select(m => m.Code)) + "\n");
        var line = new StringBuilder();
        foreach (var report in reports)
        {
            var byCode = report.Values.ToDictionary(v => v.Metric.Code, v => v.Value, StringComparer.Ordinal);
            line.Clear();
            line.Append(Quote(report.Agency.Name, delimiter)).Append(d).Append(report.Year.ToString(CultureInfo.InvariantCulture)).Append(d)
                .Append(report.Agency.Code).Append(d).Append(report.Agency.Region).Append(d).Append(report.Agency.Level);
            foreach (var metric in metrics)
            {
                line.Append(d).Append(byCode.GetValueOrDefault(metric.Code, ""));
            }
            writer.Write(line.Append('\n'));
        }
    }

    private static string Quote(string text, char delimiter) =>
        text.Contains(delimiter) || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
