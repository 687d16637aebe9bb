using Analytics.Core.Catalog;

namespace Analytics.Core.Reading;

/// <summary>The wide layout: one agency-year per line, <c>agency,year,</c> then one column per metric code.</summary>
internal static class WideReader
{
    public static IEnumerable<ReadItem> Read(SourceFile file, char delimiter, ReadOptions options, ReadProgress progress)
    {
        using var csv = new DelimitedReader(file, delimiter);
        if (!csv.Read())
        {
            yield return csv.Failure ?? new ReadError(ErrorCode.NoDataRows, 0, 0);
            yield break;
        }
        var headerLine = csv.Line;
        var names = new string[csv.FieldCount];
        var metrics = new Metric?[csv.FieldCount];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var headerOk = true;
        for (var i = 0; i < csv.FieldCount; i++)
        {
            names[i] = csv.Field(i).Trim();
            var canonical = HeaderNames.Canonical(names[i]);
            var key = canonical;
            if (canonical is null)
            {
                var code = HeaderNames.Clean(names[i]);
                if (MetricCatalog.TryGet(code, out var metric))
                {
                    metrics[i] = metric;
                    key = code;
                }
                else if (code.Length == 0 && i == csv.FieldCount - 1)
                {
                    continue; // a trailing separator after the last header cell
                }
                else
                {
                    headerOk = false;
                    yield return new ReadError(ErrorCode.UnknownColumn, headerLine, i + 1, null, names[i]);
                    continue;
                }
            }
            if (!columns.TryAdd(key!, i))
            {
                headerOk = false;
                yield return new ReadError(ErrorCode.DuplicateColumn, headerLine, i + 1, null, names[i]);
            }
        }
        foreach (var name in new[] { HeaderNames.Agency, HeaderNames.Year }.Where(n => !columns.ContainsKey(n)))
        {
            headerOk = false;
            yield return new ReadError(ErrorCode.MissingColumn, headerLine, 0, Detail: name);
        }
        if (headerOk && !metrics.Any(m => m is not null))
        {
            headerOk = false;
            yield return new ReadError(ErrorCode.MissingColumn, headerLine, 0, Detail: "metric code");
        }
        if (!headerOk)
        {
            yield break;
        }

        int agencyCol = columns[HeaderNames.Agency], yearCol = columns[HeaderNames.Year];
        var codeCol = columns.GetValueOrDefault(HeaderNames.AgencyCode, -1);
        var regionCol = columns.GetValueOrDefault(HeaderNames.Region, -1);
        var levelCol = columns.GetValueOrDefault(HeaderNames.Level, -1);
        var agencies = new Dictionary<string, AgencyRef>(StringComparer.Ordinal);
        var cleanNames = new RowFields.NameCleaner();
        var values = new CellValue[names.Length];
        var parsed = new bool[names.Length];
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
            if (rows % 256 == 0)
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

            // Parse the row first: its filled cells decide the format version, and a template that has the
            // columns of both versions leaves the other version's cells empty.
            var allowed = FormatVersions.Both;
            var rowOk = true;
            for (var i = 0; i < names.Length; i++)
            {
                parsed[i] = false;
                if (metrics[i] is not { } metric)
                {
                    continue;
                }
                var raw = csv.Field(i);
                if (ValueParser.TryParse(raw, metric.Kind, out values[i]) is { } errorCode)
                {
                    rowOk = false;
                    yield return new ReadError(errorCode, line, i + 1, names[i], raw);
                    continue;
                }
                parsed[i] = true;
                // Only a figure decides the version; "/" or an empty cell of the other version is simply left out.
                if (values[i].State is CellState.Number or CellState.Text && metric.Versions != FormatVersions.Both)
                {
                    if ((allowed & metric.Versions) == 0)
                    {
                        rowOk = false;
                        yield return new ReadError(ErrorCode.MixedFormatVersions, line, i + 1, names[i], metric.Code, metric.Versions.ToName());
                        continue;
                    }
                    allowed &= metric.Versions;
                }
            }
            if (!rowOk)
            {
                continue;
            }
            var version = allowed == FormatVersions.Both ? FormatVersionNames.DefaultForYear(year) : allowed;
            var agency = LongReader.Agency(agencies, agencyName, csv, codeCol, regionCol, levelCol);
            for (var i = 0; i < names.Length; i++)
            {
                if (parsed[i] && (metrics[i]!.Versions & version) != 0)
                {
                    yield return new ReadCell(agency, year, metrics[i]!, values[i], line, i + 1, version);
                }
            }
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
}
