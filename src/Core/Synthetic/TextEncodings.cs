using System.Text;
using Analytics.Core.Reading;

namespace Analytics.Core.Synthetic;

/// <summary>Bytes of a text in each encoding the loader recognises, named as <see cref="SourceFile.EncodingName"/> names them.</summary>
public static class TextEncodings
{
    public static readonly IReadOnlyList<string> Names = ["utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be"];

    public static byte[] Encode(string text, string name) => name switch
    {
        "utf-8" => new UTF8Encoding(false).GetBytes(text),
        "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        "gb18030" => SourceFile.Gb18030.GetBytes(text),
        "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an encoding the loader recognises."),
    };
}
