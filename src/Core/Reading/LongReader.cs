using Analytics.Core.Catalog;

namespace Analytics.Core.Reading;

/// <summary>The long layout: one value per line, <c>agency,year,metric,value</c> plus optional attribute columns.</summary>
internal static class LongReader
{
    private static readonly string[] Required = [HeaderNames.Agency, HeaderNames.Year, HeaderNames.Metric, HeaderNames.Value];

    public static IEnumerable<ReadItem> Read(SourceFile file, char delimiter, ReadOptions options, ReadProgress progress)
    {
        using var csv = new DelimitedReader(file, delimiter);
        if (!csv.Read())
        {
            yield return csv.Failure ?? new ReadError(ErrorCode.NoDataRows, 0, 0);
            yield break;
        }
        var headerLine = csv.Line;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new string[csv.FieldCount];
        var headerOk = true;
        for (var i = 0; i < csv.FieldCount; i++)
        {
            names[i] = csv.Field(i).Trim();
            var canonical = HeaderNames.Canonical(names[i]);
            if (canonical is null)
            {
                headerOk = false;
                yield return new ReadError(ErrorCode.UnknownColumn, headerLine, i + 1, null, names[i]);
            }
            else if (!columns.TryAdd(canonical, i))
            {
                headerOk = false;
                yield return new ReadError(ErrorCode.DuplicateColumn, headerLine, i + 1, null, names[i]);
            }
        }
        foreach (var name in Required.Where(n => !columns.ContainsKey(n)))
        {
            headerOk = false;
            yield return new ReadError(ErrorCode.MissingColumn, headerLine, 0, Detail: name);
        }
        if (!headerOk)
        {
            yield break;
        }

        int agencyCol = columns[HeaderNames.Agency], yearCol = columns[HeaderNames.Year];
        int metricCol = columns[HeaderNames.Metric], valueCol = columns[HeaderNames.Value];
        var codeCol = columns.GetValueOrDefault(HeaderNames.AgencyCode, -1);
        var regionCol = columns.GetValueOrDefault(HeaderNames.Region, -1);
        var levelCol = columns.GetValueOrDefault(HeaderNames.Level, -1);
        var agencies = new Dictionary<string, AgencyRef>(StringComparer.Ordinal);
        var cleanNames = new RowFields.NameCleaner();
        var metricsByText = new Dictionary<string, Metric?>(StringComparer.Ordinal);
        long rows = 0;

        while (csv.Read())
        {
            var line = csv.Line;
            if (csv.Malformed is { } bad)
            {
                yield return new ReadError(ErrorCode.BadQuoting, line, RowFields.QuoteColumn(bad.RawRecord, delimiter), Detail: RowFields.Describe(bad.Reason));
                continue;
            }
            if (csv.IsBlank())
            {
                continue;
            }
            rows++;
            if (rows % 4096 == 0)
            {
                progress.Report(csv.ByteOffset, rows);
            }
            if (csv.FieldCount != names.Length)
            {
                // Name the first column that is extra, or the first one missing.
                yield return new ReadError(ErrorCode.WrongFieldCount, line, Math.Min(csv.FieldCount, names.Length) + 1, Detail: $"{csv.FieldCount}|{names.Length}");
                continue;
            }

            var agencyName = cleanNames.Clean(csv.Field(agencyCol));
            if (agencyName.Length == 0)
            {
                yield return new ReadError(ErrorCode.EmptyAgency, line, agencyCol + 1, names[agencyCol]);
                continue;
            }
            if (RowFields.CheckAgency(agencyName, line, agencyCol + 1, names[agencyCol]) is { } nameError)
            {
                yield return nameError;
                continue;
            }
            var yearError = RowFields.ParseYear(csv.Field(yearCol), options, line, yearCol + 1, names[yearCol], out var year);
            if (yearError is not null)
            {
                yield return yearError;
                continue;
            }
            var codeText = csv.Field(metricCol);
            if (!metricsByText.TryGetValue(codeText, out var metric))
            {
                metric = MetricCatalog.TryGet(codeText.Trim().ToLowerInvariant(), out var found) ? found : null;
                metricsByText[codeText] = metric;
            }
            if (metric is null)
            {
                yield return new ReadError(ErrorCode.UnknownMetric, line, metricCol + 1, names[metricCol], csv.Field(metricCol));
                continue;
            }
            var raw = csv.Field(valueCol);
            var valueError = ValueParser.TryParse(raw, metric.Kind, out var value);
            if (valueError is { } errorCode)
            {
                yield return new ReadError(errorCode, line, valueCol + 1, names[valueCol], raw);
                continue;
            }

            var agency = Agency(agencies, agencyName, csv, codeCol, regionCol, levelCol);
            yield return new ReadCell(agency, year, metric, value, line, valueCol + 1);
        }
        if (csv.Failure is { } failure)
        {
            yield return failure;
            yield break;
        }
        progress.Report(file.Length, rows);
        if (rows == 0)
        {
            yield return new ReadError(ErrorCode.NoDataRows, headerLine, 0);
        }
    }

    // One AgencyRef per distinct name and attributes, so a million rows do not make a million records. The cache
    // starts over past a few thousand agencies: a file lists an agency's rows together, and memory must not grow
    // with the number of agencies in it.
    internal static AgencyRef Agency(Dictionary<string, AgencyRef> cache, string name, DelimitedReader csv, int codeCol, int regionCol, int levelCol)
    {
        string? code = codeCol >= 0 ? RowFields.Optional(csv.Field(codeCol)) : null;
        string? region = regionCol >= 0 ? RowFields.Optional(csv.Field(regionCol)) : null;
        string? level = levelCol >= 0 ? RowFields.Optional(csv.Field(levelCol)) : null;
        if (cache.TryGetValue(name, out var known) && known.Code == code && known.Region == region && known.Level == level)
        {
            return known;
        }
        var agency = new AgencyRef(name, code, region, level);
        if (cache.Count >= RowFields.NameCleaner.Capacity)
        {
            cache.Clear();
        }
        cache[name] = agency;
        return agency;
    }
}
