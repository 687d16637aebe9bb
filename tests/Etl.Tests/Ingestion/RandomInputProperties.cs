using System.Text;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>
/// Random and randomly damaged files never make the loader throw. A file that is rejected changes nothing; a file
/// that loads adds exactly what it gives when loaded alone into a fresh database.
/// </summary>
public sealed class RandomInputProperties : IDisposable
{
    // Its agencies appear nowhere else, so a load's rows can be told apart from what was already there.
    private const string ValidLong = """
        agency,year,metric,value,region,level
        甲局,2022,t3.new_received.total,10,甲省,市级
        甲局,2023,t3.new_received.total,12,甲省,市级
        甲局,2023,t3.granted.total,4,甲省,市级
        乙局,2023,t3.new_received.total,"1,234",乙省,县级
        乙局,2023,t3.carried_over.total,/,乙省,县级
        丙局,2024,ch.website,300余,,

        """;

    private const string ValidWide = """
        agency,year,region,t3.new_received.total,t3.granted.total,ch.website
        丁局,2023,丁省,7,3,120
        戊局,2024,戊省,0,0,/

        """;

    // Separators, quotes, line ends, byte order marks, invisible and full-width characters, codes and numbers:
    // the pieces parsers trip over, so random files reach the readers instead of stopping at the binary sniff.
    private static readonly string[] Tokens =
    [
        "agency", "year", "metric", "value", "region", "t3.new_received.total", "t3.granted.total", "ch.website",
        "甲局", "乙局", "2023", "２０２３", "5", "１２", "-1", "1.5", "1e5", "/", "余", "", " ", ",", ",", ",", ";", "\t",
        "\"", "\"\"", "\n", "\n", "\r\n", "\r", "#", "\uFEFF", "\u200B", "\u202E", "\u0001", "\0", "=1+1", "9999999999999999999999",
    ];

    private static readonly string Report = File.ReadAllText(Workspace.Fixture("2023_industry_tech_bureau_report.txt"));

    private readonly Workspace _w = new();
    private readonly BatchRollback _rollback;
    private readonly string _baseline;

    public RandomInputProperties()
    {
        Assert.Equal("loaded", _w.Import(Workspace.Fixture("good_long.csv")).Status);
        _baseline = _w.Export();
        _rollback = new BatchRollback(_w.Database);
    }

    [Fact]
    public void TheFilesThePropertiesDamageLoadCleanlyAsTheyAre()
    {
        foreach (var text in new[] { ValidLong, ValidWide, Report })
        {
            using var fresh = new Workspace();
            Assert.Equal("loaded", fresh.Import(fresh.Write("seed.csv", text)).Status);
        }
    }

    [Property(MaxTest = 300)]
    public Property ArbitraryBytesNeverCrashTheLoaderAndChangeNothingUnlessTheyLoad() =>
        Prop.ForAll(Arb.From(Gen.Frequency(
            (1, ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => new Input("random bytes", bytes))),
            (3, Gen.ArrayOf(Gen.Elements(Tokens)).Select(parts => new Input("random tokens", Encoding.UTF8.GetBytes(string.Concat(parts))))),
            (1, Gen.ArrayOf(Gen.Elements(Tokens)).Select(parts => new Input("random tokens after a header", Encoding.UTF8.GetBytes("agency,year,metric,value\n" + string.Concat(parts))))))),
            ChangesOnlyWhatItLoads);

    [Property(MaxTest = 200)]
    public Property DamagedLongFilesNeverCrashTheLoaderAndLoadOnlyWhatAFreshLoadGives() =>
        Prop.ForAll(Arb.From(Damaged(ValidLong)), ChangesOnlyWhatItLoads);

    [Property(MaxTest = 100)]
    public Property DamagedWideFilesAndReportsNeverCrashTheLoaderEither() =>
        Prop.ForAll(Arb.From(Gen.OneOf(Damaged(ValidWide), Damaged(Report))), ChangesOnlyWhatItLoads);

    /// <summary>
    /// Found at MaxTest 3000: "cut at byte 0; flip bit 5 of byte 101" of the wide file threw IndexOutOfRangeException
    /// while FsCheck generated the case (about 1 wide case in 3,500, so 1–2% of runs of this property failed).
    /// </summary>
    [Fact]
    public void AFileDamagedToNothingCanStillBeDamagedAndIsRejected()
    {
        var damages = new[] { CutAt(0), FlipBit(101, 5) };
        var input = new Input(string.Join("; ", damages.Select(d => d.Name)), damages.Aggregate(Encoding.UTF8.GetBytes(ValidWide), (b, d) => d.Apply(b)));
        Assert.Empty(input.Bytes);
        Assert.True(ChangesOnlyWhatItLoads(input));
        Assert.Equal(BatchStore.Statuses.Rejected, _w.Pipeline.Batches.List(1)[0].Status);
    }

    /// <summary>The property itself: returns true, or fails an assertion that names what went wrong.</summary>
    private bool ChangesOnlyWhatItLoads(Input input)
    {
        var before = Snapshot();
        var result = _w.Import(_w.Write("random.csv", input.Bytes));

        switch (result.Status)
        {
            case BatchStore.Statuses.Loaded:
                using (var fresh = new Workspace())
                {
                    var alone = fresh.Import(fresh.Write("random.csv", input.Bytes));
                    Assert.Equal(BatchStore.Statuses.Loaded, alone.Status);
                    var expected = Lines(before.Export).Union(Lines(fresh.Export())).Order(StringComparer.Ordinal);
                    Assert.Equal(expected, Lines(_w.Export()).Order(StringComparer.Ordinal));
                }
                // Back to the baseline for the next case, which also checks that a loaded batch can be undone exactly.
                _rollback.Rollback(result.BatchId, "property test");
                Assert.Equal(_baseline, _w.Export());
                break;
            case BatchStore.Statuses.Rejected:
                Assert.NotEmpty(result.Errors);
                Assert.All(result.Errors, error =>
                {
                    // ReadFailed is for a file that broke a reader: every bad input must have a reason of its own.
                    Assert.NotEqual(ErrorCode.ReadFailed, error.Code);
                    Assert.True(error.Line >= 0 && error.Column >= 0, error.Message);
                    HostileInputTests.AssertReadable(error);
                });
                Assert.Equal(before, Snapshot());
                Assert.Equal((long)result.Errors.Count, _w.Pipeline.Batches.Get(result.BatchId)!.ErrorCount);
                break;
            default:
                Assert.Fail($"{result.Status}: {input}");
                break;
        }
        return true;
    }

    /// <summary>A valid file with one to three random changes of the kinds that happen to files on their way here.</summary>
    private static Gen<Input> Damaged(string text)
    {
        var lines = text.Split('\n');
        var bytes = Encoding.UTF8.GetBytes(text);
        var damage = Gen.OneOf(
            from at in Gen.Choose(0, bytes.Length - 1)
            from bit in Gen.Choose(0, 7)
            select FlipBit(at, bit),
            from at in Gen.Choose(0, bytes.Length)
            from value in Gen.Choose(0, 255)
            select new Damage($"insert byte {value:X2} at {at}", b => [.. b[..Math.Min(at, b.Length)], (byte)value, .. b[Math.Min(at, b.Length)..]]),
            from at in Gen.Choose(0, bytes.Length - 1)
            select new Damage($"delete byte {at}", b => b.Length == 0 ? b : [.. b[..Math.Min(at, b.Length - 1)], .. b[(Math.Min(at, b.Length - 1) + 1)..]]),
            from at in Gen.Choose(0, bytes.Length)
            from token in Gen.Elements(Tokens)
            select new Damage($"insert {Show(token)} at byte {at}", b => [.. b[..Math.Min(at, b.Length)], .. Encoding.UTF8.GetBytes(token), .. b[Math.Min(at, b.Length)..]]),
            from at in Gen.Choose(0, bytes.Length)
            select CutAt(at),
            from line in Gen.Choose(0, lines.Length - 1)
            select new Damage($"duplicate line {line + 1}", b => EditLines(b, l => l.Insert(Math.Min(line, l.Count - 1), l[Math.Min(line, l.Count - 1)]))),
            from line in Gen.Choose(0, lines.Length - 1)
            select new Damage($"delete line {line + 1}", b => EditLines(b, l => l.RemoveAt(Math.Min(line, l.Count - 1)))),
            from line in Gen.Choose(0, lines.Length - 1)
            from field in Gen.Choose(0, 8)
            from token in Gen.Elements(Tokens)
            select new Damage($"set field {field + 1} of line {line + 1} to {Show(token)}", b => EditLines(b, l =>
            {
                var i = Math.Min(line, l.Count - 1);
                var fields = l[i].Split(',');
                fields[Math.Min(field, fields.Length - 1)] = token;
                l[i] = string.Join(',', fields);
            })),
            Gen.Constant(new Damage("save as GBK", b => SourceFile.Gb18030.GetBytes(Encoding.UTF8.GetString(b)))),
            Gen.Constant(new Damage("CRLF line ends", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\n", "\r\n", StringComparison.Ordinal)))));
        return from count in Gen.Choose(1, 3)
               from damages in Gen.ArrayOf(damage, count)
               select new Input(string.Join("; ", damages.Select(d => d.Name)), damages.Aggregate(bytes, (b, d) => d.Apply(b)));
    }

    // An earlier damage can leave nothing ("cut at byte 0", or a short cut and then "delete line"): there is no bit to
    // flip then, so the file stays empty, as "delete byte" does. Indexing c[-1] threw in the generator itself, which
    // FsCheck reports as "Exception during test" with no case or seed.
    private static Damage FlipBit(int at, int bit) => new($"flip bit {bit} of byte {at}", b =>
    {
        if (b.Length == 0)
        {
            return b;
        }
        var c = (byte[])b.Clone();
        c[Math.Min(at, c.Length - 1)] ^= (byte)(1 << bit);
        return c;
    });

    private static Damage CutAt(int at) => new($"cut at byte {at}", b => b[..Math.Min(at, b.Length)]);

    private static byte[] EditLines(byte[] bytes, Action<List<string>> edit)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
        edit(lines);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private (string Export, long Loaded, long Agencies) Snapshot()
    {
        using var connection = _w.Database.OpenRead();
        return (_w.Export(),
            Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM batches WHERE status = 'loaded'"),
            Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM agencies"));
    }

    private static IEnumerable<string> Lines(string export) => export.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // Control and invisible characters as escapes, so a failing case can be read and copied.
    private static string Show(string text) => string.Concat(text.Select(c =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format ? $"\\u{(int)c:X4}" : c.ToString()));

    private sealed record Damage(string Name, Func<byte[], byte[]> Apply);

    /// <summary>A generated file, shown with how it was made when a case fails.</summary>
    private sealed record Input(string Made, byte[] Bytes)
    {
        public override string ToString() => $"{Made}: {Show(Encoding.UTF8.GetString(Bytes))}";
    }

    public void Dispose() => _w.Dispose();
}
