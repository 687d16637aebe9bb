using System.Globalization;
using Analytics.Core.Storage;
using CsvHelper;

namespace Analytics.Etl.Cli;

/// <summary>The findings as CSV, one per line, in agency, year, rule order.</summary>
internal static class FindingsCsv
{
    public static void Write(Stream output, IEnumerable<FindingRow> findings)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        foreach (var name in (string[])["agency", "year", "rule", "severity", "subject", "left", "right", "message"])
        {
            csv.WriteField(name);
        }
        csv.EndRecord();
        foreach (var f in findings)
        {
            csv.WriteField(f.Agency);
            csv.WriteField<long>(f.Year, default);
            csv.WriteField(f.Rule);
            csv.WriteField(f.Severity);
            csv.WriteField(f.Subject);
            csv.WriteField<double>(f.LeftValue, default);
            csv.WriteField<double>(f.RightValue, default);
            csv.WriteField(f.Message);
            csv.EndRecord();
        }
        csv.Flush();
    }
}
