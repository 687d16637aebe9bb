using System.Globalization;
using Analytics.Core.Reading;
using CsvHelper;

namespace Analytics.Core.Storage;

/// <summary>
/// Writes every current value as CSV (<c>agency,year,metric,value</c>), sorted, streaming from the database:
/// numbers in invariant culture, not reported as an empty value, not applicable as "/", text as printed.
/// </summary>
public static class ExportWriter
{
    public static long Write(AnalyticsDatabase database, Stream output, bool byteOrderMark = false)
    {
        using var connection = database.OpenRead();
        using var command = connection.CreateCommand();
        // No time limit: on a large store the sort before the first row can take longer than the 30 s default.
        command.CommandTimeout = 0;
        command.CommandText =
            """
            SELECT a.name, r.year, m.code, c.state, c.value, c.raw
            FROM reports r
            JOIN agencies a ON a.id = r.agency_id
            JOIN cell_values c ON c.revision_id = r.current_revision_id
            JOIN metrics m ON m.id = c.metric_id
            ORDER BY a.name, r.year, m.code
            """;
        using var reader = command.ExecuteReader();
        using var csv = CsvWriter.Create(output, new CsvWriterOptions
        {
            NewLine = "\n",
            WriteByteOrderMark = byteOrderMark,
            // A cell starting with = + - @ would run as a formula in Excel.
            Injection = CsvInjection.Escape,
            FormatProvider = CultureInfo.InvariantCulture,
        }, leaveOpen: true);
        foreach (var name in (string[])["agency", "year", "metric", "value"])
        {
            csv.WriteField(name);
        }
        csv.EndRecord();
        long count = 0;
        while (reader.Read())
        {
            csv.WriteField(reader.GetString(0));
            csv.WriteField<long>(reader.GetInt64(1), default);
            csv.WriteField(reader.GetString(2));
            switch ((CellState)reader.GetInt64(3))
            {
                case CellState.Number:
                    csv.WriteField<double>(reader.GetDouble(4), default);
                    break;
                case CellState.NotApplicable:
                    csv.WriteField("/");
                    break;
                case CellState.Text:
                    csv.WriteField(reader.GetString(5));
                    break;
                default:
                    csv.WriteField("");
                    break;
            }
            csv.EndRecord();
            count++;
        }
        csv.Flush();
        return count;
    }
}
