using Analytics.Core.Reading;
using Analytics.Core.Storage;
using CsvHelper;

namespace Analytics.Etl.Ingestion;

/// <summary>The <c>&lt;name&gt;.errors.csv</c> kept beside a rejected file: UTF-8 with BOM so Excel shows Chinese.</summary>
public static class ErrorReport
{
    public static void Write(string path, string fileName, IEnumerable<ReadError> errors)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, fileName, errors);
    }

    public static void Write(Stream stream, string fileName, IEnumerable<ReadError> errors) =>
        Write(stream, fileName, errors.Select(e => new BatchErrorRow
        {
            Line = e.Line, ColumnNo = e.Column, ColumnName = e.ColumnName, Code = e.Code.ToString(), Value = e.Value, Message = e.Message, MessageZh = e.MessageZh,
        }));

    /// <summary>The errors as stored with the batch, messages exactly as the clerk first saw them.</summary>
    public static void Write(Stream stream, string fileName, IEnumerable<BatchErrorRow> errors)
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        foreach (var name in (string[])["file", "line", "column", "column_name", "code", "value", "message", "message_zh"])
        {
            csv.WriteField(name);
        }
        csv.EndRecord();
        foreach (var e in errors)
        {
            csv.WriteField(fileName);
            csv.WriteField<long>(e.Line, default);
            csv.WriteField<long>(e.ColumnNo, default);
            csv.WriteField(e.ColumnName ?? "");
            csv.WriteField(e.Code);
            csv.WriteField(e.Value ?? "");
            csv.WriteField(e.Message);
            csv.WriteField(e.MessageZh);
            csv.EndRecord();
        }
        csv.Flush();
    }
}
