using System.Globalization;
using System.Text;
using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Analytics.Core.Synthetic;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>Every layout × encoding × delimiter: written, imported, exported, and compared with what was written.</summary>
public class RoundTripTests
{
    public static TheoryData<string, string, char> Cases()
    {
        var data = new TheoryData<string, string, char>();
        foreach (var layout in new[] { "long", "wide", "report" })
        {
            foreach (var encoding in TextEncodings.Names)
            {
                foreach (var delimiter in new[] { ',', '\t', ';' })
                {
                    data.Add(layout, encoding, delimiter);
                }
            }
        }
        return data;
    }

    // A name with a comma and quotes must survive quoting in every layout; full-width digits are folded.
    private static readonly SyntheticAgency Awkward = new("北京市\"阳光\"政务服务局, 东城分局", "110101", "北京市", "县级");

    private static List<SyntheticReport> Dataset()
    {
        var agencies = new[] { Awkward, SyntheticReports.Agencies(2)[1] };
        var reports = SyntheticReports.Generate(agencies, 2020, 2022).Where(r => r.Year != 2021).ToList();
        var first = reports[0];
        var values = first.Values.Select(v => v.Metric.Code == "t4.review.upheld" ? (v.Metric, "１２") : v).ToList();
        reports[0] = first with { Values = values };
        return reports;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ImportThenExportGivesBackEveryValue(string layout, string encoding, char delimiter)
    {
        using var w = new Workspace();
        var reports = Dataset();
        var newline = encoding is "utf-8-bom" or "utf-16be" ? "\r\n" : "\n";

        var files = new List<string>();
        if (layout == "report")
        {
            foreach (var report in reports)
            {
                files.Add(w.Write($"{report.Agency.Code}-{report.Year}.txt", Encode(ReportTextWriter.Write(report, delimiter), encoding, newline)));
            }
        }
        else
        {
            var text = new StringWriter();
            if (layout == "long")
            {
                SyntheticReports.WriteLong(text, reports, chineseHeaders: encoding == "gb18030", delimiter);
            }
            else
            {
                SyntheticReports.WriteWide(text, reports, FormatVersions.Both, delimiter);
            }
            files.Add(w.Write($"batch.{(delimiter == '\t' ? "tsv" : "csv")}", Encode(text.ToString(), encoding, newline)));
        }

        foreach (var file in files)
        {
            var result = w.Import(file);
            Assert.True(result.Status == "loaded", $"{result.Status}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            Assert.Equal(layout, result.Layout);
            Assert.Equal(encoding, result.Encoding);
        }
        Assert.Equal(Expected(reports, layout), w.Export());
    }

    /// <summary>What export must print: every value written, canonical; the wide layout's empty cells as "not reported".</summary>
    private static string Expected(List<SyntheticReport> reports, string layout)
    {
        var rows = new List<(string Agency, int Year, string Metric, string Value)>();
        foreach (var report in reports)
        {
            var given = report.Values.ToDictionary(v => v.Metric.Code, v => v.Value);
            var metrics = layout == "wide" ? MetricCatalog.For(report.Version).Select(m => m.Code) : given.Keys;
            foreach (var code in metrics)
            {
                rows.Add((report.Agency.Name, report.Year, code, Canonical(given.GetValueOrDefault(code, ""))));
            }
        }
        var sb = new StringBuilder("agency,year,metric,value\n");
        foreach (var r in rows.OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.Year).ThenBy(r => r.Metric, StringComparer.Ordinal))
        {
            var agency = r.Agency.Contains(',') || r.Agency.Contains('"') ? "\"" + r.Agency.Replace("\"", "\"\"") + "\"" : r.Agency;
            sb.Append(CultureInfo.InvariantCulture, $"{agency},{r.Year},{r.Metric},{r.Value}\n");
        }
        return sb.ToString();
    }

    private static string Canonical(string text) => text is "" or "/"
        ? text
        : ((double)decimal.Parse(ValueParser.Normalize(text), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);

    private static byte[] Encode(string text, string encoding, string newline) =>
        TextEncodings.Encode(text.Replace("\n", newline, StringComparison.Ordinal), encoding);
}
