using System.Text;
using CsvHelper;

namespace Analytics.Core.Reading;

/// <summary>
/// Streams the records of a delimited file through CsvHelper with line numbers, reporting bad quoting
/// as located errors instead of throwing. Memory stays flat: only the current record is held.
/// </summary>
internal sealed class DelimitedReader : IDisposable
{
    private const int MaxRecordMegabytes = 16;

    private readonly CsvReader _csv;
    private readonly Stream _stream;
    private CsvMalformedRecord? _malformed;

    public DelimitedReader(SourceFile file, char delimiter)
    {
        _stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            // Templates carry the official labels on a comment line under the header.
            CommentPrefix = '#',
            // A quoted field may not run over a line break: one stray quote then spoils one record, not the file.
            AllowLineBreaksInQuotes = false,
            // Guards against a file that is one enormous line.
            MaxRecordSize = MaxRecordMegabytes << 20,
            OnMalformedRecord = record => _malformed ??= record,
            // Agency names, years and metric codes repeat on every line: one string each.
            PoolStrings = true,
        };
        if (file.Encoding is UTF8Encoding)
        {
            _csv = CsvReader.Create(_stream, options, leaveOpen: false);
        }
        else
        {
            _csv = CsvReader.Create(new StreamReader(_stream, file.Encoding!, detectEncodingFromByteOrderMarks: true), options, leaveOpen: false);
        }
    }

    public long Line => _csv.LineNumber;

    public long ByteOffset => _stream.CanSeek ? _stream.Position : 0;

    public int FieldCount => _csv.FieldCount;

    /// <summary>The quoting problem of the current record, if it had one.</summary>
    public CsvMalformedRecord? Malformed => _malformed;

    /// <summary>Why <see cref="Read"/> stopped before the end of the file, when it met a record it cannot read.</summary>
    public ReadError? Failure { get; private set; }

    /// <summary>Moves to the next record; false at the end of the file, or at a record too long to read (see <see cref="Failure"/>).</summary>
    public bool Read()
    {
        _malformed = null;
        try
        {
            return _csv.Read();
        }
        catch (CsvFormatException ex)
        {
            // Bad quoting is reported, not thrown, so what is left is a record past MaxRecordSize. Reading cannot go
            // on past it, but the clerk still gets the line and a reason instead of a parser's message.
            var line = ex.LineNumber > 0 ? ex.LineNumber : _csv.LineNumber + 1;
            Failure = new ReadError(ErrorCode.LineTooLong, line, 0, Detail: MaxRecordMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return false;
        }
    }

    public string Field(int index) => _csv.GetString(index) ?? "";

    /// <summary>True when every field of the current record is blank (Excel writes ",,,," rows).</summary>
    public bool IsBlank()
    {
        // Looks at the UTF-8 bytes in place: no strings for the common, non-blank row.
        for (var i = 0; i < _csv.FieldCount; i++)
        {
            foreach (var b in _csv.GetSpan(i))
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }
        return true;
    }

    public void Dispose() => _csv.Dispose();
}
