using Analytics.Core.Reading;
using Analytics.Core.Synthetic;

namespace Analytics.Core.Tests.Reading;

public sealed class SourceFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sourcefile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private const string Text = "机关名称,年度,指标,数值\n北京市教育局,2023,t3.new_received.total,5\n";

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("gb18030")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void RecognisesTheEncodingsExcelWrites(string name)
    {
        var bytes = TextEncodings.Encode(Text, name);
        var file = SourceFile.Inspect(Write(bytes));
        Assert.Null(file.Error);
        Assert.Equal(name, file.EncodingName);
        Assert.Equal(bytes.Length, file.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), file.Sha256);
    }

    [Theory]
    [InlineData("北", 1)]
    [InlineData("北", 2)]
    [InlineData("😀", 1)]
    [InlineData("😀", 3)]
    public void ACharacterCutByTheEndOfAReadIsStillUtf8(string character, int bytesBefore)
    {
        // The inspector reads 1 MiB at a time: put the character's first bytes at the end of the first read.
        var ascii = new string('a', (1 << 20) - bytesBefore);
        var bytes = System.Text.Encoding.UTF8.GetBytes(Text + ascii[Text.Length..] + character + "\n");
        Assert.Equal("utf-8", SourceFile.Inspect(Write(bytes)).EncodingName);
    }

    [Fact]
    public void GbkTextPastTheFirstMegabyteIsNotUtf8()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("agency,year,metric,value\n" + new string('a', 1 << 21) + "\n").Concat(SourceFile.Gb18030.GetBytes("北京市\n")).ToArray();
        Assert.Equal("gb18030", SourceFile.Inspect(Write(bytes)).EncodingName);
    }

    [Fact]
    public void AFileEndingInHalfACharacterIsNotUtf8()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Text + "北").SkipLast(1).ToArray();
        Assert.NotEqual("utf-8", SourceFile.Inspect(Write(bytes)).EncodingName);
    }

    [Fact]
    public void CallsASpreadsheetABinaryFile()
    {
        var file = SourceFile.Inspect(Write([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]));
        Assert.Equal(ErrorCode.BinaryFile, file.Error?.Code);
    }

    [Fact]
    public void CallsTextWithNulBytesBinary()
    {
        var file = SourceFile.Inspect(Write([.. "agency,year\n"u8, 0, 0, .. "x\n"u8]));
        Assert.Equal(ErrorCode.BinaryFile, file.Error?.Code);
    }

    [Fact]
    public void NamesTheLineOfBytesThatAreNeitherUtf8NorGb18030()
    {
        var file = SourceFile.Inspect(Write([.. "agency,year\nok,2023\n"u8, 0x81, 0x20, 0xFF, .. "\n"u8]));
        Assert.Equal(ErrorCode.Undecodable, file.Error?.Code);
        Assert.Equal(3, file.Error!.Line);
    }

    [Fact]
    public void CallsAZeroByteFileEmpty()
    {
        Assert.Equal(ErrorCode.EmptyFile, SourceFile.Inspect(Write([])).Error?.Code);
    }

    [Fact]
    public void NamesTheLineWhereGb18030DecodingFailsNotWhereUtf8Did()
    {
        var text = "机关名称,年度\n甲局,2023\n乙局,2023\n丙局,2023\n";
        byte[] bytes = [.. TextEncodings.Encode(text, "gb18030"), 0x81, 0x20, .. "\n"u8];
        var file = SourceFile.Inspect(Write(bytes));
        Assert.Equal(ErrorCode.Undecodable, file.Error?.Code);
        Assert.Equal(5, file.Error!.Line);
    }

    [Fact]
    public void CallsUtf16WithABrokenSurrogateUndecodable()
    {
        byte[] bytes = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("agency,year\n"), 0x00, 0xD8, 0x41, 0x00];
        Assert.Equal(ErrorCode.Undecodable, SourceFile.Inspect(Write(bytes)).Error?.Code);
    }
}
