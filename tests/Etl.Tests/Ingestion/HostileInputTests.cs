using System.Text;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>
/// Files made to break the loader, generated here rather than committed: each is rejected whole with a located
/// error in English and Chinese, or, when it is in fact valid, loads exactly as written. Either way nothing that was
/// loaded before changes.
/// </summary>
public class HostileInputTests
{
    private const string Header = "agency,year,metric,value\n";
    private const string Row = "甲局,2023,t3.new_received.total,5\n";

    private sealed record Rejection(Func<byte[]> Bytes, ErrorCode Code, long Line, int Column);

    private static readonly Dictionary<string, Rejection> Rejected = new()
    {
        // Not text at all.
        ["random bytes"] = new(() => Random(4096, allowNul: true), ErrorCode.BinaryFile, 0, 0),
        ["random bytes without NUL"] = new(() => Random(4096, allowNul: false), ErrorCode.Undecodable, 2, 0),
        ["zip (xlsx) header"] = new(() => [.. "PK\u0003\u0004"u8, .. Utf8(Header + Row)], ErrorCode.BinaryFile, 0, 0),
        ["PDF header"] = new(() => Utf8("%PDF-1.7\n" + Header + Row), ErrorCode.BinaryFile, 0, 0),
        ["PNG header"] = new(() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Utf8(Header)], ErrorCode.BinaryFile, 0, 0),
        ["old Excel (OLE) header"] = new(() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Utf8(Header)], ErrorCode.BinaryFile, 0, 0),
        ["gzip header"] = new(() => [0x1F, 0x8B, 0x08, 0x00, .. Utf8(Header)], ErrorCode.BinaryFile, 0, 0),
        ["NUL byte inside a CSV"] = new(() => Utf8(Header + "甲局,2023,t3.new_received.total,5\0\n"), ErrorCode.BinaryFile, 0, 0),
        ["UTF-16 without byte order mark"] = new(() => Encoding.Unicode.GetBytes(Header + Row), ErrorCode.BinaryFile, 0, 0),

        // Text in an encoding that breaks partway.
        ["UTF-16 with a lone surrogate"] = new(() => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Header), 0x00, 0xD8, 0x41, 0x00], ErrorCode.Undecodable, 0, 0),
        ["UTF-16 with an odd byte count"] = new(() => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Header + Row), 0x41], ErrorCode.Undecodable, 0, 0),
        ["UTF-8 lines then GBK lines"] = new(() => [.. Utf8(Header + Row), .. Gbk("乙局,2023,t3.granted.total,5\n")], ErrorCode.MixedEncodings, 3, 0),
        ["GBK lines then UTF-8 lines"] = new(() => [.. Gbk(Header + Row), .. Utf8("乙局,2023,t3.granted.total,5\n")], ErrorCode.MixedEncodings, 3, 0),
        ["invalid UTF-8 sequence mid-file"] = new(() => [.. Utf8(Header + Row), 0xC3, 0x28, .. Utf8(",2023,t3.granted.total,5\n")], ErrorCode.Undecodable, 3, 0),
        ["UTF-8 cut inside its last character"] = new(() => [.. Utf8(Header + Row), .. Utf8("乙")[..2]], ErrorCode.MixedEncodings, 3, 0),

        // Nothing to load.
        ["only a byte order mark"] = new(() => [0xEF, 0xBB, 0xBF], ErrorCode.EmptyFile, 0, 0),
        ["whitespace only"] = new(() => Utf8("   \n\t\n \r\n  "), ErrorCode.EmptyFile, 0, 0),
        ["comment lines only"] = new(() => Utf8("# agency\n# year\n"), ErrorCode.EmptyFile, 0, 0),
        ["header only"] = new(() => Utf8("\uFEFF" + Header), ErrorCode.NoDataRows, 1, 0),

        // Sizes no real file has.
        ["a 20 MB line"] = new(() => Utf8(Header + "甲局,2023,t3.new_received.total," + new string('1', 20 << 20) + "\n"), ErrorCode.LineTooLong, 2, 0),
        ["a 20 MB file without a line break"] = new(() => Utf8("agency,year,metric,value," + new string('x', 20 << 20)), ErrorCode.LineTooLong, 1, 0),
        ["a report with a 2 MB line"] = new(() => Utf8("示范局2023年政府信息公开工作年度报告\n" + new string('字', 2 << 20) + "\n"), ErrorCode.LineTooLong, 2, 0),
        ["10^6 columns in the header"] = new(() => Utf8(Header.TrimEnd('\n') + new string(',', 1_000_000) + "\n" + Row), ErrorCode.UnknownColumn, 1, 5),
        ["10^6 columns in a data row"] = new(() => Utf8(Header + "甲局,2023,t3.new_received.total,5" + new string(',', 1_000_000) + "\n"), ErrorCode.WrongFieldCount, 2, 5),
        ["10^6 columns in a wide row"] = new(() => Utf8("agency,year,t3.new_received.total\n甲局,2023,5" + new string(',', 1_000_000) + "\n"), ErrorCode.WrongFieldCount, 2, 4),
        ["10^5 rows that are all errors"] = new(() => Utf8(Header + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"甲局{i},2023,t3.new_received.total,x\n"))), ErrorCode.NotANumber, 2, 4),

        // Quoting and line breaks.
        ["a line of 100,001 quotes"] = new(() => Utf8(Header + new string('"', 100_001) + "\n"), ErrorCode.BadQuoting, 2, 1),
        ["a cell of 100,000 quotes"] = new(() => Utf8(Header + "甲局,2023,t3.new_received.total," + new string('"', 100_000) + "\n"), ErrorCode.NotANumber, 2, 4),
        ["a quote never closed"] = new(() => Utf8(Header + Row + "\"乙局,2023,t3.granted.total,5"), ErrorCode.BadQuoting, 3, 1),
        ["a quoted cell over two lines"] = new(() => Utf8(Header + "\"甲\n局\",2023,t3.new_received.total,5\n"), ErrorCode.BadQuoting, 2, 1),
        ["a lone CR inside a row"] = new(() => Utf8(Header + "甲局,20\r23,t3.new_received.total,5\n"), ErrorCode.WrongFieldCount, 2, 3),
        ["a file cut mid-record"] = new(() => Utf8(Header + Row + "乙局,2023,t3.gr"), ErrorCode.WrongFieldCount, 3, 4),

        // Spreadsheet formulas where a figure belongs.
        ["a DDE formula as the value"] = new(() => Utf8(Header + "甲局,2023,t3.new_received.total,=cmd|' /C calc'!A0\n"), ErrorCode.NotANumber, 2, 4),
        ["+ - @ formulas as the value"] = new(() => Utf8(Header + "甲局,2023,t3.new_received.total,+1+1\n甲局,2023,t3.granted.total,-2+3\n甲局,2023,t3.carried_over.total,@SUM(A1)\n"), ErrorCode.NotANumber, 2, 4),

        // Agency names that are not names.
        ["a control character in the agency"] = new(() => Utf8(Header + "甲\u0001局\u001b[31m,2023,t3.new_received.total,5\n"), ErrorCode.HiddenCharacter, 2, 1),
        ["a right-to-left override in the agency"] = new(() => Utf8(Header + "甲局\u202Egnp.exe,2023,t3.new_received.total,5\n"), ErrorCode.HiddenCharacter, 2, 1),
        ["a line separator in the agency"] = new(() => Utf8(Header + "甲局\u2028乙局,2023,t3.new_received.total,5\n"), ErrorCode.HiddenCharacter, 2, 1),
        ["a 10,000-character agency"] = new(() => Utf8(Header + new string('局', 10_000) + ",2023,t3.new_received.total,5\n"), ErrorCode.NameTooLong, 2, 1),

        // Numbers that are not figures.
        ["1e308"] = new(() => Value("1e308"), ErrorCode.NotANumber, 2, 4),
        ["NaN"] = new(() => Value("NaN"), ErrorCode.NotANumber, 2, 4),
        ["Infinity"] = new(() => Value("Infinity"), ErrorCode.NotANumber, 2, 4),
        ["hexadecimal 0x1F"] = new(() => Value("0x1F"), ErrorCode.NotANumber, 2, 4),
        ["--5"] = new(() => Value("--5"), ErrorCode.NotANumber, 2, 4),
        ["5-"] = new(() => Value("5-"), ErrorCode.NotANumber, 2, 4),
        ["a 400-digit number"] = new(() => Value(new string('7', 400)), ErrorCode.Overflow, 2, 4),
        ["year 99999"] = new(() => Utf8(Header + "甲局,99999,t3.new_received.total,5\n"), ErrorCode.YearOutOfRange, 2, 2),
        ["year -2023"] = new(() => Utf8(Header + "甲局,-2023,t3.new_received.total,5\n"), ErrorCode.YearNotANumber, 2, 2),
        ["a year past int.MaxValue"] = new(() => Utf8(Header + "甲局,99999999999999999999,t3.new_received.total,5\n"), ErrorCode.YearNotANumber, 2, 2),

        // Headers and codes that only look right.
        ["a metric code with a Cyrillic е"] = new(() => Utf8(Header + "甲局,2023,t3.new_rеceived.total,5\n"), ErrorCode.UnknownMetric, 2, 3),
        ["a header with a Cyrillic а"] = new(() => Utf8("аgency,year,metric,value\n" + Row), ErrorCode.UnknownColumn, 1, 1),
        ["a duplicated header column"] = new(() => Utf8("agency,year,metric,value,value\n甲局,2023,t3.new_received.total,5,6\n"), ErrorCode.DuplicateColumn, 1, 5),
        ["an empty header name"] = new(() => Utf8("agency,year,,metric,value\n甲局,2023,,t3.new_received.total,5\n"), ErrorCode.UnknownColumn, 1, 3),

        // Other files that are text but not a table.
        ["an HTML page"] = new(() => Utf8("<!DOCTYPE html>\n<html><head><title>登录</title></head><body><p>会话已过期</p></body></html>\n"), ErrorCode.UnknownLayout, 1, 0),
        ["a JSON file"] = new(() => Utf8("[{\"agency\":\"甲局\",\"year\":2023,\"metric\":\"t3.new_received.total\",\"value\":5}]\n"), ErrorCode.UnknownLayout, 1, 0),
        ["an Excel XML spreadsheet"] = new(() => Utf8("<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>\n"), ErrorCode.UnknownLayout, 1, 0),
        ["an Excel sep= line"] = new(() => Utf8("sep=,\n" + Header + Row), ErrorCode.UnknownLayout, 1, 0),
    };

    public static TheoryData<string> RejectedKinds => new(Rejected.Keys);

    [Theory]
    [MemberData(nameof(RejectedKinds))]
    public void AHostileFileIsRejectedWithALocatedBilingualErrorAndChangesNothing(string kind)
    {
        var expected = Rejected[kind];
        using var w = new Workspace();
        Assert.Equal("loaded", w.Import(Workspace.Fixture("good_long.csv")).Status);
        var before = State.Of(w);

        var result = w.Import(w.Write("hostile.csv", expected.Bytes()));

        Assert.Equal(BatchStore.Statuses.Rejected, result.Status);
        var first = result.Errors[0];
        Assert.Equal((expected.Code, expected.Line, expected.Column), (first.Code, first.Line, first.Column));
        Assert.All(result.Errors, AssertReadable);
        Assert.InRange(result.Errors.Count, 1, BatchStore.MaxErrors + 1);
        Assert.Equal(before, State.Of(w));
        var stored = w.Pipeline.Batches.Get(result.BatchId)!;
        Assert.Equal((BatchStore.Statuses.Rejected, (long)result.Errors.Count), (stored.Status, stored.ErrorCount));
    }

    [Fact]
    public void AFileOfOnlyErrorsListsTwoHundredAndSaysThereAreMore()
    {
        using var w = new Workspace();
        var result = w.Import(w.Write("errors.csv", Rejected["10^5 rows that are all errors"].Bytes()));

        Assert.Equal(BatchStore.MaxErrors + 1, result.Errors.Count);
        Assert.Equal(Enumerable.Range(2, BatchStore.MaxErrors).Select(i => (long)i), result.Errors.SkipLast(1).Select(e => e.Line));
        Assert.Equal(ErrorCode.TooManyErrors, result.Errors[^1].Code);
    }

    [Fact]
    public void EveryFormulaInTheValueColumnIsNamed()
    {
        using var w = new Workspace();
        var result = w.Import(w.Write("formulas.csv", Rejected["+ - @ formulas as the value"].Bytes()));

        Assert.Equal(new[] { (2L, "+1+1"), (3L, "-2+3"), (4L, "@SUM(A1)") }, result.Errors.Select(e => (e.Line, e.Value!)));
        Assert.All(result.Errors, e => Assert.Equal(ErrorCode.NotANumber, e.Code));
    }

    [Theory]
    [InlineData("UTF-8 lines then GBK lines", "Line 3: this line is GBK/GB18030 but the lines before it are UTF-8", "第 3 行: 这一行是 GBK/GB18030 编码，而前面的行是 UTF-8 编码")]
    [InlineData("GBK lines then UTF-8 lines", "Line 3: this line is UTF-8 but the lines before it are GBK/GB18030", "第 3 行: 这一行是 UTF-8 编码，而前面的行是 GBK/GB18030 编码")]
    public void AFileJoiningTwoEncodingsNamesTheLineWhereTheEncodingChanges(string kind, string english, string chinese)
    {
        using var w = new Workspace();
        var error = Assert.Single(w.Import(w.Write("mixed.csv", Rejected[kind].Bytes())).Errors);

        Assert.StartsWith(english, error.Message);
        Assert.StartsWith(chinese, error.MessageZh);
    }

    [Fact]
    public void AGbkFileWhoseNamesAreAllChineseIsNotTakenForMixedEncodings()
    {
        // Every T3 row label and sample agency name, GBK-encoded: none of them may pass for UTF-8 by chance.
        var names = Analytics.Core.Catalog.MetricCatalog.T3Rows.Select(r => r.Zh)
            .Concat(["示范市教育局", "示范市财政局", "国家发展和改革委员会", "示范省人力资源和社会保障厅", "示范县自然资源局"])
            .Select((name, i) => $"{name.Replace(' ', '_')},2023,t3.new_received.total,{i}\n");
        using var w = new Workspace();

        var result = w.Import(w.Write("gbk.csv", Gbk(Header + string.Concat(names))));

        Assert.True(result.Status == "loaded", string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal("gb18030", result.Encoding);
        Assert.Contains("示范市教育局,2023,t3.new_received.total,", w.Export());
    }

    [Fact]
    public void AnInvisibleCharacterIsShownAsItsCodePointNotApplied()
    {
        using var w = new Workspace();
        var error = Assert.Single(w.Import(w.Write("rtl.csv", Value("5\u202E01"))).Errors);

        Assert.Equal(ErrorCode.NotANumber, error.Code);
        Assert.Contains("\"5<U+202E>01\"", error.Message);
        Assert.DoesNotContain('\u202E', error.Message + error.MessageZh);
    }

    private sealed record Acceptance(Func<byte[]> Bytes, string[] Rows, string[] Agencies);

    private static readonly Dictionary<string, Acceptance> Accepted = new()
    {
        ["formula-like agency names"] = new(
            () => Utf8(Header + "=cmd|' /C calc'!A0,2023,t3.new_received.total,1\n+1+1,2023,t3.new_received.total,2\n-2+3,2023,t3.new_received.total,3\n@SUM(A1),2023,t3.new_received.total,4\n"),
            // The export defuses them for Excel; the database keeps them as written.
            ["\"'=cmd|' /C calc'!A0\",2023,t3.new_received.total,1", "\"'+1+1\",2023,t3.new_received.total,2", "\"'-2+3\",2023,t3.new_received.total,3", "\"'@SUM(A1)\",2023,t3.new_received.total,4"],
            ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]),
        ["path-like agency names"] = new(
            () => Utf8(Header + "../../etc/passwd,2023,t3.new_received.total,1\nC:\\Windows\\system32,2023,t3.new_received.total,2\n"),
            ["../../etc/passwd,2023,t3.new_received.total,1", "C:\\Windows\\system32,2023,t3.new_received.total,2"],
            ["../../etc/passwd", "C:\\Windows\\system32"]),
        ["SQL-injection agency names"] = new(
            () => Utf8(Header + "'; DROP TABLE cell_values;--,2023,t3.new_received.total,1\n\"Robert\"\"); DROP TABLE agencies;--\",2023,t3.new_received.total,2\n"),
            ["'; DROP TABLE cell_values;--,2023,t3.new_received.total,1", "\"Robert\"\"); DROP TABLE agencies;--\",2023,t3.new_received.total,2"],
            ["'; DROP TABLE cell_values;--", "Robert\"); DROP TABLE agencies;--"]),
        ["a quoted agency with a comma and quotes"] = new(
            () => Utf8(Header + "\"甲局,\"\"东区\"\"\",2023,t3.new_received.total,1\n"),
            ["\"甲局,\"\"东区\"\"\",2023,t3.new_received.total,1"],
            ["甲局,\"东区\""]),
        ["zero-width characters in agency names"] = new(
            () => Utf8(Header + "甲局,2022,t3.new_received.total,1\n甲\u200B局,2023,t3.new_received.total,2\n\u2060甲局\u200D,2024,t3.new_received.total,3\n"),
            ["甲局,2022,t3.new_received.total,1", "甲局,2023,t3.new_received.total,2", "甲局,2024,t3.new_received.total,3"],
            ["甲局"]),
        ["a byte order mark in the middle"] = new(
            () => Utf8(Header + Row + "\uFEFF乙局,2023,t3.granted.total,\uFEFF7\n"),
            ["甲局,2023,t3.new_received.total,5", "乙局,2023,t3.granted.total,7"],
            ["甲局", "乙局"]),
        ["an agency of exactly 200 characters"] = new(
            () => Utf8(Header + new string('局', 200) + ",2023,t3.new_received.total,1\n"),
            [new string('局', 200) + ",2023,t3.new_received.total,1"],
            [new string('局', 200)]),
        ["full-width digits"] = new(
            () => Utf8(Header + "甲局,２０２３,t3.new_received.total,１２３\n"),
            ["甲局,2023,t3.new_received.total,123"],
            ["甲局"]),
        ["CR-only line endings"] = new(
            () => Utf8((Header + Row + "乙局,2023,t3.granted.total,7\n").Replace('\n', '\r')),
            ["甲局,2023,t3.new_received.total,5", "乙局,2023,t3.granted.total,7"],
            ["甲局", "乙局"]),
        ["45 blank lines before the header"] = new(
            () => Utf8(new string('\n', 45) + Header + Row),
            ["甲局,2023,t3.new_received.total,5"],
            ["甲局"]),
        ["45 comment lines before a tab-separated header"] = new(
            () => Utf8(string.Concat(Enumerable.Repeat("# template\n", 45)) + "agency\tyear\tmetric\tvalue\n甲局\t2023\tt3.new_received.total\t5\n"),
            ["甲局,2023,t3.new_received.total,5"],
            ["甲局"]),
        ["the same row 1,000 times"] = new(
            () => Utf8(Header + string.Concat(Enumerable.Repeat(Row, 1000))),
            ["甲局,2023,t3.new_received.total,5"],
            ["甲局"]),
    };

    public static TheoryData<string> AcceptedKinds => new(Accepted.Keys);

    [Theory]
    [MemberData(nameof(AcceptedKinds))]
    public void AStrangeButValidFileLoadsVerbatimAndAddsOnlyItsOwnRows(string kind)
    {
        var expected = Accepted[kind];
        using var w = new Workspace();
        Assert.Equal("loaded", w.Import(Workspace.Fixture("good_long.csv")).Status);
        var before = State.Of(w);

        var result = w.Import(w.Write("strange.csv", expected.Bytes()));

        Assert.True(result.Status == "loaded", string.Join("; ", result.Errors.Select(e => e.Message)));
        var after = State.Of(w);
        var added = Lines(after.Export).Except(Lines(before.Export)).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Rows.Order(StringComparer.Ordinal), added);
        Assert.Equal(Lines(before.Export).Count + expected.Rows.Length, Lines(after.Export).Count);
        Assert.Equal(before.Tables, after.Tables);
        Assert.Equal(before.Agencies + expected.Agencies.Length, after.Agencies);
        Assert.Equal(before.LoadedBatches + 1, after.LoadedBatches);
        using var connection = w.Database.OpenRead();
        foreach (var name in expected.Agencies)
        {
            Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT count(*) FROM agencies WHERE name = @name", new { name }));
        }
    }

    /// <summary>What a rejected file must leave as it was: the export, the tables, the agencies and the loaded batches.</summary>
    private sealed record State(string Export, string Tables, long Agencies, long Revisions, long LoadedBatches)
    {
        public static State Of(Workspace w)
        {
            using var connection = w.Database.OpenRead();
            return new State(
                w.Export(),
                string.Join(',', connection.Query<string>(w.Database.IsPostgres
                    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")),
                connection.ExecuteScalar<long>("SELECT count(*) FROM agencies"),
                connection.ExecuteScalar<long>("SELECT count(*) FROM revisions"),
                connection.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'loaded'"));
        }
    }

    /// <summary>A message in each language that says where and what, not a parser's words or a bare code.</summary>
    internal static void AssertReadable(ReadError error)
    {
        Assert.EndsWith(".", error.Message);
        Assert.EndsWith("。", error.MessageZh);
        Assert.DoesNotContain(error.Code.ToString(), error.Message + error.MessageZh);
        if (error.Line > 0)
        {
            Assert.StartsWith($"Line {error.Line}", error.Message);
            Assert.StartsWith($"第 {error.Line} 行", error.MessageZh);
        }
        if (error.Column > 0)
        {
            Assert.Contains($"column {error.Column}", error.Message);
            Assert.Contains($"第 {error.Column} 列", error.MessageZh);
        }
    }

    private static List<string> Lines(string export) => [.. export.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Gbk(string text) => SourceFile.Gb18030.GetBytes(text);

    private static byte[] Value(string value) => Utf8(Header + $"甲局,2023,t3.new_received.total,{value}\n");

    private static byte[] Random(int length, bool allowNul)
    {
        var bytes = new byte[length];
        new Random(20240601).NextBytes(bytes);
        if (!allowNul)
        {
            bytes.AsSpan().Replace((byte)0, (byte)1);
        }
        return bytes;
    }
}
