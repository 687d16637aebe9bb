using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Analytics.Core.Reading;

/// <summary>What one pass over a file's bytes tells: its hash, size, encoding, and whether it is text at all.</summary>
public sealed record SourceFile
{
    public required string Path { get; init; }
    public required string Sha256 { get; init; }
    public required long Length { get; init; }

    /// <summary>The text encoding, or null when the file is not readable text (see <see cref="Error"/>).</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>utf-8, utf-8-bom, gb18030, utf-16le, utf-16be.</summary>
    public string EncodingName { get; init; } = "";

    public ReadError? Error { get; init; }

    /// <summary>The GB18030 encoding (a superset of GBK and GB2312), strict: invalid bytes throw.</summary>
    public static Encoding Gb18030 { get; } = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Hashes the file and works out its encoding in one streaming pass (a second only for non-UTF-8 text).</summary>
    public static SourceFile Inspect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Inspect(stream, path);
    }

    public static SourceFile Inspect(Stream stream, string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var utf8Valid = true;
        var hasNul = false;
        long length = 0;
        var head = new byte[8];
        var headLength = 0;
        // Bytes of a UTF-8 sequence cut by the end of the previous read, moved to the buffer's start.
        var carry = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0)
        {
            var fresh = buffer.AsSpan(carry, read);
            sha.AppendData(fresh);
            if (headLength < head.Length)
            {
                var take = Math.Min(head.Length - headLength, read);
                fresh[..take].CopyTo(head.AsSpan(headLength));
                headLength += take;
            }
            if (!hasNul && fresh.IndexOf((byte)0) >= 0)
            {
                hasNul = true;
            }
            var total = carry + read;
            carry = 0;
            if (utf8Valid)
            {
                // Validation without decoding: the hash sets the pace, so a duplicate costs about its hashing.
                var complete = total - IncompleteTail(buffer.AsSpan(0, total));
                utf8Valid = Utf8.IsValid(buffer.AsSpan(0, complete));
                buffer.AsSpan(complete, total - complete).CopyTo(buffer);
                carry = total - complete;
            }
            length += read;
        }
        if (carry > 0)
        {
            utf8Valid = false;
        }
        var chars = new char[buffer.Length + 8];
        var facts = new SourceFile { Path = path, Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()), Length = length };
        var h = head.AsSpan(0, headLength);

        if (length == 0)
        {
            return facts with { Error = new ReadError(ErrorCode.EmptyFile, 0, 0) };
        }
        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || h.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var bigEndian = h[0] == 0xFE;
            var utf16 = new UnicodeEncoding(bigEndian, byteOrderMark: true, throwOnInvalidBytes: true);
            return Validate(stream, utf16, buffer, chars) is { } bad
                ? facts with { Error = new ReadError(ErrorCode.Undecodable, 0, 0, Detail: (bad + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) }
                : facts with { Encoding = utf16, EncodingName = bigEndian ? "utf-16be" : "utf-16le" };
        }
        if (hasNul || LooksBinary(h))
        {
            return facts with { Error = new ReadError(ErrorCode.BinaryFile, 0, 0) };
        }
        if (utf8Valid && !DeclaresGbCharset(stream))
        {
            var bom = h.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
            return facts with { Encoding = new UTF8Encoding(false, true), EncodingName = bom ? "utf-8-bom" : "utf-8" };
        }

        // Not UTF-8: Excel on Chinese Windows writes GB18030/GBK. Check every byte decodes; name the first that does not.
        if (Validate(stream, Gb18030, buffer, chars) is { } failAt)
        {
            var line = LineAt(stream, failAt);
            return facts with { Error = new ReadError(ErrorCode.Undecodable, line, 0, Detail: (failAt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        }
        if (EncodingSwitch(stream, buffer) is { } mixed)
        {
            return facts with { Error = mixed };
        }
        return facts with { Encoding = Gb18030, EncodingName = "gb18030" };
    }

    /// <summary>
    /// In a file that is not UTF-8 as a whole but decodes as GB18030, the first line whose encoding differs from the
    /// lines with Chinese text before it. Joining a UTF-8 export to a GBK one gives such a file, and read as GB18030
    /// its UTF-8 lines would load as garbled names. A line counts as UTF-8 only when all of it is valid UTF-8 with at
    /// least two Chinese characters, which GBK text matches by chance too rarely to matter; ASCII lines count as neither.
    /// </summary>
    private static ReadError? EncodingSwitch(Stream stream, byte[] buffer)
    {
        stream.Position = 0;
        long line = 1;
        bool? firstIsUtf8 = null;
        // The line being scanned: any byte above ASCII, still valid UTF-8, bytes owed to a sequence, Chinese characters.
        var high = false;
        var valid = true;
        int need = 0, codePoint = 0, length = 0, chinese = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (need > 0 && (b & 0xC0) == 0x80)
                {
                    codePoint = (codePoint << 6) | (b & 0x3F);
                    if (--need == 0 && length == 3 && codePoint is >= 0x4E00 and <= 0x9FFF)
                    {
                        chinese++;
                    }
                    continue;
                }
                if (b == (byte)'\n')
                {
                    if (EndOfLine() is { } mixed)
                    {
                        return mixed;
                    }
                    line++;
                    continue;
                }
                if (need > 0)
                {
                    valid = false;
                    need = 0;
                }
                if (b >= 0x80)
                {
                    high = true;
                    (need, codePoint, length) = b switch
                    {
                        >= 0xC2 and <= 0xDF => (1, b & 0x1F, 2),
                        >= 0xE0 and <= 0xEF => (2, b & 0x0F, 3),
                        >= 0xF0 and <= 0xF4 => (3, b & 0x07, 4),
                        _ => (0, 0, 0),
                    };
                    valid &= need > 0;
                }
            }
        }
        return EndOfLine(); // the last line need not end with a line break

        ReadError? EndOfLine()
        {
            var utf8 = valid && need == 0 && chinese >= 2;
            var gbk = !valid || need > 0;
            var counts = high && (utf8 || gbk);
            (high, valid, need, chinese) = (false, true, 0, 0);
            if (!counts)
            {
                return null;
            }
            firstIsUtf8 ??= utf8;
            return firstIsUtf8 == utf8 ? null
                : new ReadError(ErrorCode.MixedEncodings, line, 0, Detail: utf8 ? "gb18030|utf-8" : "utf-8|gb18030");
        }
    }

    /// <summary>
    /// A web page saying <c>&lt;meta charset="gb2312"&gt;</c> (or gbk, gb18030) is read as GB18030 (a superset of both), even when
    /// its bytes happen to be valid UTF-8: the page's own declaration wins.
    /// </summary>
    private static bool DeclaresGbCharset(Stream stream)
    {
        stream.Position = 0;
        var head = new byte[4096];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = Encoding.ASCII.GetString(head, 0, read).ToLowerInvariant();
        var at = text.IndexOf("charset", StringComparison.Ordinal);
        return text.Contains("<meta", StringComparison.Ordinal) && at >= 0
            && System.Text.RegularExpressions.Regex.IsMatch(text[at..Math.Min(text.Length, at + 24)], @"^charset\s*=\s*[""']?\s*gb(2312|k|18030)");
    }

    /// <summary>How many bytes at the end start a UTF-8 sequence the next read completes (0 to 3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }
        return 0;
    }

    /// <summary>Decodes the whole stream strictly; returns the offset of the first bad byte, or null when all decode.</summary>
    private static long? Validate(Stream stream, Encoding encoding, byte[] buffer, char[] chars)
    {
        stream.Position = 0;
        var decoder = encoding.GetDecoder();
        long offset = 0;
        int read;
        try
        {
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                try
                {
                    decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException ex)
                {
                    return offset + Math.Max(0, ex.Index);
                }
                offset += read;
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return offset;
        }
        return null;
    }

    // Signatures of the files clerks upload by mistake: xlsx/zip, xls, PDF, PNG, JPEG, GIF, gzip, 7z, rar.
    private static bool LooksBinary(ReadOnlySpan<byte> head) =>
        head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]) ||
        head.StartsWith("%PDF"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ||
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || head.StartsWith("GIF8"u8) ||
        head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) || head.StartsWith("7z"u8) || head.StartsWith("Rar!"u8);

    private static long LineAt(Stream stream, long offset)
    {
        stream.Position = 0;
        long line = 1;
        var buffer = new byte[1 << 16];
        long position = 0;
        int read;
        while (position < offset && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, offset - position))) > 0)
        {
            line += buffer.AsSpan(0, read).Count((byte)'\n');
            position += read;
        }
        return line;
    }
}
